// SQL of the relay engine (migration 009): relayed occurrences and their cached segments.
import type { Db } from '../db/database.ts';

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
  constructor(private readonly db: Db) {}

  /** Relay occurrences running at `now` (ISO). */
  due(now: string): DueRelayRow[] {
    return this.db
      .prepare(
        `SELECT o.broadcast_id, o.channel_id, c.street_id, b.title, b.relay_url, o.starts_at, o.ends_at
         FROM broadcast_occurrences o JOIN broadcasts b ON b.id = o.broadcast_id JOIN channels c ON c.id = o.channel_id
         WHERE b.source = 'relay' AND o.starts_at <= @now AND o.ends_at > @now ORDER BY o.starts_at`,
      )
      .all({ now }) as DueRelayRow[];
  }

  /** The relay of an occurrence, made when it is first due (idempotent: a second tick or process finds it). */
  open(id: string, o: DueRelayRow, now: string): RelayRow {
    this.db
      .prepare(
        `INSERT INTO relays (id, broadcast_id, channel_id, starts_at, ends_at, status, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, 'live', ?, ?) ON CONFLICT (broadcast_id, starts_at) DO NOTHING`,
      )
      .run(id, o.broadcast_id, o.channel_id, o.starts_at, o.ends_at, now, now);
    return this.db.prepare('SELECT * FROM relays WHERE broadcast_id = ? AND starts_at = ?').get(o.broadcast_id, o.starts_at) as RelayRow;
  }

  ofOccurrence(broadcastId: string, startsAt: string): RelayRow | undefined {
    return this.db.prepare('SELECT * FROM relays WHERE broadcast_id = ? AND starts_at = ?').get(broadcastId, startsAt) as RelayRow | undefined;
  }

  get(id: string): RelayRow | undefined {
    return this.db.prepare('SELECT * FROM relays WHERE id = ?').get(id) as RelayRow | undefined;
  }

  /** Relays of a channel (for its playlists): every one, in order of start. */
  ofChannel(channelId: string): RelayRow[] {
    return this.db.prepare('SELECT * FROM relays WHERE channel_id = ? ORDER BY starts_at').all(channelId) as RelayRow[];
  }

  /** Relays still live whose slot ended by `now`, and relays left recording by a stopped process. */
  toRecord(now: string): RelayRow[] {
    return this.db
      .prepare(
        `SELECT * FROM relays WHERE (status = 'live' AND ends_at <= @now) OR status = 'recording' ORDER BY ends_at`,
      )
      .all({ now }) as RelayRow[];
  }

  /** Live relays whose slot still runs (a restarted process resumes pulling them). */
  live(now: string): RelayRow[] {
    return this.db.prepare("SELECT * FROM relays WHERE status = 'live' AND ends_at > ?").all(now) as RelayRow[];
  }

  segments(relayId: string): RelaySegmentRow[] {
    return this.db.prepare('SELECT * FROM relay_segments WHERE relay_id = ? ORDER BY n').all(relayId) as RelaySegmentRow[];
  }

  lastSegment(relayId: string): RelaySegmentRow | undefined {
    return this.db.prepare('SELECT * FROM relay_segments WHERE relay_id = ? ORDER BY n DESC LIMIT 1').get(relayId) as
      | RelaySegmentRow
      | undefined;
  }

  /** Number of segments of each relay of a channel: what changed since the playlists last read them. */
  version(channelId: string): string {
    const rows = this.db
      .prepare(
        `SELECT r.id, r.status, (SELECT COUNT(*) FROM relay_segments s WHERE s.relay_id = r.id) AS n FROM relays r
         WHERE r.channel_id = ? ORDER BY r.starts_at`,
      )
      .all(channelId) as { id: string; status: string; n: number }[];
    return rows.map((r) => `${r.id}:${r.status}:${r.n}`).join(',');
  }

  addSegment(relayId: string, s: RelaySegmentRow): void {
    this.db.transaction(() => {
      this.db
        .prepare(
          `INSERT INTO relay_segments (relay_id, n, at_ms, duration_ms, bytes, upstream_seq, discontinuity)
           VALUES (@relayId, @n, @at_ms, @duration_ms, @bytes, @upstream_seq, @discontinuity)`,
        )
        .run({ relayId, ...s });
      this.db.prepare('UPDATE relays SET bytes = bytes + ?, updated_at = ? WHERE id = ?').run(s.bytes, new Date().toISOString(), relayId);
    })();
  }

  setTarget(id: string, targetMs: number): void {
    this.db.prepare('UPDATE relays SET target_ms = ? WHERE id = ? AND target_ms IS NOT ?').run(targetMs, id, targetMs);
  }

  /** Recorded relays whose cache may still be on disk. */
  recordedBefore(endedBefore: string): RelayRow[] {
    return this.db.prepare("SELECT * FROM relays WHERE status = 'recorded' AND ends_at < ?").all(endedBefore) as RelayRow[];
  }

  /** Moves a relay on: live → recording (the slot ended), counting attempts. Answers whether it applied. */
  startRecording(id: string, now: string): boolean {
    return (
      this.db
        .prepare(
          `UPDATE relays SET status = 'recording', attempts = attempts + 1, updated_at = ? WHERE id = ? AND status IN ('live', 'recording')`,
        )
        .run(now, id).changes === 1
    );
  }

  recorded(id: string, assetId: string, itemId: string | null, now: string): void {
    this.db
      .prepare("UPDATE relays SET status = 'recorded', asset_id = ?, item_id = ?, error = NULL, updated_at = ? WHERE id = ?")
      .run(assetId, itemId, now, id);
  }

  failed(id: string, error: string, now: string): void {
    this.db.prepare("UPDATE relays SET status = 'failed', error = ?, updated_at = ? WHERE id = ?").run(error, now, id);
  }

  /** A failed attempt that may be tried again on a next tick (status stays recording). */
  recordError(id: string, error: string, now: string): void {
    this.db.prepare('UPDATE relays SET error = ?, updated_at = ? WHERE id = ?').run(error, now, id);
  }

  /** Whether a section exists (the recording's draft item is filed there). */
  sectionExists(id: string): boolean {
    return this.db.prepare('SELECT 1 FROM sections WHERE id = ?').get(id) !== undefined;
  }
}
