// The SQL of viewing progress (migration 005): one row per (device, item).
import type { Db } from '../db/database.ts';

export interface ProgressRow {
  device_id: string;
  item_id: string;
  position_sec: number;
  duration_sec: number;
  watched_sec: number;
  first_seen_at: string;
  last_seen_at: string;
}

export class ProgressRepository {
  constructor(private readonly db: Db) {}

  get(deviceId: string, itemId: string): ProgressRow | undefined {
    return this.db
      .prepare('SELECT * FROM viewing_progress WHERE device_id = ? AND item_id = ?')
      .get(deviceId, itemId) as ProgressRow | undefined;
  }

  /** Inserts or replaces the row of (device, item); the caller computed watched_sec and kept first_seen_at. */
  put(row: ProgressRow): void {
    this.db
      .prepare(
        `INSERT INTO viewing_progress (device_id, item_id, position_sec, duration_sec, watched_sec, first_seen_at, last_seen_at)
         VALUES (@device_id, @item_id, @position_sec, @duration_sec, @watched_sec, @first_seen_at, @last_seen_at)
         ON CONFLICT (device_id, item_id) DO UPDATE SET
           position_sec = excluded.position_sec, duration_sec = excluded.duration_sec,
           watched_sec = excluded.watched_sec, last_seen_at = excluded.last_seen_at`,
      )
      .run(row);
  }

  /** A device's positions, most recent first, only for items that still exist. */
  listByDevice(deviceId: string, limit: number): ProgressRow[] {
    return this.db
      .prepare(
        `SELECT p.* FROM viewing_progress p JOIN items i ON i.id = p.item_id
         WHERE p.device_id = ? ORDER BY p.last_seen_at DESC LIMIT ?`,
      )
      .all(deviceId, limit) as ProgressRow[];
  }

  /** Removes positions last reported before `before` (UTC ISO); the number removed. */
  pruneBefore(before: string): number {
    return this.db.prepare('DELETE FROM viewing_progress WHERE last_seen_at < ?').run(before).changes;
  }
}
