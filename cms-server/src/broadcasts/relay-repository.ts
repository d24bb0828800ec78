// Storage of the relay engine (migration 009): relayed occurrences and their cached segments. Queries built with
// Kysely (db/kysely.ts), run on SQLite at once.
import type { Db } from '../db/database.ts';
import { all, first, kyselyOf, run, type Kdb } from '../db/kysely.ts';

export type RelayStatus = 'live' | 'recording' | 'recorded' | 'failed';

export interface RelayRow {
  id: string;
  broadcast_id: string;
  channel_id: string;
  starts_at: string;
  ends_at: string;
  status: RelayStatus;
  attempts: number;
  bytes: number;
  target_ms: number | null;
  asset_id: string | null;
  item_id: string | null;
  error: string | null;
}

export interface RelaySegmentRow {
  n: number;
  at_ms: number;
  duration_ms: number;
  bytes: number;
  upstream_seq: number;
  discontinuity: number;
}

/** A relay occurrence due now: its broadcast's upstream and title, its channel's street. */
export interface DueRelayRow {
  broadcast_id: string;
  channel_id: string;
  street_id: string | null;
  title: string;
  relay_url: string;
  starts_at: string;
  ends_at: string;
}

export class RelayRepository {
  private readonly k: Kdb;

  constructor(private readonly db: Db) {
    this.k = kyselyOf(db);
  }

  private selectRelay() {
    return this.k.selectFrom('relays').selectAll().$castTo<RelayRow>();
  }

  private selectSegment(relayId: string) {
    return this.k.selectFrom('relay_segments').selectAll().where('relay_id', '=', relayId).$castTo<RelaySegmentRow>();
  }

  /** Relay occurrences running at `now` (ISO). */
  due(now: string): DueRelayRow[] {
    return all(
      this.db,
      this.k
        .selectFrom('broadcast_occurrences as o')
        .innerJoin('broadcasts as b', 'b.id', 'o.broadcast_id')
        .innerJoin('channels as c', 'c.id', 'o.channel_id')
        .select(['o.broadcast_id', 'o.channel_id', 'c.street_id', 'b.title', 'b.relay_url', 'o.starts_at', 'o.ends_at'])
        .where('b.source', '=', 'relay')
        .where('o.starts_at', '<=', now)
        .where('o.ends_at', '>', now)
        .orderBy('o.starts_at')
        .$castTo<DueRelayRow>(),
    );
  }

  /** The relay of an occurrence, made when it is first due (idempotent: a second tick or process finds it). */
  open(id: string, o: DueRelayRow, now: string): RelayRow {
    run(
      this.db,
      this.k
        .insertInto('relays')
        .values({
          id,
          broadcast_id: o.broadcast_id,
          channel_id: o.channel_id,
          starts_at: o.starts_at,
          ends_at: o.ends_at,
          status: 'live',
          created_at: now,
          updated_at: now,
        })
        .onConflict((oc) => oc.columns(['broadcast_id', 'starts_at']).doNothing()),
    );
    return this.ofOccurrence(o.broadcast_id, o.starts_at)!;
  }

  ofOccurrence(broadcastId: string, startsAt: string): RelayRow | undefined {
    return first(this.db, this.selectRelay().where('broadcast_id', '=', broadcastId).where('starts_at', '=', startsAt));
  }

  get(id: string): RelayRow | undefined {
    return first(this.db, this.selectRelay().where('id', '=', id));
  }

  /** Relays of a channel (for its playlists): every one, in order of start. */
  ofChannel(channelId: string): RelayRow[] {
    return all(this.db, this.selectRelay().where('channel_id', '=', channelId).orderBy('starts_at'));
  }

  /** Relays still live whose slot ended by `now`, and relays left recording by a stopped process. */
  toRecord(now: string): RelayRow[] {
    return all(
      this.db,
      this.selectRelay()
        .where((eb) => eb.or([eb.and([eb('status', '=', 'live'), eb('ends_at', '<=', now)]), eb('status', '=', 'recording')]))
        .orderBy('ends_at'),
    );
  }

  /** Live relays whose slot still runs (a restarted process resumes pulling them). */
  live(now: string): RelayRow[] {
    return all(this.db, this.selectRelay().where('status', '=', 'live').where('ends_at', '>', now));
  }

  segments(relayId: string): RelaySegmentRow[] {
    return all(this.db, this.selectSegment(relayId).orderBy('n'));
  }

  lastSegment(relayId: string): RelaySegmentRow | undefined {
    return first(this.db, this.selectSegment(relayId).orderBy('n', 'desc').limit(1));
  }

  /** Number of segments of each relay of a channel: what changed since the playlists last read them. */
  version(channelId: string): string {
    const rows = all(
      this.db,
      this.k
        .selectFrom('relays as r')
        .select((eb) => [
          'r.id',
          'r.status',
          eb
            .selectFrom('relay_segments as s')
            .select(eb.fn.countAll<number>().as('n'))
            .whereRef('s.relay_id', '=', 'r.id')
            .as('n'),
        ])
        .where('r.channel_id', '=', channelId)
        .orderBy('r.starts_at'),
    );
    return rows.map((r) => `${r.id}:${r.status}:${r.n}`).join(',');
  }

  addSegment(relayId: string, s: RelaySegmentRow): void {
    // Its own transaction (better-sqlite3's, nesting as a savepoint in a caller's): the segment and the byte count.
    this.db.transaction(() => {
      run(
        this.db,
        this.k.insertInto('relay_segments').values({
          relay_id: relayId,
          n: s.n,
          at_ms: s.at_ms,
          duration_ms: s.duration_ms,
          bytes: s.bytes,
          upstream_seq: s.upstream_seq,
          discontinuity: s.discontinuity,
        }),
      );
      run(
        this.db,
        this.k
          .updateTable('relays')
          .set((eb) => ({ bytes: eb('bytes', '+', s.bytes), updated_at: new Date().toISOString() }))
          .where('id', '=', relayId),
      );
    })();
  }

  setTarget(id: string, targetMs: number): void {
    run(
      this.db,
      this.k
        .updateTable('relays')
        .set({ target_ms: targetMs })
        .where('id', '=', id)
        .where((eb) => eb.or([eb('target_ms', 'is', null), eb('target_ms', '<>', targetMs)])),
    );
  }

  /** Recorded relays whose cache may still be on disk. */
  recordedBefore(endedBefore: string): RelayRow[] {
    return all(this.db, this.selectRelay().where('status', '=', 'recorded').where('ends_at', '<', endedBefore));
  }

  /** Moves a relay on: live → recording (the slot ended), counting attempts. Answers whether it applied. */
  startRecording(id: string, now: string): boolean {
    return (
      run(
        this.db,
        this.k
          .updateTable('relays')
          .set((eb) => ({ status: 'recording', attempts: eb('attempts', '+', 1), updated_at: now }))
          .where('id', '=', id)
          .where('status', 'in', ['live', 'recording']),
      ) === 1
    );
  }

  recorded(id: string, assetId: string, itemId: string | null, now: string): void {
    run(
      this.db,
      this.k
        .updateTable('relays')
        .set({ status: 'recorded', asset_id: assetId, item_id: itemId, error: null, updated_at: now })
        .where('id', '=', id),
    );
  }

  failed(id: string, error: string, now: string): void {
    run(this.db, this.k.updateTable('relays').set({ status: 'failed', error, updated_at: now }).where('id', '=', id));
  }

  /** A failed attempt that may be tried again on a next tick (status stays recording). */
  recordError(id: string, error: string, now: string): void {
    run(this.db, this.k.updateTable('relays').set({ error, updated_at: now }).where('id', '=', id));
  }

  /** Whether a section exists (the recording's draft item is filed there). */
  sectionExists(id: string): boolean {
    return first(this.db, this.k.selectFrom('sections').select('id').where('id', '=', id)) !== undefined;
  }
}
