// The migrations on PostgreSQL (cms-server/src/db/postgres.ts, the shared store of several CMS nodes): the same files
// as SQLite's, with PostgreSQL's own form only where it needs one (migrations/postgres/). They give the same tables
// and columns as on SQLite, keep the same rules, run once when several nodes start together, and read large whole
// numbers back as numbers. And the storage layer's generated types (db/schema.ts) are what the migrations make.
import fs from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { migrationFiles, openDatabase } from '../../../cms-server/src/db/database.ts';
import { migratePostgres, openPostgres, postgresSchemaVersion, type PgPool } from '../../../cms-server/src/db/postgres.ts';
import { generateSchemaTypes, SCHEMA_FILE } from '../../../scripts/db-types.ts';
import { newPostgresDatabase } from '../../helpers/stores.ts';

const pools: PgPool[] = [];
afterAll(async () => {
  for (const p of pools) await p.end();
});

/** A new empty database (not migrated) on the run's throw-away cluster, and a pool on it. */
async function emptyDatabase(): Promise<{ url: string; pool: PgPool }> {
  const url = await newPostgresDatabase({ migrate: false });
  const pool = openPostgres(url);
  pools.push(pool);
  return { url, pool };
}

describe('the migrations on PostgreSQL', () => {
  it('when two nodes migrate an empty database at once, then every migration is applied once, in order, and a third run applies nothing', async () => {
    const { url, pool } = await emptyDatabase();
    const other = openPostgres(url);
    pools.push(other);
    const [a, b] = await Promise.all([migratePostgres(pool), migratePostgres(other)]);
    const all = migrationFiles().map((m) => m.file);
    expect([...a, ...b].sort()).toEqual(all); // each file by exactly one of them
    expect(a.length === 0 || b.length === 0).toBe(true);
    expect(await migratePostgres(pool)).toEqual([]);
    expect(await postgresSchemaVersion(pool)).toBe(migrationFiles().at(-1)!.version);
    const recorded = (await pool.query('SELECT version FROM schema_migrations ORDER BY version')).rows.map((r) => r.version);
    expect(recorded).toEqual(migrationFiles().map((m) => m.version));
  });

  it('when migrated, then its tables and columns (names, NOT NULL, primary keys) are those SQLite gets', async () => {
    const { pool } = await emptyDatabase();
    await migratePostgres(pool);
    const onPg = (
      await pool.query<{ t: string; c: string; nullable: string }>(
        `SELECT table_name AS t, column_name AS c, is_nullable AS nullable FROM information_schema.columns
         WHERE table_schema = 'public' ORDER BY table_name, column_name`,
      )
    ).rows.map((r) => `${r.t}.${r.c}${r.nullable === 'NO' ? ' not null' : ''}`);
    const pgKeys = (
      await pool.query<{ t: string; c: string }>(
        `SELECT tc.table_name AS t, kcu.column_name AS c FROM information_schema.table_constraints tc
         JOIN information_schema.key_column_usage kcu ON kcu.constraint_name = tc.constraint_name AND kcu.table_name = tc.table_name
         WHERE tc.constraint_type = 'PRIMARY KEY' AND tc.table_schema = 'public' ORDER BY 1, 2`,
      )
    ).rows.map((r) => `${r.t}.${r.c}`);

    const sqlite = openDatabase(':memory:');
    const tables = sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").pluck().all() as string[];
    const onSqlite: string[] = [];
    const sqliteKeys: string[] = [];
    for (const t of tables) {
      for (const col of sqlite.pragma(`table_info(${t})`) as { name: string; notnull: number; pk: number }[]) {
        // SQLite lets a non-INTEGER primary key hold NULL unless it says NOT NULL; PostgreSQL's keys never do.
        onSqlite.push(`${t}.${col.name}${col.notnull || col.pk ? ' not null' : ''}`);
        if (col.pk) sqliteKeys.push(`${t}.${col.name}`);
      }
    }
    sqlite.close();
    expect(onPg).toEqual(onSqlite.sort());
    expect(pgKeys).toEqual(sqliteKeys.sort());
  });

  it('when rows break the rules, then PostgreSQL refuses them as SQLite does: a video without its asset, a bad status, a second username differing only in case, a section digit that is not one digit', async () => {
    const { pool } = await emptyDatabase();
    await migratePostgres(pool);
    await pool.query("INSERT INTO sections VALUES ('news', '4', '党建动态', 'x', 0)");
    await expect(pool.query("INSERT INTO sections VALUES ('n2', '42', 'x', 'x', 1)")).rejects.toThrow(/check constraint/);
    await expect(
      pool.query(`INSERT INTO items (id, section_id, kind, title, summary, body, status, created_at, updated_at)
                  VALUES ('v', 'news', 'video', 't', 's', 'b', 'published', 'now', 'now')`),
    ).rejects.toThrow(/check constraint/);
    await pool.query("INSERT INTO assets (id, status, created_at, updated_at) VALUES ('a1', 'playable', 'now', 'now')"); // 011
    await expect(pool.query("UPDATE assets SET status = 'almost'")).rejects.toThrow(/check constraint/);
    const user = (name: string) =>
      pool.query(
        `INSERT INTO users (id, username, display_name, password_hash, role, password_changed_at, created_at, updated_at)
         VALUES ($1, $2, 'x', 'x', 'admin', 'now', 'now', 'now')`,
        [name, name],
      );
    await user('Admin');
    await expect(user('admin')).rejects.toThrow(/users_by_username/);
  });

  it('when a whole number passes 2^31 (bytes, milliseconds) or rows are counted and summed, then they read back as JS numbers', async () => {
    const { pool } = await emptyDatabase();
    await migratePostgres(pool);
    await pool.query('INSERT INTO rate_limits (key, hits, reset_at) VALUES ($1, $2, $3)', ['k', 3, 1_764_000_000_000]);
    const r = (await pool.query('SELECT reset_at, count(*) AS n, SUM(hits) AS s FROM rate_limits GROUP BY reset_at')).rows[0];
    expect(r).toEqual({ reset_at: 1_764_000_000_000, n: 1, s: 3 });
  });

  it('the repositories\' database, made for a test, is migrated (tests/helpers/stores.ts)', async () => {
    const pool = openPostgres(await newPostgresDatabase());
    pools.push(pool);
    expect(await postgresSchemaVersion(pool)).toBe(migrationFiles().at(-1)!.version);
  });
});

describe('the storage layer\'s types', () => {
  it('when generated from the migrations (npm run db:types), then they are the committed db/schema.ts', async () => {
    const fresh = await generateSchemaTypes();
    // On a difference: a migration changed the tables; run `npm run db:types` and commit the file.
    expect(fs.readFileSync(SCHEMA_FILE, 'utf8')).toBe(fresh);
  }, 60_000); // a cluster of its own, migrated, and kysely-codegen: seconds, more on a busy machine
});
