// The rate limits' counters (migration 016), shared by every CMS process on this database: fixed windows, as
// express-rate-limit's memory store keeps them. Every write is one statement, so two processes counting the same
// key at once never lose a hit. On Kysely (db/kysely.ts): the same queries run on SQLite and PostgreSQL.
import { sql } from 'kysely';
import type { Kdb } from '../db/kysely.ts';

export interface LimitCount {
  hits: number;
  /** When the window ends, ms since the epoch. */
  resetAt: number;
}

export class LimitRepository {
  constructor(private readonly db: Kdb) {}

  /**
   * Counts one hit of `key` at `now`: a key without a row, or whose window has ended, starts a new window of
   * `windowMs` with this hit as its first.
   */
  async increment(key: string, now: number, windowMs: number): Promise<LimitCount> {
    const ended = sql<boolean>`rate_limits.reset_at <= ${now}`;
    const row = await this.db
      .insertInto('rate_limits')
      .values({ key, hits: 1, reset_at: now + windowMs })
      .onConflict((oc) =>
        oc.column('key').doUpdateSet({
          hits: sql`CASE WHEN ${ended} THEN 1 ELSE rate_limits.hits + 1 END`,
          reset_at: sql`CASE WHEN ${ended} THEN excluded.reset_at ELSE rate_limits.reset_at END`,
        }),
      )
      .returning(['hits', 'reset_at'])
      .executeTakeFirstOrThrow();
    return { hits: row.hits, resetAt: row.reset_at };
  }

  /** Takes one hit back (a request that turned out not to count), within the key's current window only. */
  async decrement(key: string, now: number): Promise<void> {
    await this.db
      .updateTable('rate_limits')
      .set((eb) => ({ hits: eb('hits', '-', 1) }))
      .where('key', '=', key)
      .where('hits', '>', 0)
      .where('reset_at', '>', now)
      .execute();
  }

  /** The key's count in its current window; undefined when it has none (or its window has ended). */
  async get(key: string, now: number): Promise<LimitCount | undefined> {
    const row = await this.db
      .selectFrom('rate_limits')
      .select(['hits', 'reset_at'])
      .where('key', '=', key)
      .where('reset_at', '>', now)
      .executeTakeFirst();
    return row && { hits: row.hits, resetAt: row.reset_at };
  }

  async reset(key: string): Promise<void> {
    await this.db.deleteFrom('rate_limits').where('key', '=', key).execute();
  }

  /** Forgets every key that starts with `prefix` (one limiter's counters). */
  async resetPrefix(prefix: string): Promise<void> {
    await this.db.deleteFrom('rate_limits').where(sql`substr(key, 1, ${prefix.length})`, '=', prefix).execute();
  }

  /** Removes the rows whose window has ended; how many. */
  async purgeExpired(now: number): Promise<number> {
    const r = await this.db.deleteFrom('rate_limits').where('reset_at', '<=', now).executeTakeFirst();
    return Number(r.numDeletedRows);
  }
}
