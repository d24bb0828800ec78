// Background work of the CMS process, started from this one place: housekeeping at boot (before any job is
// taken), the packaging job worker, the publishing scheduler, the relay engine and a periodic housekeeping pass.
// Started and stopped by server.ts.
import fs from 'node:fs/promises';
import { DISK_RECHECK_S, HOUSEKEEPING_INTERVAL_MIN, JOB_LEASE_S } from './constants.ts';
import type { Config } from './config.ts';
import type { Db } from './db/database.ts';
import type { Logger } from './logger.ts';
import { housekeeping } from './jobs/housekeeping.ts';
import { PackageJobHandler } from './jobs/package-job.ts';
import { JobWorker } from './jobs/worker.ts';
import { startScheduler } from './scheduler/index.ts';
import { relayCacheDir } from './broadcasts/relay-feeds.ts';
import { startRelayEngine } from './broadcasts/relay-engine.ts';
import cron from 'node-cron';
import { BackupRunner } from './backup/backup-runner.ts';
import { TIME_ZONE } from './domain/time.ts';

export interface BackgroundWork {
  worker: JobWorker;
  stop(): Promise<void>;
}

export async function startBackgroundWork(config: Config, db: Db, log: Logger): Promise<BackgroundWork> {
  checkBackupCron(config);
  const dirs = { mediaDir: config.mediaDir, sourcesDir: config.sourcesDir, uploadsDir: config.uploadsDir };
  await Promise.all(Object.values(dirs).map((d) => fs.mkdir(d, { recursive: true })));
  await housekeeping(db, dirs, log);
  const worker = new JobWorker({
    db,
    log,
    leaseMs: (config.jobLeaseSeconds ?? JOB_LEASE_S) * 1000,
    // A job held for want of disk space looks at the free space again this often.
    holdRecheckMs: (config.diskRecheckSeconds ?? DISK_RECHECK_S) * 1000,
    handlers: {
      package: new PackageJobHandler({
        db,
        log,
        mediaDir: config.mediaDir,
        sourcesDir: config.sourcesDir,
        readrate: config.testPackageReadrate,
        diskReserveBytes: config.diskReserveBytes,
      }),
    },
  });
  worker.start();
  // The publishing scheduler: its first run happens here, before the server takes requests.
  const scheduler = startScheduler({ db, log, config });
  // The relay engine: pulls relay slots' upstreams into the relay cache, records them when they end.
  const relay = startRelayEngine({
    db,
    log,
    cacheDir: relayCacheDir(config.dataDir),
    mediaDir: config.mediaDir,
    allowPrivate: config.relayAllowPrivate,
  });
  // The scheduled backup (BACKUP_CRON, Shanghai time; "off" = none): database + media manifest into BACKUP_DIR.
  const backupTask = scheduleBackups(config, db, log);
  const timer = setInterval(() => {
    housekeeping(db, dirs, log).catch((e: unknown) => log.warn({ err: e }, 'housekeeping failed'));
  }, HOUSEKEEPING_INTERVAL_MIN * 60_000);
  timer.unref();
  return {
    worker,
    async stop() {
      clearInterval(timer);
      await backupTask?.destroy();
      await scheduler.stop();
      await relay.stop();
      await worker.stop();
    },
  };
}

/** BACKUP_CRON must be a cron expression or "off": a wrong one stops the start, with what to write instead. */
export function checkBackupCron(config: Config): void {
  if (config.backupCron && !cron.validate(config.backupCron)) {
    throw new Error(`BACKUP_CRON "${config.backupCron}" is not a cron expression (e.g. "30 3 * * *" = every day at 03:30 Shanghai time, or "off")`);
  }
}

/** Schedules the backups (BACKUP_CRON, checked by checkBackupCron at the start). */
function scheduleBackups(config: Config, db: Db, log: Logger): ReturnType<typeof cron.schedule> | undefined {
  if (!config.backupCron) {
    log.warn('BACKUP_CRON=off: no scheduled backups');
    return undefined;
  }
  const runner = BackupRunner.for(db, config, log.child({ part: 'backup' }));
  const run = () => runner.run('scheduled').then(
    () => undefined,
    () => undefined, // logged and kept for the admin by the runner
  );
  return cron.schedule(config.backupCron, run, { name: 'backup', timezone: TIME_ZONE, noOverlap: true });
}
