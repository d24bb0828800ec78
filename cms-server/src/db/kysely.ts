// Kysely, the query builder the storage layer is moving onto so that one set of repositories runs on SQLite (the
// embedded default) and on PostgreSQL (DATABASE_URL, several CMS nodes): typed by the generated schema.ts, on
// better-sqlite3 or on a pg pool.
//
// While repositories move one by one, a converted repository runs its Kysely queries on the very connection the
// others still use synchronously (`kyselyOf(db)`). That is safe for single statements — better-sqlite3 runs each
// to its end at once — but not for a Kysely transaction spanning awaits, which other requests' synchronous writes
// could join: until every writer is on Kysely, a converted repository's writes stay single statements.
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import type { Db } from './database.ts';
import type { PgPool } from './postgres.ts';
import type { DB } from './schema.ts';

export type Kdb = Kysely<DB>;

const overSqlite = new WeakMap<Db, Kdb>();

/** The Kysely over this SQLite connection (one per connection; closing the connection is its owner's business). */
export function kyselyOf(db: Db): Kdb {
  let k = overSqlite.get(db);
  if (!k) {
    k = new Kysely<DB>({ dialect: new SqliteDialect({ database: db }) });
    overSqlite.set(db, k);
  }
  return k;
}

/** The Kysely over a PostgreSQL pool (`destroy()` ends the pool). */
export function kyselyOnPostgres(pool: PgPool): Kdb {
  return new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
}
