// Starting and stopping the CMS: database, seed content, sample videos, HTTP.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Config } from './config.ts';
import { openDatabase, type Db } from './db/database.ts';
import { createApp } from './http/app.ts';
import type { Logger } from './logger.ts';
import { loadContent } from './seed/load-content.ts';
import { ensureSampleVideos } from './seed/sample-videos.ts';
import { seedIfEmpty } from './seed/seed.ts';

export interface RunningServer {
  url: string;
  db: Db;
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
  const app = createApp({ config, db, log });
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
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => {
          db.close();
          resolve();
        });
        server.closeAllConnections();
      }),
  };
}
