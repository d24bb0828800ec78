// Backups that restore, end to end over real HTTP: a backup taken through the admin API while the server is being
// written to, restored with `npm run admin -- restore` into a fresh data folder, holds every row its manifest
// counts, and a server started on it serves every ready video (master playlist, variants, segments).
import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { parse } from 'hls-parser';
import type { types } from 'hls-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BackupTakenResponse, SystemStatusResponse } from '../../../cms-server/src/admin/contract.ts';
import { readManifest } from '../../../cms-server/src/backup/backup-service.ts';
import { tableRowCounts } from '../../../cms-server/src/db/database.ts';
import { adminOf, createStreets, type AdminClient } from '../../helpers/admin-client.ts';
import { copySeededData, ROOT, startKeting, type KetingProcess } from '../../helpers/server.ts';

let root: string;
let backupDir: string;
let k: KetingProcess | undefined;
let restored: KetingProcess | undefined;

beforeAll(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'keting-backup-e2e-'));
  backupDir = path.join(root, 'backups');
});
afterAll(async () => {
  await k?.stop();
  await restored?.stop();
  await fs.rm(root, { recursive: true, force: true });
});

function cli(args: string[], env: Record<string, string>): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'cms-server/src/cli.ts', ...args], {
      cwd: ROOT,
      env: { ...process.env, LOG_LEVEL: 'warn', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (b: Buffer) => (out += b.toString()));
    child.stderr.on('data', (b: Buffer) => (out += b.toString()));
    child.once('exit', (code) => resolve({ code, out }));
  });
}

describe('a backup of a running server under writes', () => {
  let manifestPath: string;
  let writtenBefore = 0;

  it('when a district admin backs up while households and their members are being written, then it is taken', async () => {
    const dataDir = await copySeededData({ ownMedia: true });
    k = await startKeting({ dataDir, env: { BACKUP_DIR: backupDir, BACKUP_CRON: 'off' } });
    const admin: AdminClient = await adminOf(k.baseUrl);
    await createStreets(admin);

    let stop = false;
    let n = 0;
    const failures: string[] = [];
    const writer = (async () => {
      while (!stop) {
        const i = n++;
        const home = await admin.json('POST', '/api/admin/households', { streetId: 'taiping', name: `写入中 ${i} 号`, address: `测试路 ${i} 号` });
        if (home.status !== 201) failures.push(`household ${i}: ${home.status}`);
        else {
          const m = await admin.json('POST', `/api/admin/households/${home.body.household.id}/members`, { name: `成员${i}`, partyMember: false, branchId: null });
          if (m.status !== 201) failures.push(`member ${i}: ${m.status}`);
        }
      }
    })();
    while (n < 5) await new Promise((r) => setTimeout(r, 20));
    writtenBefore = n - 1;
    const taken = await admin.json<BackupTakenResponse>('POST', '/api/admin/system/backup');
    const writtenDuring = n;
    await new Promise((r) => setTimeout(r, 200));
    stop = true;
    await writer;
    expect(failures).toEqual([]);
    expect(taken.status).toBe(200);
    expect(taken.body.backup.kind).toBe('manual');
    expect(n).toBeGreaterThan(writtenDuring); // writes went on after the backup
    manifestPath = path.join(backupDir, taken.body.backup.file);

    const status = await admin.json<SystemStatusResponse>('GET', '/api/admin/system');
    expect(status.status).toBe(200);
    expect(status.body.backup).toMatchObject({ stale: false, running: false, lastFailure: null, count: 1 });
    expect(status.body.backup.last).toEqual(taken.body.backup);
    await k.stop();
    k = undefined;
    await fs.rm(dataDir, { recursive: true, force: true });
  });

  it('when it is restored into a fresh folder with the command line, then every row the manifest counts is there', async () => {
    const fresh = path.join(root, 'restored');
    const env = { DATA_DIR: fresh, BACKUP_DIR: backupDir };
    const r = await cli(['restore', manifestPath], env);
    expect(r.out).toContain('已恢复 restored');
    expect(r.code).toBe(0);
    // A second restore onto it is refused without --force (exit 1); a wrong call is a usage error (exit 2).
    expect((await cli(['restore', manifestPath], env)).code).toBe(1);
    expect((await cli(['restore'], env)).code).toBe(2);

    const manifest = await readManifest(manifestPath);
    const db = new Database(path.join(fresh, 'keting.sqlite'), { readonly: true });
    expect(tableRowCounts(db)).toEqual(manifest.tables);
    // Everything written before the backup was asked for is in it.
    const homes = db.prepare("SELECT count(*) FROM households WHERE name LIKE '写入中 %'").pluck().get() as number;
    db.close();
    expect(homes).toBeGreaterThanOrEqual(writtenBefore);
    expect(homes).toBe(manifest.tables.households);
    // A household and its member are written by two requests: the backup may fall between them, never inside one.
    expect(manifest.tables.members! - homes).toBeGreaterThanOrEqual(-1);
  });

  it('when a server starts on the restored folder, then every ready video’s playlists and segments are served', async () => {
    restored = await startKeting({ dataDir: path.join(root, 'restored'), env: { BACKUP_DIR: path.join(root, 'unused'), BACKUP_CRON: 'off' } });
    const db = new Database(path.join(root, 'restored', 'keting.sqlite'), { readonly: true });
    const ready = db.prepare("SELECT id FROM assets WHERE status = 'ready'").pluck().all() as string[];
    db.close();
    expect(ready.length).toBeGreaterThan(0);
    let segments = 0;
    for (const id of ready) {
      const masterUrl = `${restored.baseUrl}/media/${id}/master.m3u8`;
      const res = await fetch(masterUrl);
      expect([id, res.status]).toEqual([id, 200]);
      const master = parse(await res.text()) as types.MasterPlaylist;
      expect(master.isMasterPlaylist).toBe(true);
      for (const v of master.variants) {
        const mediaUrl = new URL(v.uri, masterUrl).href;
        const m = await fetch(mediaUrl);
        expect([mediaUrl, m.status]).toEqual([mediaUrl, 200]);
        const media = parse(await m.text()) as types.MediaPlaylist;
        expect(media.segments.length).toBeGreaterThan(0);
        for (const s of media.segments) {
          const segUrl = new URL(s.uri, mediaUrl).href;
          const seg = await fetch(segUrl);
          expect([segUrl, seg.status]).toEqual([segUrl, 200]);
          expect((await seg.arrayBuffer()).byteLength).toBeGreaterThan(0);
          segments++;
        }
      }
    }
    expect(segments).toBeGreaterThan(ready.length);
  });
});
