// Upgrades without loss: the current server started on the previous release's database (a fixture made by that
// release's own code, tests/fixtures/releases/README.md) backs it up before migrating, keeps every row, brings the
// schema to the current version, and lets the old admin sign in; and restoring that backup gives the old database
// back, row for row (how to go back, README "Going back to the previous release").
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listBackups, restoreBackup, verifyBackup } from '../../../cms-server/src/backup/backup-service.ts';
import { loadConfig } from '../../../cms-server/src/config.ts';
import { currentSchemaVersion, pendingMigrations, schemaVersion, tableRowCounts } from '../../../cms-server/src/db/database.ts';
import { createLogger } from '../../../cms-server/src/logger.ts';
import { startServer, type RunningServer } from '../../../cms-server/src/server.ts';

const FIXTURE = path.resolve(import.meta.dirname, '../../fixtures/releases/a3a515a-keting.sqlite');
const OLD_VERSION = 14;
const OLD_ADMIN_PASSWORD = 'release-a3a515a-admin';

/** Every row of every table, each table's rows as sorted JSON: a database's content, whatever its file layout. */
function contentOf(file: string): { schema: string[]; rows: Record<string, string[]> } {
  const db = new Database(file, { readonly: true });
  try {
    const schema = db.prepare("SELECT type || ' ' || name || ': ' || coalesce(sql, '') FROM sqlite_master ORDER BY type, name").pluck().all() as string[];
    const rows: Record<string, string[]> = {};
    for (const t of Object.keys(tableRowCounts(db))) {
      rows[t] = (db.prepare(`SELECT * FROM "${t}"`).all() as unknown[]).map((r) => JSON.stringify(r)).sort();
    }
    return { schema, rows };
  } finally {
    db.close();
  }
}

let root: string;
let dataDir: string;
let backupDir: string;
let server: RunningServer | undefined;
let before: ReturnType<typeof contentOf>;

beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'keting-upgrade-'));
  dataDir = path.join(root, 'data');
  backupDir = path.join(root, 'backups');
  fs.mkdirSync(dataDir);
  fs.copyFileSync(FIXTURE, path.join(dataDir, 'keting.sqlite'));
  before = contentOf(FIXTURE);
});
afterAll(async () => {
  await server?.close();
  fs.rmSync(root, { recursive: true, force: true });
});

const config = () =>
  loadConfig({
    DATA_DIR: dataDir,
    BACKUP_DIR: backupDir,
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'silent',
    SAMPLE_VIDEOS: '0',
    SPEECH_PREWARM: '0',
    BACKUP_CRON: 'off',
  });

describe('the previous release’s database', { timeout: 60_000 }, () => {
  it('is older than this code: there are migrations to apply', () => {
    const db = new Database(FIXTURE, { readonly: true });
    expect(schemaVersion(db)).toBe(OLD_VERSION);
    expect(pendingMigrations(db).length).toBeGreaterThan(0);
    db.close();
    expect(currentSchemaVersion()).toBeGreaterThan(OLD_VERSION);
  });

  it('when the backup before the upgrade cannot be written, then the server does not start and nothing is migrated', async () => {
    const other = path.join(root, 'no-room');
    fs.mkdirSync(other);
    fs.copyFileSync(FIXTURE, path.join(other, 'keting.sqlite'));
    fs.writeFileSync(path.join(root, 'a-file'), '');
    const cfg = { ...config(), dataDir: other, dbPath: path.join(other, 'keting.sqlite'), mediaDir: path.join(other, 'media'), backupDir: path.join(root, 'a-file', 'backups') };
    await expect(startServer(cfg, createLogger('silent'))).rejects.toThrow(/升级前的备份失败[\s\S]*BACKUP_DIR/);
    const db = new Database(path.join(other, 'keting.sqlite'), { readonly: true });
    expect(schemaVersion(db)).toBe(OLD_VERSION);
    db.close();
    expect(fs.existsSync(path.join(other, 'keting.pid'))).toBe(false);
  });

  it('when the current server starts on it, then it is backed up first, every row is kept and the schema is current', async () => {
    server = await startServer(config(), createLogger('silent'));
    const backups = await listBackups(backupDir);
    expect(backups.map((b) => [b.manifest.kind, b.manifest.schemaVersion])).toEqual([['upgrade', OLD_VERSION]]);
    expect(await verifyBackup(backups[0]!.path)).toEqual([]);
    expect(schemaVersion(server.db)).toBe(currentSchemaVersion());
    expect(pendingMigrations(server.db)).toEqual([]);
    const counts = tableRowCounts(server.db);
    for (const [table, rows] of Object.entries(before.rows)) {
      if (table === 'schema_migrations') expect(counts[table]).toBe(currentSchemaVersion());
      // The fixture's one session expires a few hours after it was made; every start purges expired sessions.
      else if (table === 'sessions') expect(counts[table]).toBeLessThanOrEqual(rows.length);
      else expect([table, counts[table]]).toEqual([table, rows.length]);
    }
    // The people and households the old release stored are the same records.
    const names = (sql: string) => (server!.db.prepare(sql).pluck().all() as string[]).sort();
    expect(names('SELECT username FROM users')).toEqual(['admin', 'taiping-op']);
    expect(names('SELECT name FROM members')).toEqual(['张小明', '张建国', '李秀英']);
    expect(names('SELECT password_hash FROM users')).toEqual(
      before.rows.users!.map((r) => (JSON.parse(r) as { password_hash: string }).password_hash).sort(),
    );
  });

  it('when the old admin signs in over HTTP with the old password, then it works', async () => {
    const res = await fetch(`${server!.url}/api/admin/session`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: OLD_ADMIN_PASSWORD }),
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { user: { username: string; role: string } };
    expect(body.user).toMatchObject({ username: 'admin', role: 'admin' });
  });

  it('when the upgrade backup is restored into a fresh folder, then it is the old database again, row for row', async () => {
    await server!.close();
    server = undefined;
    const [upgrade] = await listBackups(backupDir);
    const fresh = path.join(root, 'back-to-a3a515a');
    await restoreBackup(upgrade!.path, fresh);
    const after = contentOf(path.join(fresh, 'keting.sqlite'));
    expect(after.schema).toEqual(before.schema);
    expect(after.rows).toEqual(before.rows);
  });
});
