// Starting and stopping the CMS: database, seed content, sample videos, HTTP.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Config } from './config.ts';
import fs from 'node:fs';
import { migrate, openDatabase, pendingMigrations, schemaVersion, type Db } from './db/database.ts';
import { takeBackup } from './backup/backup-service.ts';
import { removePidFile, writePidFile } from './backup/pid-file.ts';
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
import { createRequestLog } from './http/request-log.ts';
import { ServerMetrics } from './metrics/server-metrics.ts';
import { newestBackupTime } from './backup/backup-service.ts';
import { checkBackupCron, startBackgroundWork } from './background.ts';
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
  const existed = fs.existsSync(config.dbPath);
  const db = openDatabase(config.dbPath, { migrate: false });
  try {
    if (existed) await backUpBeforeUpgrade(db, config, log);
    migrate(db);
  } catch (e) {
    db.close();
    throw e;
  }
  const content = loadContent(config.contentDir);
  const seeded = seedIfEmpty(db, content);
  if (seeded.seeded) log.info(`seeded a new database: ${seeded.sections} sections, ${seeded.items} items`);
  if (config.makeSampleVideos) {
    await ensureSampleVideos(db, config.mediaDir, content.videos, log, { seconds: config.sampleVideoSeconds });
  }
  return db;
}

/**
 * Upgrades without loss: a database that this code would migrate to a newer schema is backed up first (kind
 * 'upgrade', into BACKUP_DIR). If that backup fails the server does not start: nothing is migrated.
 */
async function backUpBeforeUpgrade(db: Db, config: Config, log: Logger): Promise<void> {
  const pending = pendingMigrations(db);
  const from = schemaVersion(db);
  if (pending.length === 0 || from === 0) return;
  log.info(`the database (schema ${from}) will be upgraded by ${pending.join(', ')}: backing it up first`);
  try {
    const b = await takeBackup(db, {
      dataDir: config.dataDir,
      mediaDir: config.mediaDir,
      backupDir: config.backupDir,
      kind: 'upgrade',
      keep: { scheduled: config.backupKeep },
    });
    log.info(`backup before the upgrade: ${b.manifestPath}`);
  } catch (e) {
    throw new Error(
      `数据库需要升级（现在是第 ${from} 版，还有 ${pending.length} 步升级），但升级前的备份失败了，所以没有升级，服务器也没有启动。` +
        `请清理备份目录所在磁盘的空间，或把 BACKUP_DIR 设为一个可写、空间足够的目录，然后再启动。\n` +
        `The database (schema ${from}) needs ${pending.join(', ')}, but the backup taken before upgrading failed, so nothing ` +
        `was migrated and the server did not start. Free space on the disk of BACKUP_DIR (${config.backupDir}) or point ` +
        `BACKUP_DIR at a writable folder with room, then start again. Cause: ${(e as Error).message}`,
      { cause: e },
    );
  }
}

export async function startServer(config: Config, log: Logger): Promise<RunningServer> {
  checkBackupCron(config);
  // DATA_DIR/keting.pid: a restore refuses to run on a folder a live server uses.
  writePidFile(config.dataDir);
  let db: Db;
  try {
    db = await prepareData(config, log);
  } catch (e) {
    removePidFile(config.dataDir);
    throw e;
  }
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
  // The metrics (GET /metrics, to METRICS_ALLOW's addresses) and the request log feeding them (http/request-log.ts).
  const metrics = new ServerMetrics({
    db,
    dbPath: config.dbPath,
    dataDir: config.dataDir,
    backupDir: config.backupDir,
    lastBackupAt: () => newestBackupTime(config.backupDir),
    openStreams: () => events.stats().streams,
  });
  background.worker.onJobEnded((e) => metrics.jobEnded(e.outcome, e.seconds));
  const requestLog = createRequestLog(log, { observe: (r) => metrics.request(r) });
  const app = createApp({ config, db, log, auth, events, catalog, answers, speech, requestLog, metrics });
  // A TV API request answered before in this generation is answered from its kept bytes before Express.
  const fast = fastTvAnswers(answers, apiSecurityHeaders());
  const server = http.createServer((req, res) => {
    const start = process.hrtime.bigint();
    const answered = fast(req, res);
    if (answered) requestLog.answeredBefore(req, res, answered, start);
    else app(req, res);
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
      requestLog.stop();
      clearInterval(speechTimer);
      await background.stop();
      await new Promise<void>((resolve) => {
        server.close(() => {
          db.close();
          removePidFile(config.dataDir);
          resolve();
        });
        server.closeAllConnections();
      });
    },
  };
}
