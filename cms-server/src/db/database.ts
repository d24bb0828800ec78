// The embedded SQLite database, opened once per process, with versioned migrations.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';

export type Db = Database.Database;

const MIGRATIONS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

export function openDatabase(file: string): Db {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
  const db = new Database(file);
  // WAL lets the TV API read while the admin writes; busy_timeout rides out a concurrent writer.
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  db.pragma('synchronous = NORMAL');
  migrate(db);
  return db;
}

/** Applies every `NNN_name.sql` not applied yet, each in its own transaction, in order. */
export function migrate(db: Db): string[] {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`);
  const done = new Set(
    db.prepare('SELECT version FROM schema_migrations').pluck().all() as number[],
  );
  const applied: string[] = [];
  const files = fs.readdirSync(MIGRATIONS_DIR).filter((f) => /^\d{3}_[\w-]+\.sql$/.test(f)).sort();
  for (const file of files) {
    const version = Number(file.slice(0, 3));
    if (done.has(version)) continue;
    const sql = fs.readFileSync(path.join(MIGRATIONS_DIR, file), 'utf8');
    // A migration that rebuilds a table others refer to starts with `-- foreign_keys = off`: SQLite's own
    // procedure (foreign keys off outside the transaction, a foreign_key_check before commit), since dropping
    // the old table with them on would delete (cascade) or refuse the rows that refer to it.
    const keysOff = /^-- foreign_keys = off\b/.test(sql);
    if (keysOff) db.pragma('foreign_keys = OFF');
    try {
      db.transaction(() => {
        db.exec(sql);
        if (keysOff && (db.pragma('foreign_key_check') as unknown[]).length > 0) {
          throw new Error(`migration ${file} leaves rows whose foreign keys point nowhere`);
        }
        db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(
          version,
          file,
          new Date().toISOString(),
        );
      })();
    } finally {
      if (keysOff) db.pragma('foreign_keys = ON');
    }
    applied.push(file);
  }
  return applied;
}
