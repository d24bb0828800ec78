// Starting and stopping the CMS: database, seed content, sample videos, HTTP.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Config } from './config.ts';
import { openDatabase, type Db } from './db/database.ts';
import { passwordProblem } from './auth/password-strength.ts';
import { AuthService } from './auth/auth-service.ts';
import { apiSecurityHeaders, createApp } from './app.ts';
import { EventHub } from './events/event-hub.ts';
import { HOUSEKEEPING_INTERVAL_MIN } from './constants.ts';
import { SectionRepository } from './content/section-repository.ts';
import { commonPhrases } from './speech/common-phrases.ts';
import { SpeechService } from './speech/speech-service.ts';
import { EventRepository } from './events/event-repository.ts';
import { outboxIdReader } from './events/outbox-signal.ts';
import { AnswerCache } from './tv-api/answer-cache.ts';
import { fastTvAnswers } from './tv-api/answer-http.ts';
import { CatalogService } from './tv-api/catalog-service.ts';
import { answerClientErrors } from './http/client-errors.ts';
import { startBackgroundWork } from './background.ts';
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
  // KETING_ADMIN_PASSWORD is not refused when weak (CI and test servers set simple ones on purpose), but
  // said loudly: a person changing it later must pass the strength check (auth/password-strength.ts).
  const weakFirst = firstAdmin && config.initialAdminPassword !== undefined
    ? passwordProblem(config.initialAdminPassword, { username: firstAdmin.username, displayName: '系统管理员' })
    : undefined;
  if (weakFirst) log.warn(`KETING_ADMIN_PASSWORD is weak (${weakFirst}); change the admin's password after signing in`);
  auth.purgeExpired();
  // Packaging jobs and housekeeping (cms-server/src/jobs): leftovers of a crash are tidied before any job runs.
  const background = await startBackgroundWork(config, db, log);
  const catalog = new CatalogService(db);
  // The TV API's answers, built once per change: the outbox's newest id and the next publishing moment say when.
  const outbox = new EventRepository(db);
  const answers = new AnswerCache(catalog, outboxIdReader(() => outbox.lastId()));
  // The TVs' event streams read the outbox the publishing path and the background work write (events/).
  const events = new EventHub(db, answers, log.child({ part: 'events' }));
  events.start();
  // Speech for boxes without a Chinese voice: the phrases they say most are made now, in the background.
  const speech = new SpeechService(config.speechDir, log.child({ part: 'speech' }));
  if (config.speechPrewarm) {
    const titles = new SectionRepository(db).all().map((s) => s.title);
    void speech.prewarm(commonPhrases(titles)).then((n) => n && log.info(`speech: ${n} common phrases made`));
  }
  const speechTimer = setInterval(() => void speech.prune().catch(() => undefined), HOUSEKEEPING_INTERVAL_MIN * 60_000);
  speechTimer.unref();
  const app = createApp({ config, db, log, auth, events, catalog, answers, speech });
  // A TV API request answered before in this generation is answered from its kept bytes before Express.
  const fast = fastTvAnswers(answers, apiSecurityHeaders());
  const server = http.createServer((req, res) => {
    if (!fast(req, res)) app(req, res);
  });
  answerClientErrors(server);
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
      events.stop();
      clearInterval(speechTimer);
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
