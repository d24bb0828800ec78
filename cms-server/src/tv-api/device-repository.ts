// The SQL of the TV boxes the server has heard from (migration 006).
import type { Db } from '../db/database.ts';

export interface DeviceRow {
  id: string;
  first_address: string;
  first_seen_at: string;
  last_seen_at: string;
  credited_until: string;
}

export class DeviceRepository {
  constructor(private readonly db: Db) {}

  get(id: string): DeviceRow | undefined {
    return this.db.prepare('SELECT * FROM tv_devices WHERE id = ?').get(id) as DeviceRow | undefined;
  }

  count(): number {
    return this.db.prepare('SELECT COUNT(*) FROM tv_devices').pluck().get() as number;
  }

  /** Boxes heard from (hello, progress) at or after `since` (UTC ISO 8601): the metrics' boxes-seen gauge. */
  countSeenSince(since: string): number {
    return this.db.prepare('SELECT COUNT(*) FROM tv_devices WHERE last_seen_at >= ?').pluck().get(since) as number;
  }

  /** Boxes first heard from this address since `since` (UTC ISO 8601). */
  countNewFrom(address: string, since: string): number {
    return this.db
      .prepare('SELECT COUNT(*) FROM tv_devices WHERE first_address = ? AND first_seen_at >= ?')
      .pluck()
      .get(address, since) as number;
  }

  insert(row: DeviceRow): void {
    this.db
      .prepare(
        `INSERT INTO tv_devices (id, first_address, first_seen_at, last_seen_at, credited_until)
         VALUES (@id, @first_address, @first_seen_at, @last_seen_at, @credited_until)`,
      )
      .run(row);
  }

  touch(id: string, lastSeenAt: string, creditedUntil: string): void {
    this.db
      .prepare('UPDATE tv_devices SET last_seen_at = ?, credited_until = ? WHERE id = ?')
      .run(lastSeenAt, creditedUntil, id);
  }
}
