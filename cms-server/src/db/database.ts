// The embedded SQLite database, opened once per process, with versioned migrations.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';

export type Db = Database.Database;

const MIGRATIONS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

/**
 * Runs `fn` in one IMMEDIATE transaction: the write lock is taken at BEGIN, so another process writing the same
 * database makes this one wait (busy_timeout) instead of failing. A deferred transaction that read and then wrote
 * failed at once with SQLITE_BUSY / SQLITE_BUSY_SNAPSHOT when another process had written in between (measured:
 * two processes adding households and members, 58 of 600 calls lost). Every writing transaction of the services
 * goes through here; on PostgreSQL it will be the Kysely transaction.
 */
export function inTransaction<T>(db: Db, fn: () => T): T {
  return db.transaction(fn).immediate();
}

/** `migrate: false` opens without applying migrations (to look at the schema version before an upgrade). */
export function openDatabase(file: string, opts: { migrate?: boolean } = {}): Db {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
  const db = new Database(file);
  // WAL lets the TV API read while the admin writes; busy_timeout rides out a concurrent writer.
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  db.pragma('synchronous = NORMAL');
  if (opts.migrate !== false) migrate(db);
  return db;
}

/** The migrations, in order. Each file is written in SQL both databases read; `migrations/postgres/<same name>` replaces one where PostgreSQL needs another form. */
export function migrationFiles(): { version: number; file: string }[] {
  return fs
    .readdirSync(MIGRATIONS_DIR)
    .filter((f) => /^\d{3}_[\w-]+\.sql$/.test(f))
    .sort()
    .map((file) => ({ version: Number(file.slice(0, 3)), file }));
}

/** A migration's SQL for one database: PostgreSQL's own form when there is one, else the shared file. */
export function migrationSql(file: string, dialect: 'sqlite' | 'postgres'): string {
  const own = path.join(MIGRATIONS_DIR, 'postgres', file);
  return fs.readFileSync(dialect === 'postgres' && fs.existsSync(own) ? own : path.join(MIGRATIONS_DIR, file), 'utf8');
}

function appliedVersions(db: Db): Set<number> {
  const hasTable = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'").get();
  if (!hasTable) return new Set();
  return new Set(db.prepare('SELECT version FROM schema_migrations').pluck().all() as number[]);
}

/** The newest migration applied to this database (0 for a new, empty one). */
export function schemaVersion(db: Db): number {
  return Math.max(0, ...appliedVersions(db));
}

/** The newest migration this code knows: the version `migrate` brings a database to. */
export function currentSchemaVersion(): number {
  return Math.max(0, ...migrationFiles().map((m) => m.version));
}

/** The migration files not applied to this database yet, in order (none are applied here). */
export function pendingMigrations(db: Db): string[] {
  const done = appliedVersions(db);
  return migrationFiles().filter((m) => !done.has(m.version)).map((m) => m.file);
}

/** Rows per table (SQLite's own tables left out), by table name: what a backup's manifest records. */
export function tableRowCounts(db: Db): Record<string, number> {
  const tables = db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    .pluck()
    .all() as string[];
  const counts: Record<string, number> = {};
  for (const t of tables) counts[t] = db.prepare(`SELECT count(*) FROM "${t.replaceAll('"', '""')}"`).pluck().get() as number;
  return counts;
}

/** Applies every `NNN_name.sql` not applied yet, each in its own transaction, in order. */
export function migrate(db: Db): string[] {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`);
  const done = appliedVersions(db);
  const applied: string[] = [];
  for (const { version, file } of migrationFiles()) {
    if (done.has(version)) continue;
    const sql = migrationSql(file, 'sqlite');
    // A migration that rebuilds a table others refer to starts with `-- foreign_keys = off`: SQLite's own
    // procedure (foreign keys off outside the transaction, a foreign_key_check before commit), since dropping
    // the old table with them on would delete (cascade) or refuse the rows that refer to it.
    const keysOff = /^-- foreign_keys = off\b/.test(sql);
    if (keysOff) db.pragma('foreign_keys = OFF');
    try {
      // IMMEDIATE, and the version looked at again inside: a second CMS process starting on the same database at
      // the same moment waits for the first's migration and then finds it applied, instead of applying it twice.
      const appliedMeanwhile = db.transaction((): boolean => {
        if (db.prepare('SELECT 1 FROM schema_migrations WHERE version = ?').get(version)) return true;
        db.exec(sql);
        if (keysOff && (db.pragma('foreign_key_check') as unknown[]).length > 0) {
          throw new Error(`migration ${file} leaves rows whose foreign keys point nowhere`);
        }
        db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(
          version,
          file,
          new Date().toISOString(),
        );
        return false;
      }).immediate();
      if (appliedMeanwhile) continue;
    } finally {
      if (keysOff) db.pragma('foreign_keys = ON');
    }
    applied.push(file);
  }
  return applied;
}
