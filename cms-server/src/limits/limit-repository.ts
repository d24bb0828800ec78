// The rate limits' counters (migration 016), shared by every CMS process on this database: fixed windows, as
// express-rate-limit's memory store keeps them. Every write is one statement, so two processes counting the same
// key at once never lose a hit. Standard SQL (INSERT … ON CONFLICT … DO UPDATE … RETURNING): PostgreSQL runs it as is.
import type { Db } from '../db/database.ts';

export interface LimitCount {
  hits: number;
  /** When the window ends, ms since the epoch. */
  resetAt: number;
}

export class LimitRepository {
  constructor(private readonly db: Db) {}

  /**
   * Counts one hit of `key` at `now`: a key without a row, or whose window has ended, starts a new window of
   * `windowMs` with this hit as its first.
   */
  increment(key: string, now: number, windowMs: number): LimitCount {
    const row = this.db
      .prepare(
        `INSERT INTO rate_limits (key, hits, reset_at) VALUES (@key, 1, @reset)
         ON CONFLICT (key) DO UPDATE SET
           hits = CASE WHEN rate_limits.reset_at <= @now THEN 1 ELSE rate_limits.hits + 1 END,
           reset_at = CASE WHEN rate_limits.reset_at <= @now THEN excluded.reset_at ELSE rate_limits.reset_at END
         RETURNING hits, reset_at`,
      )
      .get({ key, now, reset: now + windowMs }) as { hits: number; reset_at: number };
    return { hits: row.hits, resetAt: row.reset_at };
  }

  /** Takes one hit back (a request that turned out not to count), within the key's current window only. */
  decrement(key: string, now: number): void {
    this.db.prepare('UPDATE rate_limits SET hits = hits - 1 WHERE key = ? AND hits > 0 AND reset_at > ?').run(key, now);
  }

  /** The key's count in its current window; undefined when it has none (or its window has ended). */
  get(key: string, now: number): LimitCount | undefined {
    const row = this.db.prepare('SELECT hits, reset_at FROM rate_limits WHERE key = ? AND reset_at > ?').get(key, now) as
      | { hits: number; reset_at: number }
      | undefined;
    return row && { hits: row.hits, resetAt: row.reset_at };
  }

  reset(key: string): void {
    this.db.prepare('DELETE FROM rate_limits WHERE key = ?').run(key);
  }

  /** Forgets every key that starts with `prefix` (one limiter's counters). */
  resetPrefix(prefix: string): void {
    this.db.prepare('DELETE FROM rate_limits WHERE substr(key, 1, ?) = ?').run(prefix.length, prefix);
  }

  /** Removes the rows whose window has ended; how many. */
  purgeExpired(now: number): number {
    return this.db.prepare('DELETE FROM rate_limits WHERE reset_at <= ?').run(now).changes;
  }
}
