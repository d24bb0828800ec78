// The outbox of what the TVs are told (migration 007): rows are appended inside the transaction of the change
// they report — so a rolled-back change leaves none — and read back by the event hub of every process. Queries
// built with Kysely (db/kysely.ts), run on SQLite at once.
import type { Db } from '../db/database.ts';
import { all, first, kyselyOf, run, type Kdb } from '../db/kysely.ts';
import { outboxWritten } from './outbox-signal.ts';

/**
 * What happened, as stored. The stream derives its messages from these when it sends them (event-hub.ts):
 * a shown or hidden item means "the catalog changed", and an urgent one also "an urgent notice came / went";
 * `item_changed` is an item the TVs see that stays on them but changed how (its unpublish-at moved): only "the
 * catalog changed". Every row also tells the TV API's kept answers to rebuild (tv-api/answer-cache.ts), so every
 * change to what a box sees writes one — in the same transaction.
 */
export const STORED_EVENT_TYPES = ['item_shown', 'item_hidden', 'item_changed', 'schedule_changed'] as const;
export type StoredEventType = (typeof STORED_EVENT_TYPES)[number];

/** An item's rows; a schedule_changed row holds `{ channelId }` instead (the stream's `broadcasts`). */
export interface StoredEventData {
  itemId: string;
  urgent: boolean;
}
export interface StoredScheduleData {
  channelId: string;
}

export interface EventRow {
  id: number;
  type: StoredEventType;
  street_id: string | null;
  data: string;
  created_at: string;
}

export class EventRepository {
  private readonly k: Kdb;

  constructor(private readonly db: Db) {
    this.k = kyselyOf(db);
  }

  private select() {
    return this.k.selectFrom('tv_events').selectAll().$castTo<EventRow>();
  }

  /** Call inside the transaction of the change: the row commits or rolls back with it. */
  append(type: StoredEventType, streetId: string | null, data: StoredEventData | StoredScheduleData, now: Date): number {
    const r = first(
      this.db,
      this.k
        .insertInto('tv_events')
        .values({ type, street_id: streetId, data: JSON.stringify(data), created_at: now.toISOString() })
        .returning('id'),
    )!;
    outboxWritten();
    return Number(r.id);
  }

  /** An item became visible to the TVs of its scope (published, due, its video ready) or stopped being so. */
  itemChanged(shown: boolean, row: { id: string; street_id: string | null; urgent: number | boolean }, now: Date): void {
    this.append(shown ? 'item_shown' : 'item_hidden', row.street_id, { itemId: row.id, urgent: row.urgent === 1 || row.urgent === true }, now);
  }

  /** An item the TVs see stays on them but changed (its window moved): their catalog is rebuilt, nothing announced. */
  itemUpdated(row: { id: string; street_id: string | null; urgent: number | boolean }, now: Date): void {
    this.append('item_changed', row.street_id, { itemId: row.id, urgent: row.urgent === 1 || row.urgent === true }, now);
  }

  /** A channel's schedule changed (broadcasts/broadcast-service.ts): the boxes of its street refetch the channels. */
  scheduleChanged(channel: { id: string; street_id: string | null }, now: Date): void {
    this.append('schedule_changed', channel.street_id, { channelId: channel.id }, now);
  }

  /** Every row after `id`, oldest first, at most `limit` (all streets: the hub sorts them out). */
  after(id: number, limit: number): EventRow[] {
    return all(this.db, this.select().where('id', '>', id).orderBy('id').limit(limit));
  }

  /** The rows in (after, upTo] that a box of `streetId` (null: district only) should have, oldest first. */
  afterFor(after: number, streetId: string | null, upTo: number, limit: number): EventRow[] {
    return all(
      this.db,
      this.select()
        .where('id', '>', after)
        .where('id', '<=', upTo)
        .where((eb) =>
          streetId === null ? eb('street_id', 'is', null) : eb.or([eb('street_id', 'is', null), eb('street_id', '=', streetId)]),
        )
        .orderBy('id')
        .limit(limit),
    );
  }

  /** The newest id kept (0 when none is): where a box that connects now starts. */
  lastId(): number {
    // Asked on every TV API request (tv-api/answer-cache.ts): a B-tree's last entry, its statement prepared once
    // per connection (db/kysely.ts keeps them by text).
    const r = first(this.db, this.k.selectFrom('tv_events').select((eb) => eb.fn.max('id').as('id')));
    return r?.id ?? 0;
  }

  /** Deletes the rows older than `before`; answers how many went. */
  prune(before: Date): number {
    return run(this.db, this.k.deleteFrom('tv_events').where('created_at', '<', before.toISOString()));
  }
}
