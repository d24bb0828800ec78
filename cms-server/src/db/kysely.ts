// Kysely, the query builder the storage layer is moving onto so that one set of repositories runs on SQLite (the
// embedded default) and on PostgreSQL (DATABASE_URL, several CMS nodes): typed by the generated schema.ts, on
// better-sqlite3 or on a pg pool.
//
// The move, in two steps that each leave everything working:
// 1. Repositories build every query with Kysely (portable, typed) and, while the services above them are still
//    synchronous, run it at once on the SQLite connection (`all`, `first`, `run` below: Kysely compiles, better-
//    sqlite3 executes). Their methods and the services' transactions are unchanged.
// 2. The services become async and the same queries are `execute()`d by Kysely on either database, in Kysely
//    transactions. Until then, an async repository (limits/, uploads/ locks) keeps to single statements on the
//    shared connection (`kyselyOf(db)`): better-sqlite3 runs each to its end at once, but a Kysely transaction
//    spanning awaits could be joined by other requests' synchronous writes.
import { Kysely, PostgresDialect, SqliteDialect, type Compilable } from 'kysely';
import type { Statement } from 'better-sqlite3';
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

/** Prepared statements per connection, by SQL text (a query's text is fixed by its code; IN-lists of any length are the exception, hence the bound). */
const prepared = new WeakMap<Db, Map<string, Statement>>();
const PREPARED_MAX = 500;

function statement(db: Db, text: string): Statement {
  let m = prepared.get(db);
  if (!m) prepared.set(db, (m = new Map()));
  let st = m.get(text);
  if (!st) {
    if (m.size >= PREPARED_MAX) m.clear();
    st = db.prepare(text);
    m.set(text, st);
  }
  return st;
}

function compiled(db: Db, q: Compilable<unknown>): { st: Statement; params: unknown[] } {
  const c = q.compile();
  return { st: statement(db, c.sql), params: c.parameters as unknown[] };
}

/** Runs a query built with Kysely on this SQLite connection, synchronously: every row. */
export function all<R>(db: Db, q: Compilable<R>): R[] {
  const { st, params } = compiled(db, q);
  return st.all(...params) as R[];
}

/** Runs a query built with Kysely on this SQLite connection, synchronously: its first row, if any. */
export function first<R>(db: Db, q: Compilable<R>): R | undefined {
  const { st, params } = compiled(db, q);
  return st.get(...params) as R | undefined;
}

/** Runs a writing query built with Kysely on this SQLite connection, synchronously: how many rows it changed. */
export function run(db: Db, q: Compilable<unknown>): number {
  const { st, params } = compiled(db, q);
  return st.run(...params).changes;
}
