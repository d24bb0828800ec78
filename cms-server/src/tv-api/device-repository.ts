// Storage of the TV boxes the server has heard from (migration 006). Queries built with Kysely (db/kysely.ts), run on
// SQLite at once.
import type { Db } from '../db/database.ts';
import { first, kyselyOf, run, type Kdb } from '../db/kysely.ts';

export interface DeviceRow {
  id: string;
  first_address: string;
  first_seen_at: string;
  last_seen_at: string;
  credited_until: string;
}

export class DeviceRepository {
  private readonly k: Kdb;

  constructor(private readonly db: Db) {
    this.k = kyselyOf(db);
  }

  /** How many boxes; callers add the WHERE. */
  private count_() {
    return this.k.selectFrom('tv_devices').select((eb) => eb.fn.countAll<number>().as('n'));
  }

  get(id: string): DeviceRow | undefined {
    return first(this.db, this.k.selectFrom('tv_devices').selectAll().where('id', '=', id));
  }

  count(): number {
    return first(this.db, this.count_())!.n;
  }

  /** Boxes heard from (hello, progress) at or after `since` (UTC ISO 8601): the metrics' boxes-seen gauge. */
  countSeenSince(since: string): number {
    return first(this.db, this.count_().where('last_seen_at', '>=', since))!.n;
  }

  /** Boxes first heard from this address since `since` (UTC ISO 8601). */
  countNewFrom(address: string, since: string): number {
    return first(this.db, this.count_().where('first_address', '=', address).where('first_seen_at', '>=', since))!.n;
  }

  insert(row: DeviceRow): void {
    run(
      this.db,
      this.k.insertInto('tv_devices').values({
        id: row.id,
        first_address: row.first_address,
        first_seen_at: row.first_seen_at,
        last_seen_at: row.last_seen_at,
        credited_until: row.credited_until,
      }),
    );
  }

  touch(id: string, lastSeenAt: string, creditedUntil: string): void {
    run(this.db, this.k.updateTable('tv_devices').set({ last_seen_at: lastSeenAt, credited_until: creditedUntil }).where('id', '=', id));
  }
}
