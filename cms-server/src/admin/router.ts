// Everything under /api/admin, in the order a request meets it: JSON body → session cookie → the public
// sign-in → deny without a session (so an unknown admin path answers 401 to a stranger, not 404) → CSRF →
// one-time-password gate → the features, each checking roles and street scope itself.
import express, { Router } from 'express';
import { AccountService } from '../accounts/account-service.ts';
import { sectionsRouter, streetsRouter, usersRouter } from '../accounts/routes.ts';
import { auditRouter } from '../audit/routes.ts';
import type { AuthService } from '../auth/auth-service.ts';
import { csrfProtection, passwordChangeGate, readSession, requireSession } from '../auth/middleware.ts';
import { accountRouter, sessionRouter } from '../auth/routes.ts';
import type { Config } from '../config.ts';
import { ADMIN_JSON_LIMIT_BYTES } from '../constants.ts';
import type { Db } from '../db/database.ts';
import { routeNotFound } from '../http/errors.ts';
import type { Logger } from '../logger.ts';
import { publishingRouter } from '../publishing/routes.ts';
import { uploadRouters } from '../uploads/routes.ts';

export interface AdminDeps {
  config: Config;
  db: Db;
  log: Logger;
  auth: AuthService;
  clock?: () => Date;
}

export const ADMIN_API_PATH = '/api/admin';

export function adminApiRouter({ config, db, log, auth, clock }: AdminDeps): Router {
  const r = Router();
  r.use((_req, res, next) => {
    res.set('Cache-Control', 'no-store');
    next();
  });
  // Only application/json bodies are parsed; tus upload bodies stream through untouched.
  r.use(express.json({ limit: ADMIN_JSON_LIMIT_BYTES }));
  r.use(readSession(auth));
  r.use('/session', sessionRouter(auth));

  r.use(requireSession, csrfProtection, passwordChangeGate);
  const accounts = new AccountService(db, auth, clock);
  r.use('/account', accountRouter(auth));
  r.use('/users', usersRouter(accounts));
  r.use('/streets', streetsRouter(accounts));
  r.use('/sections', sectionsRouter(db));
  r.use('/audit', auditRouter(db));
  const videos = uploadRouters({ ...config, db, log, uploadsPath: `${ADMIN_API_PATH}/uploads` });
  r.use('/uploads', videos.uploads);
  r.use('/assets', videos.assets);
  r.use('/items', publishingRouter({ db, log, clock, mediaDir: config.mediaDir, sourcesDir: config.sourcesDir }));
  r.use(routeNotFound);
  return r;
}
