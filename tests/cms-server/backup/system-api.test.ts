// /api/admin/system over real HTTP: who may read the backups' status and who may press 立即备份, by role and
// street; bad requests; one backup at a time; a failed backup shown with its reason; no backup = stale.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SystemStatusResponse } from '../../../cms-server/src/admin/contract.ts';
import { ROLES, type Role } from '../../../cms-server/src/domain/scope.ts';
import { adminOf, createStreets, userClient, type AdminClient } from '../../helpers/admin-client.ts';
import { startKeting, type KetingProcess } from '../../helpers/server.ts';

let root: string;
let k: KetingProcess;
let broken: KetingProcess;
let admin: AdminClient;
const clients = new Map<string, AdminClient>();

beforeAll(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'keting-system-api-'));
  k = await startKeting({ env: { BACKUP_DIR: path.join(root, 'backups'), BACKUP_CRON: '0 4 * * *' } });
  admin = await adminOf(k.baseUrl);
  await createStreets(admin);
  clients.set('admin/district', admin);
  for (const role of ROLES) {
    for (const street of [null, 'taiping'] as const) {
      if (role === 'admin' && street === null) continue;
      clients.set(`${role}/${street ?? 'district'}`, await userClient(admin, { role, streetId: street }));
    }
  }
  // A server whose BACKUP_DIR cannot be made (a regular file is in the way).
  await fs.writeFile(path.join(root, 'a-file'), '');
  broken = await startKeting({ env: { BACKUP_DIR: path.join(root, 'a-file', 'backups'), BACKUP_CRON: 'off' } });
});
afterAll(async () => {
  await k?.stop();
  await broken?.stop();
  await fs.rm(root, { recursive: true, force: true });
});

const readers = new Set(['admin/district', 'admin/taiping']);

describe('GET /api/admin/system', () => {
  it('when there is no backup yet, then a district admin is told it is stale, the schedule in words and the free space', async () => {
    const r = await admin.json<SystemStatusResponse>('GET', '/api/admin/system');
    expect(r.status).toBe(200);
    expect(r.body.canBackUp).toBe(true);
    expect(r.body.backup).toMatchObject({
      last: null,
      stale: true,
      staleHours: 36,
      lastFailure: null,
      running: false,
      backupDir: path.join(root, 'backups'),
      schedule: '0 4 * * *',
      scheduleText: '每天 04:00（北京时间）',
      count: 0,
    });
    expect(r.body.backup.freeBytes).toBeGreaterThan(0);
    expect(r.body.disk).toEqual({ freeBytes: expect.any(Number), reserveBytes: 512 * 1024 * 1024, videosWaiting: 0 });
    expect(r.body.disk.freeBytes).toBeGreaterThan(0);
  });

  it.each(ROLES.flatMap((role: Role) => [`${role}/district`, `${role}/taiping`]))('as %s: only admins may read', async (who) => {
    const r = await clients.get(who)!.json<SystemStatusResponse>('GET', '/api/admin/system');
    if (readers.has(who)) {
      expect(r.status).toBe(200);
      expect(r.body.canBackUp).toBe(who === 'admin/district');
      // A street admin is not told the server's paths.
      expect(r.body.backup.backupDir === null).toBe(who !== 'admin/district');
    } else {
      expect(r.status).toBe(403);
      expect((r.body as unknown as { error: { code: string } }).error.code).toBe('forbidden');
    }
  });

  it('without a session, then 401', async () => {
    const res = await fetch(`${k.baseUrl}/api/admin/system`);
    expect(res.status).toBe(401);
  });
});

describe('POST /api/admin/system/backup', () => {
  it.each(ROLES.flatMap((role: Role) => [`${role}/district`, `${role}/taiping`]).filter((w) => w !== 'admin/district'))(
    'as %s: refused (district admins only)',
    async (who) => {
      const r = await clients.get(who)!.json('POST', '/api/admin/system/backup');
      expect(r.status).toBe(403);
      expect(r.body.error.code).toBe('forbidden');
    },
  );

  it('when a body is sent, the CSRF token is missing or the body is not JSON, then nothing is backed up', async () => {
    const withBody = await admin.json('POST', '/api/admin/system/backup', { kind: 'upgrade' });
    expect([withBody.status, withBody.body.error.code]).toEqual([400, 'invalid_body']);
    const noCsrf = await fetch(`${k.baseUrl}/api/admin/system/backup`, { method: 'POST', headers: { Cookie: admin.cookie } });
    expect(noCsrf.status).toBe(403);
    const bad = await fetch(`${k.baseUrl}/api/admin/system/backup`, {
      method: 'POST',
      headers: { ...admin.headers(), 'Content-Type': 'application/json' },
      body: '{not json',
    });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { code: string } }).error.code).toBe('malformed_json');
    const status = await admin.json<SystemStatusResponse>('GET', '/api/admin/system');
    expect(status.body.backup.count).toBe(0);
  });

  it('when two backups are asked for at once, then one is taken and the other refused with backup_running', async () => {
    const [a, b] = await Promise.all([admin.json('POST', '/api/admin/system/backup'), admin.json('POST', '/api/admin/system/backup')]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    expect((a.status === 409 ? a : b).body.error.code).toBe('backup_running');
    const status = await admin.json<SystemStatusResponse>('GET', '/api/admin/system');
    expect(status.body.backup.stale).toBe(false);
    expect(status.body.backup.last?.kind).toBe('manual');
  });

  it('when the backup folder cannot be written, then 500 backup_failed, and the status shows the failure and stays stale', async () => {
    const a = await adminOf(broken.baseUrl);
    const r = await a.json('POST', '/api/admin/system/backup');
    expect(r.status).toBe(500);
    expect(r.body.error.code).toBe('backup_failed');
    const s = await a.json<SystemStatusResponse>('GET', '/api/admin/system');
    expect(s.body.backup.stale).toBe(true);
    expect(s.body.backup.lastFailure).toMatchObject({ kind: 'manual', reason: expect.stringContaining('备份') });
    expect(s.body.backup.scheduleText).toBe('没有开启定时备份');
  });
});
