// Assembles the HTTP application: security headers, the TV API, media, the TV app, one error shape.
import express from 'express';
import helmet from 'helmet';
import { pinoHttp } from 'pino-http';
import type { Config } from '../config.ts';
import type { Db } from '../db/database.ts';
import type { Logger } from '../logger.ts';
import { mediaRouter } from '../media/routes.ts';
import { CatalogService } from '../tv-api/catalog-service.ts';
import { ProgressService } from '../tv-api/progress-service.ts';
import { tvApiRouter } from '../tv-api/routes.ts';
import { ADMIN_API_PATH, adminApiRouter } from '../admin/router.ts';
import type { AuthService } from '../auth/auth-service.ts';
import { errorHandler, routeNotFound } from './errors.ts';
import { adminWebRouter } from './admin-web-static.ts';
import { tvAppRouter } from './tv-app-static.ts';

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

export interface AppDeps {
  config: Config;
  db: Db;
  log: Logger;
  auth: AuthService;
  clock?: () => Date;
}

export function createApp({ config, db, log, auth, clock }: AppDeps): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  app.use(pinoHttp({ logger: log, autoLogging: { ignore: (req) => req.url?.startsWith('/media/') ?? false } }));
  app.use(helmet({ contentSecurityPolicy: { directives: cspDirectives(false) }, crossOriginResourcePolicy: { policy: 'cross-origin' } }));
  app.get('/healthz', (_req, res) => {
    const dbOk = db.prepare('SELECT 1').pluck().get() === 1;
    res.set('Cache-Control', 'no-store').json({ status: dbOk ? 'ok' : 'degraded', db: dbOk });
  });
  app.get('/', (_req, res) => res.redirect(302, '/tv/'));

  app.use('/api/tv/v1', tvApiRouter(new CatalogService(db, clock), new ProgressService(db, clock)));
  app.use('/media', mediaRouter(config.mediaDir));

  app.use(ADMIN_API_PATH, adminApiRouter({ config, db, log, auth, clock }));
  // The web admin's pages keep the strict policy above (no eval; blob: media for the hls.js preview).
  app.use('/admin', adminWebRouter(config.adminWebDir));
  // Lightning builds property getters with Function(): the TV app's pages need 'unsafe-eval'.
  app.use('/tv', helmet.contentSecurityPolicy({ directives: cspDirectives(true) }), tvAppRouter(config.tvAppDir));

  app.use(routeNotFound);
  app.use(errorHandler(log));
  return app;
}
