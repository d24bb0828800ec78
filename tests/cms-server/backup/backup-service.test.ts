// The backup service on real files: a backup restores to the same rows and media, unchanged media is not copied
// twice, the retention rule and the pool's garbage, one backup at a time, and every refusal of a restore.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkBackupCron } from '../../../cms-server/src/background.ts';
import { BackupRunner, scheduleText } from '../../../cms-server/src/backup/backup-runner.ts';
import type { Config } from '../../../cms-server/src/config.ts';
import { createLogger } from '../../../cms-server/src/logger.ts';
import {
  isStale,
  listBackups,
  poolPath,
  readManifest,
  restoreBackup,
  RestoreRefused,
  takeBackup,
  verifyBackup,
} from '../../../cms-server/src/backup/backup-service.ts';
import { PID_FILE } from '../../../cms-server/src/backup/pid-file.ts';
import { openDatabase, tableRowCounts, type Db } from '../../../cms-server/src/db/database.ts';

let root: string;
let dataDir: string;
let backupDir: string;
let db: Db;

function writeMedia(rel: string, content: string | Buffer): void {
  const file = path.join(dataDir, 'media', rel);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
}

function addStreet(id: string): void {
  db.prepare('INSERT INTO streets (id, name) VALUES (?, ?)').run(id, `${id}街道`);
}

beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'keting-backup-'));
  dataDir = path.join(root, 'data');
  backupDir = path.join(root, 'backups');
  db = openDatabase(path.join(dataDir, 'keting.sqlite'));
  addStreet('taiping');
  writeMedia('a1/master.m3u8', '#EXTM3U\n');
  writeMedia('a1/720p/seg-0.ts', Buffer.alloc(300_000, 1));
  writeMedia('a1/720p/seg-1.ts', Buffer.alloc(300_000, 1)); // same bytes: one pool file
  writeMedia('a2/poster.jpg', Buffer.alloc(5_000, 7));
});
afterEach(() => {
  if (db.open) db.close();
  fs.rmSync(root, { recursive: true, force: true });
});

const at = (iso: string) => () => new Date(iso);
const poolFiles = () =>
  fs.existsSync(path.join(backupDir, 'media'))
    ? fs.readdirSync(path.join(backupDir, 'media'), { recursive: true, withFileTypes: true }).filter((d) => d.isFile()).length
    : 0;

describe('takeBackup and restoreBackup', { timeout: 30_000 }, () => {
  it('when a backup is restored into an empty folder, then every table has its rows and every media file its bytes', async () => {
    const b = await takeBackup(db, { dataDir, backupDir, kind: 'manual' });
    expect(path.basename(b.manifestPath)).toMatch(/^keting-\d{8}-\d{6}-manual\.json$/);
    expect(b.manifest.tables.streets).toBe(1);
    expect(Object.keys(b.manifest.media).sort()).toEqual(['a1/720p/seg-0.ts', 'a1/720p/seg-1.ts', 'a1/master.m3u8', 'a2/poster.jpg']);
    expect(await verifyBackup(b.manifestPath)).toEqual([]);
    // The database copy is one file: no WAL beside it, and not in WAL mode.
    expect(fs.readdirSync(backupDir).filter((f) => f.endsWith('-wal') || f.endsWith('-shm'))).toEqual([]);

    const target = path.join(root, 'restored');
    const r = await restoreBackup(b.manifestPath, target);
    expect(r.movedAside).toEqual([]);
    const restored = new Database(path.join(target, 'keting.sqlite'), { readonly: true });
    expect(tableRowCounts(restored)).toEqual(tableRowCounts(db));
    expect(restored.pragma('journal_mode', { simple: true })).toBe('delete');
    restored.close();
    for (const rel of Object.keys(b.manifest.media)) {
      expect(fs.readFileSync(path.join(target, 'media', rel))).toEqual(fs.readFileSync(path.join(dataDir, 'media', rel)));
    }
  });

  it('when the media folder is a symbolic link, then the files it points to are backed up', async () => {
    const real = path.join(root, 'elsewhere');
    fs.renameSync(path.join(dataDir, 'media'), real);
    fs.symlinkSync(real, path.join(dataDir, 'media'));
    const b = await takeBackup(db, { dataDir, backupDir, kind: 'scheduled' });
    expect(Object.keys(b.manifest.media)).toHaveLength(4);
    expect(path.basename(b.manifestPath)).toMatch(/^keting-\d{8}-\d{6}\.json$/);
  });

  it('when nothing changed, then a second backup copies only the database; a changed file alone is copied next', async () => {
    const first = await takeBackup(db, { dataDir, backupDir, kind: 'manual', now: at('2026-12-01T01:00:00Z') });
    expect(poolFiles()).toBe(3); // seg-0 and seg-1 are the same bytes
    expect(first.copiedBytes).toBe(first.manifest.database.bytes + 300_000 + 5_000 + 8);
    const second = await takeBackup(db, { dataDir, backupDir, kind: 'manual', now: at('2026-12-01T02:00:00Z') });
    expect(second.copiedBytes).toBe(second.manifest.database.bytes);
    expect(poolFiles()).toBe(3);
    writeMedia('a2/poster.jpg', Buffer.alloc(6_000, 9));
    const third = await takeBackup(db, { dataDir, backupDir, kind: 'manual', now: at('2026-12-01T03:00:00Z') });
    expect(third.copiedBytes).toBe(third.manifest.database.bytes + 6_000);
    expect(poolFiles()).toBe(4); // the old poster is still needed by the first two
  });

  it('when more backups than the rule keeps exist, then the oldest of each kind go, and media only they held leaves the pool', async () => {
    const keep = { scheduled: 2, manual: 1, upgrade: 1 };
    writeMedia('old.bin', 'only in the first backup');
    const oldest = await takeBackup(db, { dataDir, backupDir, kind: 'scheduled', keep, now: at('2026-12-01T01:00:00Z') });
    fs.rmSync(path.join(dataDir, 'media', 'old.bin'));
    await takeBackup(db, { dataDir, backupDir, kind: 'upgrade', keep, now: at('2026-12-01T01:30:00Z') });
    await takeBackup(db, { dataDir, backupDir, kind: 'scheduled', keep, now: at('2026-12-02T01:00:00Z') });
    const oldPool = poolPath(backupDir, oldest.manifest.media['old.bin']!.sha256);
    expect(fs.existsSync(oldPool)).toBe(true);
    const newest = await takeBackup(db, { dataDir, backupDir, kind: 'scheduled', keep, now: at('2026-12-03T01:00:00Z') });
    expect(newest.removed).toEqual([oldest.manifestPath]);
    expect(fs.existsSync(path.join(backupDir, oldest.manifest.database.file))).toBe(false);
    expect(fs.existsSync(oldPool)).toBe(false);
    const kinds = (await listBackups(backupDir)).map((b) => [b.manifest.kind, b.manifest.createdAt]);
    expect(kinds).toEqual([
      ['scheduled', '2026-12-03T01:00:00.000Z'],
      ['scheduled', '2026-12-02T01:00:00.000Z'],
      ['upgrade', '2026-12-01T01:30:00.000Z'],
    ]);
    for (const b of await listBackups(backupDir)) expect(await verifyBackup(b.path)).toEqual([]);
  });

  it('when two backups are asked for at once, then one is taken and the other refused with backup_running', async () => {
    // Which one gets the lock depends on which folder check the disk answers first (seen both ways under load).
    const both = await Promise.allSettled([
      takeBackup(db, { dataDir, backupDir, kind: 'manual' }),
      takeBackup(db, { dataDir, backupDir, kind: 'manual' }),
    ]);
    expect(both.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(both.find((r) => r.status === 'rejected')).toMatchObject({ reason: { status: 409, code: 'backup_running' } });
    // The lock is released: a next backup is taken.
    await expect(takeBackup(db, { dataDir, backupDir, kind: 'manual' })).resolves.toBeTruthy();
  });

  it('when the database is written to during the backup, then the copy is whole and holds a consistent snapshot', async () => {
    let stop = false;
    let n = 0;
    const writer = (async () => {
      while (!stop) {
        db.transaction(() => {
          addStreet(`s${n}`);
          addStreet(`t${n}`);
        })();
        n++;
        await new Promise((r) => setImmediate(r));
      }
    })();
    const b = await takeBackup(db, { dataDir, backupDir, kind: 'manual' });
    stop = true;
    await writer;
    const copy = new Database(path.join(backupDir, b.manifest.database.file), { readonly: true });
    expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
    const streets = copy.prepare('SELECT count(*) FROM streets').pluck().get() as number;
    copy.close();
    expect(streets).toBe(b.manifest.tables.streets);
    expect((streets - 1) % 2).toBe(0); // pairs written in one transaction are never split
  });
});

describe('restoreBackup refuses', { timeout: 30_000 }, () => {
  let manifestPath: string;
  let target: string;
  beforeEach(async () => {
    manifestPath = (await takeBackup(db, { dataDir, backupDir, kind: 'manual' })).manifestPath;
    target = path.join(root, 'target');
  });
  const reasonOf = async (p: Promise<unknown>) => {
    try {
      await p;
    } catch (e) {
      if (e instanceof RestoreRefused) return e.reason;
      throw e;
    }
    return 'restored';
  };

  it('when a live server uses the data folder (its pid file), then nothing is restored', async () => {
    fs.mkdirSync(target, { recursive: true });
    fs.writeFileSync(path.join(target, PID_FILE), `${process.pid}\n`);
    expect(await reasonOf(restoreBackup(manifestPath, target))).toBe('server_running');
    expect(fs.existsSync(path.join(target, 'keting.sqlite'))).toBe(false);
    // A pid file left by a process that is gone does not count.
    fs.writeFileSync(path.join(target, PID_FILE), '999999999\n');
    expect(await reasonOf(restoreBackup(manifestPath, target))).toBe('restored');
  });

  it('when the folder already holds a database, then only --force replaces it, moving the old one aside', async () => {
    expect(await reasonOf(restoreBackup(manifestPath, dataDir))).toBe('not_empty');
    addStreet('after-the-backup');
    db.close();
    const r = await restoreBackup(manifestPath, dataDir, { force: true, now: at('2026-12-03T07:00:00Z') });
    expect(r.movedAside.map((p) => path.basename(p)).sort()).toEqual(['keting.sqlite.before-restore-20261203-150000', 'media.before-restore-20261203-150000']);
    const old = new Database(path.join(dataDir, 'keting.sqlite.before-restore-20261203-150000'), { readonly: true });
    expect(old.prepare("SELECT count(*) FROM streets WHERE id = 'after-the-backup'").pluck().get()).toBe(1);
    old.close();
    const now = new Database(path.join(dataDir, 'keting.sqlite'), { readonly: true });
    expect(now.prepare("SELECT count(*) FROM streets WHERE id = 'after-the-backup'").pluck().get()).toBe(0);
    now.close();
  });

  it('when a media file of the backup was changed, then the backup is called damaged and nothing is restored', async () => {
    const m = await readManifest(manifestPath);
    fs.writeFileSync(poolPath(backupDir, m.media['a2/poster.jpg']!.sha256), Buffer.alloc(5_000, 8));
    expect(await verifyBackup(manifestPath)).toEqual([expect.stringContaining('media/a2/poster.jpg')]);
    expect(await reasonOf(restoreBackup(manifestPath, target))).toBe('damaged');
    expect(fs.existsSync(path.join(target, 'keting.sqlite'))).toBe(false);
    expect(fs.existsSync(path.join(target, 'media'))).toBe(false);
  });

  it('when the database copy is missing, then the backup is damaged', async () => {
    fs.rmSync(path.join(backupDir, (await readManifest(manifestPath)).database.file));
    expect(await reasonOf(restoreBackup(manifestPath, target))).toBe('damaged');
  });

  it.each([
    ['a media path climbing out', (m: any) => (m.media['../../evil.sh'] = m.media['a2/poster.jpg'])],
    ['an absolute media path', (m: any) => (m.media['/etc/cron.d/evil'] = m.media['a2/poster.jpg'])],
    ['a media path with a backslash', (m: any) => (m.media['a\\..\\..\\evil'] = m.media['a2/poster.jpg'])],
    ['a database file outside the folder', (m: any) => (m.database.file = '../keting-x.sqlite')],
    ['a hash that is no hash', (m: any) => (m.media['a2/poster.jpg'].sha256 = '../../../etc/passwd')],
    ['another format', (m: any) => (m.format = 2)],
  ])('when the manifest holds %s, then it is refused as a bad manifest', async (_what, tamper) => {
    const m = JSON.parse(fs.readFileSync(manifestPath, 'utf8'));
    tamper(m);
    const bad = path.join(root, 'bad.json'); // a manifest outside BACKUP_DIR may be given; its files stay beside it
    fs.writeFileSync(bad, JSON.stringify(m));
    expect(await reasonOf(restoreBackup(bad, target))).toBe('bad_manifest');
    expect(fs.existsSync(target)).toBe(false);
    expect(fs.existsSync(path.join(root, 'evil.sh'))).toBe(false);
  });
});

describe('the status words', () => {
  it('calls a backup older than 36 hours, or none, stale', () => {
    const now = new Date('2026-12-03T12:00:00Z');
    expect(isStale(undefined, now)).toBe(true);
    expect(isStale('2026-12-02T00:00:01Z', now)).toBe(false);
    expect(isStale('2026-12-01T23:59:00Z', now)).toBe(true);
  });

  it('says the schedule in plain Chinese for the common shapes', () => {
    expect(scheduleText('30 3 * * *')).toBe('每天 03:30（北京时间）');
    expect(scheduleText('0 2 * * 0')).toBe('每周日 02:00（北京时间）');
    expect(scheduleText('15 1 1 * *')).toBe('每月 1 日 01:15（北京时间）');
    expect(scheduleText('*/30 * * * *')).toBe('按计划“*/30 * * * *”（北京时间）');
    expect(scheduleText(undefined)).toBe('没有开启定时备份');
  });
});

describe('the runner’s status and the schedule check', { timeout: 30_000 }, () => {
  const settings = () => ({ dataDir, mediaDir: path.join(dataDir, 'media'), backupDir, backupCron: '30 3 * * *', backupKeep: 14 });

  it('when the newest backup is two days old, then the status calls it stale; a new one is not', async () => {
    const clock = () => new Date('2026-12-03T12:00:00Z');
    await takeBackup(db, { dataDir, backupDir, kind: 'scheduled', now: at('2026-12-01T12:00:00Z') });
    const runner = new BackupRunner(db, settings(), createLogger('silent'), clock);
    const old = await runner.status();
    expect(old).toMatchObject({ stale: true, last: { kind: 'scheduled', at: '2026-12-01T12:00:00.000Z' }, count: 1, running: false });
    await runner.run('manual');
    expect(await runner.status()).toMatchObject({ stale: false, last: { kind: 'manual', at: '2026-12-03T12:00:00.000Z' }, count: 2, lastFailure: null });
  });

  it('when a backup fails, then the failure is kept for the next process too, until a backup succeeds', async () => {
    const runner = new BackupRunner(db, settings(), createLogger('silent'));
    fs.mkdirSync(backupDir, { recursive: true });
    fs.writeFileSync(path.join(backupDir, 'media'), 'a file where the pool should be');
    await expect(runner.run('manual')).rejects.toMatchObject({ status: 500, code: 'backup_failed' });
    const again = new BackupRunner(db, settings(), createLogger('silent'));
    expect((await again.status()).lastFailure).toMatchObject({ kind: 'manual', reason: expect.stringContaining('备份') });
    fs.rmSync(path.join(backupDir, 'media'));
    await again.run('manual');
    expect((await new BackupRunner(db, settings(), createLogger('silent')).status()).lastFailure).toBeNull();
  });

  it('refuses a BACKUP_CRON that is not a cron expression, and accepts "off"', () => {
    expect(() => checkBackupCron({ backupCron: '61 3 * * *' } as Config)).toThrow(/BACKUP_CRON "61 3 \* \* \*" is not a cron expression/);
    expect(() => checkBackupCron({ backupCron: '30 3 * * *' } as Config)).not.toThrow();
    expect(() => checkBackupCron({ backupCron: undefined } as Config)).not.toThrow();
  });
});
