// /api/admin/system — 系统维护: the backups' status, the data disk's free space and the videos waiting for it, and
// 立即备份. Reading: admins, district or street (a street admin is told neither where backups are written nor
// allowed to start one); every other role is refused (403). Taking a backup: district admins.
import { Router } from 'express';
import type { BackupTakenResponse, SystemStatusResponse } from '../admin/contract.ts';
import { actorOf } from '../auth/policy.ts';
import { AppError } from '../domain/errors.ts';
import type { Actor } from '../domain/scope.ts';
import { backupView, type BackupRunner } from './backup-runner.ts';

const mayRead = (a: Actor) => a.role === 'admin';
const mayBackUp = (a: Actor) => a.role === 'admin' && a.streetId === null;

export function systemRouter(runner: BackupRunner, disk: () => Promise<SystemStatusResponse['disk']>): Router {
  const r = Router();
  r.get('/', async (req, res) => {
    const actor = actorOf(req);
    if (!mayRead(actor)) throw new AppError(403, 'forbidden', '你的账号没有查看系统维护的权限。');
    const backup = await runner.status();
    // Where backups are written is a server path: told to district admins only.
    if (!mayBackUp(actor)) backup.backupDir = null;
    res.json({ backup, disk: await disk(), canBackUp: mayBackUp(actor) } satisfies SystemStatusResponse);
  });
  r.post('/backup', async (req, res) => {
    const actor = actorOf(req);
    if (!mayBackUp(actor)) throw new AppError(403, 'forbidden', '只有全区管理员可以立即备份。');
    if (req.body !== undefined && (typeof req.body !== 'object' || req.body === null || Array.isArray(req.body) || Object.keys(req.body).length > 0)) {
      throw new AppError(400, 'invalid_body', '立即备份不需要任何内容。');
    }
    const result = await runner.run('manual');
    res.json({
      backup: backupView({ path: result.manifestPath, manifest: result.manifest }),
      copiedBytes: result.copiedBytes,
      durationMs: result.durationMs,
    } satisfies BackupTakenResponse);
  });
  return r;
}
