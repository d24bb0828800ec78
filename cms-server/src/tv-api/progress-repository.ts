// Storage of viewing progress (migration 005): one row per (device, item). Queries built with Kysely
// (db/kysely.ts), run on SQLite at once.
import type { Db } from '../db/database.ts';
import { all, first, kyselyOf, run, type Kdb } from '../db/kysely.ts';

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
  private readonly k: Kdb;

  constructor(private readonly db: Db) {
    this.k = kyselyOf(db);
  }

  get(deviceId: string, itemId: string): ProgressRow | undefined {
    return first(
      this.db,
      this.k.selectFrom('viewing_progress').selectAll().where('device_id', '=', deviceId).where('item_id', '=', itemId),
    );
  }

  /** Inserts or replaces the row of (device, item); the caller computed watched_sec and kept first_seen_at. */
  put(row: ProgressRow): void {
    run(
      this.db,
      this.k
        .insertInto('viewing_progress')
        .values({
          device_id: row.device_id,
          item_id: row.item_id,
          position_sec: row.position_sec,
          duration_sec: row.duration_sec,
          watched_sec: row.watched_sec,
          first_seen_at: row.first_seen_at,
          last_seen_at: row.last_seen_at,
        })
        .onConflict((oc) =>
          oc.columns(['device_id', 'item_id']).doUpdateSet((eb) => ({
            position_sec: eb.ref('excluded.position_sec'),
            duration_sec: eb.ref('excluded.duration_sec'),
            watched_sec: eb.ref('excluded.watched_sec'),
            last_seen_at: eb.ref('excluded.last_seen_at'),
          })),
        ),
    );
  }

  /** A device's positions, most recent first, only for items that still exist. */
  listByDevice(deviceId: string, limit: number): ProgressRow[] {
    return all(
      this.db,
      this.k
        .selectFrom('viewing_progress as p')
        .innerJoin('items as i', 'i.id', 'p.item_id')
        .selectAll('p')
        .where('p.device_id', '=', deviceId)
        .orderBy('p.last_seen_at', 'desc')
        .limit(limit),
    );
  }

  /** Removes positions last reported before `before` (UTC ISO); the number removed. */
  pruneBefore(before: string): number {
    return run(this.db, this.k.deleteFrom('viewing_progress').where('last_seen_at', '<', before));
  }
}
