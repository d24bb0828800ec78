// The composition root of the HTTP application: security headers, then each feature's router (the TV API,
// media, the admin API, the built apps), then the one error shape. Features are wired here and nowhere else.
import express from 'express';
import helmet from 'helmet';
import type { Config } from './config.ts';
import type { Db } from './db/database.ts';
import { kyselyOf } from './db/kysely.ts';
import type { Logger } from './logger.ts';
import { mediaRouter } from './media/routes.ts';
import type { AnswerCache } from './tv-api/answer-cache.ts';
import type { CatalogService } from './tv-api/catalog-service.ts';
import { ProgressService } from './tv-api/progress-service.ts';
import { BoxService } from './boxes/box-service.ts';
import { boxesTvRouter } from './boxes/routes.ts';
import { StudyService } from './study/study-service.ts';
import { tvApiRouter, tvApiV2Router, type EventStreams } from './tv-api/routes.ts';
import { speechRouter } from './speech/routes.ts';
import type { SpeechService } from './speech/speech-service.ts';
import { ADMIN_API_PATH, adminApiRouter } from './admin/router.ts';
import type { AuthService } from './auth/auth-service.ts';
import { errorHandler, routeNotFound } from './http/errors.ts';
import { createRequestLog, type RequestLog } from './http/request-log.ts';
import { metricsRouter } from './metrics/routes.ts';
import type { ServerMetrics } from './metrics/server-metrics.ts';
import { adminWebRouter } from './http/admin-web-static.ts';
import { tvAppRouter } from './http/tv-app-static.ts';
import { liveRouter } from './broadcasts/live-routes.ts';
import { LiveChannels } from './broadcasts/live-service.ts';
import { nowAndNext } from './broadcasts/live-playlist.ts';
import { relayCacheDir } from './broadcasts/relay-feeds.ts';
import { relayRouter } from './broadcasts/relay-routes.ts';
import { databaseLimitStores } from './limits/limit-store.ts';

function cspDirectives(allowEval: boolean) {
  return {
    defaultSrc: ["'self'"],
    scriptSrc: allowEval ? ["'self'", "'unsafe-eval'"] : ["'self'"],
    styleSrc: ["'self'", "'unsafe-inline'"],
    imgSrc: ["'self'", 'data:', 'blob:'],
    // hls.js feeds the <video> through MediaSource (blob: URLs) and may run a worker from a blob.
    mediaSrc: ["'self'", 'blob:'],
    workerSrc: ["'self'", 'blob:'],
    connectSrc: ["'self'"],
    fontSrc: ["'self'", 'data:'],
    upgradeInsecureRequests: null,
  };
}

/** The security headers of every API answer (no CSP for eval: that is the TV app's pages only). */
const apiHelmet = () =>
  helmet({ contentSecurityPolicy: { directives: cspDirectives(false) }, crossOriginResourcePolicy: { policy: 'cross-origin' } });

/**
 * The headers `apiHelmet` sets, captured once: the TV API's fast path (tv-api/answer-http.ts) answers before
 * Express and sets them itself, so its answers carry the same headers as every other.
 */
export function apiSecurityHeaders(): Record<string, string> {
  const headers: Record<string, string> = {};
  const res = { setHeader: (name: string, value: unknown) => (headers[name] = String(value)), removeHeader: () => undefined };
  apiHelmet()({} as express.Request, res as unknown as express.Response, () => undefined);
  return headers;
}

export interface AppDeps {
  config: Config;
  db: Db;
  log: Logger;
  auth: AuthService;
  /** The TVs' event streams, started and stopped by server.ts. */
  events: EventStreams;
  catalog: CatalogService;
  /** The TV API's answers, kept until the content changes (server.ts makes it; the event hub shares it). */
  answers: AnswerCache;
  /** Speech for boxes without a Chinese voice. */
  speech: SpeechService;
  /** The request log (http/request-log.ts); server.ts makes it, as its fast path counts into it too. */
  requestLog?: RequestLog;
  /** The metrics served at /metrics (to METRICS_ALLOW's addresses); without them, /metrics is an unknown route. */
  metrics?: ServerMetrics;
  clock?: () => Date;
}

export function createApp({ config, db, log, auth, events, catalog, answers, speech, requestLog, metrics, clock }: AppDeps): express.Express {
  const app = express();
  app.disable('x-powered-by');
  // Off unless TRUST_PROXY says which proxy reports the client's address: otherwise any client (a local
  // process included) would choose its own rate-limit key with X-Forwarded-For.
  app.set('trust proxy', config.trustProxy);
  // One line per request without headers; the boxes' routine traffic summarised (http/request-log.ts).
  const requests = requestLog ?? createRequestLog(log, { observe: metrics && ((r) => metrics.request(r)) });
  app.use(requests.middleware);
  app.use(apiHelmet());
  app.get('/healthz', (_req, res) => {
    const dbOk = db.prepare('SELECT 1').pluck().get() === 1;
    res.set('Cache-Control', 'no-store').json({ status: dbOk ? 'ok' : 'degraded', db: dbOk });
  });
  app.get('/', (_req, res) => res.redirect(302, '/tv/'));
  if (metrics) app.use(metricsRouter(metrics, config.metricsAllow));

  // Every rate limit counts in the database, shared by every CMS process on it (limits/limit-store.ts).
  const limits = databaseLimitStores(kyselyOf(db));
  app.use('/api/tv/v1/speech', speechRouter(speech, limits));
  app.use('/api/tv/v1/boxes', boxesTvRouter(db, new BoxService(db, clock), new StudyService(db, clock), limits));
  const live = new LiveChannels(db, config.mediaDir, clock);
  const onAir = (channelId: string) => {
    const found = live.get(channelId);
    if (!found) return undefined;
    const now = nowAndNext(found.index, (clock?.() ?? new Date()).getTime()).now;
    return now && { broadcastId: now.broadcastId, startMs: now.startMs, endMs: now.endMs };
  };
  app.use('/api/tv/v1', tvApiRouter(catalog, answers, new ProgressService(db, clock), events, limits, { onAir }));
  app.use('/api/tv/v2', tvApiV2Router(answers, events));
  app.use('/media', mediaRouter(config.mediaDir));
  // The live channels (/api/tv/v1/channels, /live/…, /iptv/…): computed from the schedule and the clock.
  app.use(liveRouter(live, clock));
  // Relayed segments from the relay cache (broadcasts/relay-engine.ts), listed by the live channels' playlists.
  app.use('/relay', relayRouter(relayCacheDir(config.dataDir)));

  app.use(ADMIN_API_PATH, adminApiRouter({ config, db, log, auth, clock, limits }));
  // The web admin's pages keep the strict policy above (no eval; blob: media for the hls.js preview).
  app.use('/admin', adminWebRouter(config.adminWebDir));
  // Lightning builds property getters with Function(): the TV app's pages need 'unsafe-eval'.
  app.use('/tv', helmet.contentSecurityPolicy({ directives: cspDirectives(true) }), tvAppRouter(config.tvAppDir));

  app.use(routeNotFound);
  app.use(errorHandler(log));
  return app;
}
