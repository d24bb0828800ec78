// Background work of the CMS process, started from this one place: housekeeping at boot (before any job is
// taken), the packaging job worker, the publishing scheduler, the relay engine and a periodic housekeeping pass.
// Started and stopped by server.ts.
import fs from 'node:fs/promises';
import { HOUSEKEEPING_INTERVAL_MIN, JOB_LEASE_S } from './constants.ts';
import type { Config } from './config.ts';
import type { Db } from './db/database.ts';
import type { Logger } from './logger.ts';
import { housekeeping } from './jobs/housekeeping.ts';
import { PackageJobHandler } from './jobs/package-job.ts';
import { JobWorker } from './jobs/worker.ts';
import { startScheduler } from './scheduler/index.ts';
import { relayCacheDir } from './broadcasts/relay-feeds.ts';
import { startRelayEngine } from './broadcasts/relay-engine.ts';

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
  const timer = setInterval(() => {
    housekeeping(db, dirs, log).catch((e: unknown) => log.warn({ err: e }, 'housekeeping failed'));
  }, HOUSEKEEPING_INTERVAL_MIN * 60_000);
  timer.unref();
  return {
    worker,
    async stop() {
      clearInterval(timer);
      await scheduler.stop();
      await relay.stop();
      await worker.stop();
    },
  };
}
