// Everything under /api/admin, in the order a request meets it: JSON body → session cookie → the public
// sign-in → deny without a session (so an unknown admin path answers 401 to a stranger, not 404) → CSRF →
// one-time-password gate → the features, each checking roles and street scope itself.
import express, { Router } from 'express';
import { AccountService } from '../accounts/account-service.ts';
import { streetsRouter, usersRouter } from '../accounts/routes.ts';
import { sectionsRouter } from '../content/routes.ts';
import { auditRouter } from '../audit/routes.ts';
import type { AuthService } from '../auth/auth-service.ts';
import { csrfProtection, passwordChangeGate, readSession, requireSession } from '../auth/middleware.ts';
import { accountRouter, sessionRouter } from '../auth/routes.ts';
import type { Config } from '../config.ts';
import { ADMIN_JSON_LIMIT_BYTES } from '../constants.ts';
import type { Db } from '../db/database.ts';
import { kyselyOf } from '../db/kysely.ts';
import { routeNotFound } from '../http/errors.ts';
import type { Logger } from '../logger.ts';
import { publishingRouter } from '../publishing/routes.ts';
import { uploadRouter } from '../uploads/routes.ts';
import { assetsRouter } from '../media/asset-routes.ts';
import { AssetService } from '../media/asset-service.ts';
import { broadcastRouters } from '../broadcasts/routes.ts';
import { householdRouters } from '../households/routes.ts';
import { BoxService } from '../boxes/box-service.ts';
import { boxesAdminRouters } from '../boxes/routes.ts';
import { studyRouter } from '../study/routes.ts';
import { BackupRunner } from '../backup/backup-runner.ts';
import { systemRouter } from '../backup/routes.ts';
import { JobRepository } from '../jobs/job-repository.ts';
import { freeBytesNear } from '../storage/disk-space.ts';
import { databaseLimitStores, type LimitStores } from '../limits/limit-store.ts';

export interface AdminDeps {
  config: Config;
  db: Db;
  log: Logger;
  auth: AuthService;
  clock?: () => Date;
  /** The rate limits' stores (shared through the database); made from `db` when not given. */
  limits?: LimitStores;
}

export const ADMIN_API_PATH = '/api/admin';

export function adminApiRouter({ config, db, log, auth, clock, limits = databaseLimitStores(kyselyOf(db)) }: AdminDeps): Router {
  const r = Router();
  r.use((_req, res, next) => {
    res.set('Cache-Control', 'no-store');
    next();
  });
  // Only application/json bodies are parsed, and never on the tus route: its bodies are bytes of a video whatever
  // their Content-Type says, and stream through untouched (a wrong type is refused there in tus terms, 415).
  const json = express.json({ limit: ADMIN_JSON_LIMIT_BYTES });
  r.use((req, res, next) => (req.path === '/uploads' || req.path.startsWith('/uploads/') ? next() : json(req, res, next)));
  r.use(readSession(auth));
  r.use('/session', sessionRouter(auth, limits));

  r.use(requireSession, csrfProtection, passwordChangeGate);
  const accounts = new AccountService(db, auth, clock);
  r.use('/account', accountRouter(auth, limits));
  r.use('/users', usersRouter(accounts));
  r.use('/streets', streetsRouter(accounts));
  r.use('/sections', sectionsRouter(db));
  r.use('/audit', auditRouter(db));
  r.use('/uploads', uploadRouter({ ...config, db, log, uploadsPath: `${ADMIN_API_PATH}/uploads` }).uploads);
  r.use('/assets', assetsRouter(new AssetService({ ...config, db, log })));
  r.use('/items', publishingRouter({ db, log, clock, mediaDir: config.mediaDir, sourcesDir: config.sourcesDir }));
  const broadcasts = broadcastRouters({ db, clock, relayAllowPrivate: config.relayAllowPrivate });
  r.use('/channels', broadcasts.channels);
  r.use('/broadcasts', broadcasts.broadcasts);
  const households = householdRouters(db, clock);
  r.use('/branches', households.branches);
  r.use('/households', households.households);
  r.use('/members', households.members);
  const boxes = boxesAdminRouters(new BoxService(db, clock), limits);
  r.use('/boxes', boxes.boxes);
  r.use('/pairings', boxes.pairings);
  r.use('/study', studyRouter(db, clock));
  const jobs = new JobRepository(db);
  const disk = async () => ({
    freeBytes: await freeBytesNear(config.dataDir),
    reserveBytes: config.diskReserveBytes,
    videosWaiting: jobs.countHeldForDisk(),
  });
  r.use('/system', systemRouter(BackupRunner.for(db, config, log.child({ part: 'backup' })), disk));
  r.use(routeNotFound);
  return r;
}
