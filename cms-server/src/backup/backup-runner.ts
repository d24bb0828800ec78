// The process's backup taker: one backup at a time (a second request is refused, 409 backup_running), the last
// failure remembered across restarts (BACKUP_DIR/last-failure.json; the last good backup is the newest manifest),
// and the status the admin's 系统维护 page shows. One runner per database (the scheduled backups of background.ts
// and the admin's 立即备份 share it).
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { BACKUP_STALE_H } from '../constants.ts';
import type { BackupFailureView, BackupView, SystemStatusResponse } from '../admin/contract.ts';
import type { Db } from '../db/database.ts';
import { AppError } from '../domain/errors.ts';
import type { Logger } from '../logger.ts';
import { freeBytesNear } from '../storage/disk-space.ts';
import { isStale, listBackups, takeBackup, type BackupKind, type BackupResult, type ListedBackup } from './backup-service.ts';

const FAILURE_FILE = 'last-failure.json';

export interface BackupSettings {
  dataDir: string;
  mediaDir: string;
  backupDir: string;
  backupCron: string | undefined;
  backupKeep: number;
}

const WEEKDAYS = ['日', '一', '二', '三', '四', '五', '六', '日'];
const pad = (n: string) => n.padStart(2, '0');

/** A cron schedule in plain Chinese for the common shapes (every day / week / month at a time); else the expression. */
export function scheduleText(cron: string | undefined): string {
  if (!cron) return '没有开启定时备份';
  const f = cron.trim().split(/\s+/);
  const fields = f.length === 6 ? f.slice(1) : f;
  const [min, hour, dom, mon, dow] = fields;
  const num = /^\d{1,2}$/;
  if (fields.length === 5 && num.test(min!) && num.test(hour!) && mon === '*') {
    const at = `${pad(hour!)}:${pad(min!)}`;
    if (dom === '*' && dow === '*') return `每天 ${at}（北京时间）`;
    if (dom === '*' && /^[0-7]$/.test(dow!)) return `每周${WEEKDAYS[Number(dow)]} ${at}（北京时间）`;
    if (num.test(dom!) && dow === '*') return `每月 ${Number(dom)} 日 ${at}（北京时间）`;
  }
  return `按计划“${cron}”（北京时间）`;
}

export function backupView(b: ListedBackup): BackupView {
  return {
    at: b.manifest.createdAt,
    kind: b.manifest.kind,
    bytes: b.manifest.totalBytes,
    file: path.basename(b.path),
    schemaVersion: b.manifest.schemaVersion,
    mediaFiles: Object.keys(b.manifest.media).length,
  };
}

/** A failure in words a person can act on. */
function reasonOf(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  if (e instanceof AppError) return e.message;
  if (err?.code === 'ENOSPC') return '备份目录所在的磁盘满了，请清理空间或换一个备份目录（BACKUP_DIR）。';
  if (err?.code === 'EACCES' || err?.code === 'EPERM') return '没有权限写备份目录，请检查 BACKUP_DIR 的权限。';
  if (err?.code === 'EROFS') return '备份目录是只读的，请换一个备份目录（BACKUP_DIR）。';
  return `备份出错：${err?.message ?? String(e)}`;
}

const runners = new WeakMap<Db, BackupRunner>();

export class BackupRunner {
  private running = false;
  private failure: BackupFailureView | null = null;

  constructor(
    private readonly db: Db,
    private readonly settings: BackupSettings,
    private readonly log: Logger,
    private readonly clock: () => Date = () => new Date(),
  ) {
    try {
      this.failure = JSON.parse(fs.readFileSync(path.join(settings.backupDir, FAILURE_FILE), 'utf8')) as BackupFailureView;
    } catch {
      this.failure = null;
    }
  }

  /** The one runner of this database in this process. */
  static for(db: Db, settings: BackupSettings, log: Logger): BackupRunner {
    let r = runners.get(db);
    if (!r) {
      r = new BackupRunner(db, settings, log);
      runners.set(db, r);
    }
    return r;
  }

  get isRunning(): boolean {
    return this.running;
  }

  async run(kind: BackupKind): Promise<BackupResult> {
    if (this.running) throw new AppError(409, 'backup_running', '已有一个备份正在进行，请稍后再试。');
    this.running = true;
    const at = this.clock();
    try {
      const result = await takeBackup(this.db, {
        dataDir: this.settings.dataDir,
        mediaDir: this.settings.mediaDir,
        backupDir: this.settings.backupDir,
        kind,
        keep: { scheduled: this.settings.backupKeep },
        now: () => at,
      });
      this.failure = null;
      await fsp.rm(path.join(this.settings.backupDir, FAILURE_FILE), { force: true }).catch(() => undefined);
      this.log.info({ manifest: result.manifestPath, bytes: result.manifest.totalBytes, copied: result.copiedBytes, ms: result.durationMs }, `backup (${kind}) done`);
      return result;
    } catch (e) {
      if (e instanceof AppError && e.code === 'backup_running') throw e;
      this.failure = { at: at.toISOString(), kind, reason: reasonOf(e) };
      this.log.error({ err: e }, `backup (${kind}) failed`);
      await fsp
        .writeFile(path.join(this.settings.backupDir, FAILURE_FILE), JSON.stringify(this.failure))
        .catch(() => undefined); // the folder itself may be what failed; the failure is still kept in memory
      throw new AppError(500, 'backup_failed', this.failure.reason);
    } finally {
      this.running = false;
    }
  }

  async status(): Promise<SystemStatusResponse['backup']> {
    const backups = await listBackups(this.settings.backupDir);
    const newest = backups[0];
    const failure = this.failure && (!newest || Date.parse(this.failure.at) > Date.parse(newest.manifest.createdAt)) ? this.failure : null;
    return {
      last: newest ? backupView(newest) : null,
      stale: isStale(newest?.manifest.createdAt, this.clock()),
      staleHours: BACKUP_STALE_H,
      lastFailure: failure,
      running: this.running,
      backupDir: this.settings.backupDir,
      schedule: this.settings.backupCron ?? null,
      scheduleText: scheduleText(this.settings.backupCron),
      freeBytes: await freeBytesNear(this.settings.backupDir),
      count: backups.length,
    };
  }
}
