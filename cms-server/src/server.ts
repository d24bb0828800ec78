// Starting and stopping the CMS: database, seed content, sample videos, HTTP.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Config } from './config.ts';
import { openDatabase, type Db } from './db/database.ts';
import { AuthService } from './auth/auth-service.ts';
import { createApp } from './http/app.ts';
import { startBackgroundWork } from './jobs/index.ts';
import type { Logger } from './logger.ts';
import { loadContent } from './seed/load-content.ts';
import { ensureSampleVideos } from './seed/sample-videos.ts';
import { seedIfEmpty } from './seed/seed.ts';

export interface RunningServer {
  url: string;
  db: Db;
  /** Set when this start created the first admin with a one-time password (to print once). */
  firstAdmin?: { username: string; oneTimePassword?: string };
  close(): Promise<void>;
}

/** Creates the database if needed and seeds a fresh one; makes missing sample videos unless disabled. */
export async function prepareData(config: Config, log: Logger): Promise<Db> {
  const db = openDatabase(config.dbPath);
  const content = loadContent(config.contentDir);
  const seeded = seedIfEmpty(db, content);
  if (seeded.seeded) log.info(`seeded a new database: ${seeded.sections} sections, ${seeded.items} items`);
  if (config.makeSampleVideos) {
    await ensureSampleVideos(db, config.mediaDir, content.videos, log, { seconds: config.sampleVideoSeconds });
  }
  return db;
}

export async function startServer(config: Config, log: Logger): Promise<RunningServer> {
  const db = await prepareData(config, log);
  const auth = new AuthService(db);
  const firstAdmin = await auth.ensureFirstAdmin(config.initialAdminPassword);
  auth.purgeExpired();
  // Packaging jobs and housekeeping (cms-server/src/jobs): leftovers of a crash are tidied before any job runs.
  const background = await startBackgroundWork(config, db, log);
  const app = createApp({ config, db, log, auth });
  const server = http.createServer(app);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  return {
    url: `http://${host}:${port}`,
    db,
    firstAdmin,
    close: async () => {
      await background.stop();
      await new Promise<void>((resolve) => {
        server.close(() => {
          db.close();
          resolve();
        });
        server.closeAllConnections();
      });
    },
  };
}
