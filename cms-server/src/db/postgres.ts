// PostgreSQL as the shared store of several CMS nodes (DATABASE_URL=postgres://…): the connection pool and the same
// migrations as SQLite's (database.ts), each in its own transaction, one node at a time.
import pg from 'pg';
import { migrationFiles, migrationSql } from './database.ts';

/** PostgreSQL's type ids whose text we read as JS numbers: int8 (BIGINT, count(*)) and numeric (SUM of integers). */
const INT8 = 20;
const NUMERIC = 1700;

/** Whole numbers within 2^53 (bytes, milliseconds, counts) and sums read as numbers, as better-sqlite3 gives them. */
function asNumber(text: string): number {
  const n = Number(text);
  if (!Number.isFinite(n)) throw new Error(`a number column held ${text}`);
  return n;
}

export type PgPool = pg.Pool;

/**
 * A pool on `url`; nothing is asked of the server until the first query. An idle connection the server drops (a
 * restart, a failover) is reported to `onIdleError` and replaced at the next query — without a listener, pg's pool
 * would end the process.
 */
export function openPostgres(url: string, opts: { max?: number; onIdleError?: (e: Error) => void } = {}): PgPool {
  const pool = new pg.Pool({
    connectionString: url,
    max: opts.max ?? 10,
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        oid === INT8 || oid === NUMERIC ? asNumber : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
    },
  });
  pool.on('error', opts.onIdleError ?? (() => undefined));
  return pool;
}

/** The advisory lock every node's migrator takes (any constant both agree on): one migrates, the others wait, then find nothing left. */
const MIGRATION_LOCK = 0x6b6574696e67; // "keting"

/** Applies every migration not applied yet, in order; returns the files applied. Safe when several nodes start at once. */
export async function migratePostgres(pool: PgPool): Promise<string[]> {
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    try {
      await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
        version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`);
      const done = new Set(
        (await client.query<{ version: number }>('SELECT version FROM schema_migrations')).rows.map((r) => r.version),
      );
      const applied: string[] = [];
      for (const { version, file } of migrationFiles()) {
        if (done.has(version)) continue;
        await client.query('BEGIN');
        try {
          await client.query(migrationSql(file, 'postgres'));
          await client.query('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [
            version,
            file,
            new Date().toISOString(),
          ]);
          await client.query('COMMIT');
        } catch (e) {
          await client.query('ROLLBACK');
          throw new Error(`migration ${file} failed on PostgreSQL: ${(e as Error).message}`, { cause: e });
        }
        applied.push(file);
      }
      return applied;
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
    }
  } finally {
    client.release();
  }
}

/** The newest migration applied (0 for an empty database). */
export async function postgresSchemaVersion(pool: PgPool): Promise<number> {
  const exists = await pool.query("SELECT to_regclass('schema_migrations') IS NOT NULL AS yes");
  if (!exists.rows[0].yes) return 0;
  return (await pool.query('SELECT COALESCE(MAX(version), 0) AS v FROM schema_migrations')).rows[0].v as number;
}
