// Background work of the CMS process: housekeeping at boot (before any job is taken), then the job worker
// and a periodic housekeeping pass. Started and stopped by server.ts.
import fs from 'node:fs/promises';
import { HOUSEKEEPING_INTERVAL_MIN, JOB_LEASE_S } from '../constants.ts';
import type { Config } from '../config.ts';
import type { Db } from '../db/database.ts';
import type { Logger } from '../logger.ts';
import { housekeeping } from './housekeeping.ts';
import { PackageJobHandler } from './package-job.ts';
import { JobWorker } from './worker.ts';
import { startScheduler } from '../scheduler/index.ts';

export interface BackgroundWork {
  worker: JobWorker;
  stop(): Promise<void>;
}

export async function startBackgroundWork(config: Config, db: Db, log: Logger): Promise<BackgroundWork> {
  const dirs = { mediaDir: config.mediaDir, sourcesDir: config.sourcesDir, uploadsDir: config.uploadsDir };
  await Promise.all(Object.values(dirs).map((d) => fs.mkdir(d, { recursive: true })));
  await housekeeping(db, dirs, log);
  const worker = new JobWorker({
    db,
    log,
    leaseMs: (config.jobLeaseSeconds ?? JOB_LEASE_S) * 1000,
    handlers: {
      package: new PackageJobHandler({
        db,
        log,
        mediaDir: config.mediaDir,
        sourcesDir: config.sourcesDir,
        readrate: config.testPackageReadrate,
      }),
    },
  });
  worker.start();
  // The publishing scheduler: its first run happens here, before the server takes requests (issue 3).
  const scheduler = startScheduler({ db, log, config });
  const timer = setInterval(() => {
    housekeeping(db, dirs, log).catch((e: unknown) => log.warn({ err: e }, 'housekeeping failed'));
  }, HOUSEKEEPING_INTERVAL_MIN * 60_000);
  timer.unref();
  return {
    worker,
    async stop() {
      clearInterval(timer);
      await scheduler.stop();
      await worker.stop();
    },
  };
}
