// The outbox of what the TVs are told (migration 007): rows are appended inside the transaction of the change
// they report — so a rolled-back change leaves none — and read back by the event hub of every process.
import type { Statement } from 'better-sqlite3';
import type { Db } from '../db/database.ts';
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
  private lastIdQuery: Statement | undefined;

  constructor(private readonly db: Db) {}

  /** Call inside the transaction of the change: the row commits or rolls back with it. */
  append(type: StoredEventType, streetId: string | null, data: StoredEventData | StoredScheduleData, now: Date): number {
    const r = this.db
      .prepare('INSERT INTO tv_events (type, street_id, data, created_at) VALUES (?, ?, ?, ?)')
      .run(type, streetId, JSON.stringify(data), now.toISOString());
    outboxWritten();
    return Number(r.lastInsertRowid);
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
    return this.db.prepare('SELECT * FROM tv_events WHERE id > ? ORDER BY id LIMIT ?').all(id, limit) as EventRow[];
  }

  /** The rows in (after, upTo] that a box of `streetId` (null: district only) should have, oldest first. */
  afterFor(after: number, streetId: string | null, upTo: number, limit: number): EventRow[] {
    return this.db
      .prepare(
        'SELECT * FROM tv_events WHERE id > ? AND id <= ? AND (street_id IS NULL OR street_id = ?) ORDER BY id LIMIT ?',
      )
      .all(after, upTo, streetId, limit) as EventRow[];
  }

  /** The newest id kept (0 when none is): where a box that connects now starts. */
  lastId(): number {
    // Asked on every TV API request (tv-api/answer-cache.ts): prepared once, a B-tree's last entry.
    this.lastIdQuery ??= this.db.prepare('SELECT MAX(id) FROM tv_events').pluck();
    return (this.lastIdQuery.get() as number | null) ?? 0;
  }

  /** Deletes the rows older than `before`; answers how many went. */
  prune(before: Date): number {
    return this.db.prepare('DELETE FROM tv_events WHERE created_at < ?').run(before.toISOString()).changes;
  }
}
