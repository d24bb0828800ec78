// The storage layer on both of its databases, for the suites of repositories on Kysely: SQLite (a new file in a
// temp folder, migrated as the server migrates it) and PostgreSQL (a new database on the run's throw-away cluster,
// tests/postgres-setup.ts). `another()` is a second connection to the same database: a second CMS process.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { inject } from 'vitest';
import { openDatabase } from '../../cms-server/src/db/database.ts';
import { kyselyOf, kyselyOnPostgres, type Kdb } from '../../cms-server/src/db/kysely.ts';
import { migratePostgres, openPostgres } from '../../cms-server/src/db/postgres.ts';

export type Dialect = 'sqlite' | 'postgres';
export const DIALECTS: Dialect[] = ['sqlite', 'postgres'];

export interface TestStore {
  dialect: Dialect;
  db: Kdb;
  /** Another connection to the same database, as a second CMS process has (closed with the store). */
  another(): Kdb;
  close(): Promise<void>;
}

export async function openTestStore(dialect: Dialect): Promise<TestStore> {
  const opened: Kdb[] = [];
  if (dialect === 'sqlite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'keting-store-'));
    const file = path.join(dir, 'keting.sqlite');
    const connect = () => {
      const k = kyselyOf(openDatabase(file));
      opened.push(k);
      return k;
    };
    return {
      dialect,
      db: connect(),
      another: connect,
      async close() {
        for (const k of opened) await k.destroy(); // closes its better-sqlite3 connection
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const url = await newPostgresDatabase();
  const connect = () => {
    const k = kyselyOnPostgres(openPostgres(url, { max: 4 }));
    opened.push(k);
    return k;
  };
  const db = connect();
  return {
    dialect,
    db,
    another: connect,
    async close() {
      for (const k of opened) await k.destroy();
    },
  };
}

/** A new database on the run's throw-away PostgreSQL, migrated unless told not to; its URL. */
export async function newPostgresDatabase(opts: { migrate?: boolean } = {}): Promise<string> {
  const admin = inject('postgresUrl');
  if (admin.startsWith('missing:')) throw new Error(admin.slice('missing:'.length));
  const name = `t_${crypto.randomBytes(6).toString('hex')}`;
  const c = new pg.Client({ connectionString: admin });
  await c.connect();
  try {
    await c.query(`CREATE DATABASE ${name}`);
  } finally {
    await c.end();
  }
  const url = admin.replace(/\/[^/]*$/, `/${name}`);
  if (opts.migrate === false) return url;
  const pool = openPostgres(url, { max: 1 });
  try {
    await migratePostgres(pool);
  } finally {
    await pool.end();
  }
  return url;
}
