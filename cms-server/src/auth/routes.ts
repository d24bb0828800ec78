// /api/admin/session (sign in, who am I, sign out) and /api/admin/account/password.
import { Router, type Request, type Response } from 'express';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
import { z } from 'zod';
import type { LimitStores } from '../limits/limit-store.ts';
import { LOGIN_MAX_ATTEMPTS, LOGIN_WINDOW_MIN, MAX_PASSWORD_CHARS, SESSION_COOKIE, SESSION_MAX_H } from '../constants.ts';
import { AppError } from '../domain/errors.ts';
import { parseBody } from '../http/validate.ts';
import { type AuthService, type NewSession, userView } from './auth-service.ts';
import { checkOrigin, csrfProtection, requireSession, sessionToken } from './middleware.ts';
import { actorOf } from './policy.ts';

const loginBody = z.object({
  username: z.string({ error: '请填写用户名。' }).trim().min(1, { error: '请填写用户名。' }).max(64, { error: '用户名太长了。' }),
  password: z.string({ error: '请填写密码。' }).min(1, { error: '请填写密码。' }).max(MAX_PASSWORD_CHARS, { error: '密码太长了。' }),
});

const passwordBody = z.object({
  currentPassword: z.string({ error: '请填写现在的密码。' }).min(1, { error: '请填写现在的密码。' }).max(MAX_PASSWORD_CHARS),
  newPassword: z.string({ error: '请填写新密码。' }).max(MAX_PASSWORD_CHARS, { error: '新密码太长了。' }),
});

const meta = (req: Request) => ({ ip: req.ip ?? null, userAgent: req.get('User-Agent') ?? null });

function startSession(req: Request, res: Response, created: NewSession, status = 200): void {
  res.cookie(SESSION_COOKIE, created.token, {
    httpOnly: true,
    sameSite: 'strict',
    secure: req.secure,
    path: '/',
    maxAge: SESSION_MAX_H * 3_600_000,
  });
  res.status(status).json({ user: userView(created.user), csrfToken: created.session.csrf_token });
}

export function sessionRouter(auth: AuthService, limits: LimitStores): Router {
  const r = Router();
  // Per address, and only failed attempts count: an office behind one address can still sign in all day. Counted
  // in the database: every CMS process on it shares the count (limits/limit-store.ts).
  const loginLimit = rateLimit({
    store: limits('login'),
    windowMs: LOGIN_WINDOW_MIN * 60_000,
    limit: LOGIN_MAX_ATTEMPTS,
    skipSuccessfulRequests: true,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    handler: (_req, _res, next) =>
      next(new AppError(429, 'too_many_attempts', `登录失败次数太多，请 ${LOGIN_WINDOW_MIN} 分钟后再试。`)),
  });

  r.post('/', loginLimit, async (req, res) => {
    checkOrigin(req);
    const body = parseBody(loginBody, req.body);
    const created = await auth.login(body.username, body.password, { ...meta(req), previousToken: sessionToken(req) });
    startSession(req, res, created);
  });

  r.get('/', requireSession, (req, res) => {
    const s = req.authSession!;
    res.json({ user: userView(s.user), csrfToken: s.session.csrf_token });
  });

  r.delete('/', requireSession, csrfProtection, (req, res) => {
    auth.logout(actorOf(req));
    res.clearCookie(SESSION_COOKIE, { path: '/' });
    res.status(204).end();
  });
  return r;
}

/**
 * Wrong current passwords on a password change, limited as sign-in is: LOGIN_MAX_ATTEMPTS in
 * LOGIN_WINDOW_MIN minutes per address and, separately, per account (a stolen session cannot guess the
 * password from many addresses). Only a wrong current password (401) counts: a refused new password, or a
 * change that succeeds, does not.
 */
function passwordChangeLimit(per: 'address' | 'account', limits: LimitStores) {
  return rateLimit({
    store: limits(`password-change-${per}`),
    windowMs: LOGIN_WINDOW_MIN * 60_000,
    limit: LOGIN_MAX_ATTEMPTS,
    skipSuccessfulRequests: true,
    requestWasSuccessful: (_req, res) => res.statusCode !== 401,
    keyGenerator: per === 'account' ? (req) => `user:${req.authSession!.user.id}` : (req) => ipKeyGenerator(req.ip ?? ''),
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    handler: (_req, _res, next) =>
      next(new AppError(429, 'too_many_attempts', `现在的密码输错太多次了，请 ${LOGIN_WINDOW_MIN} 分钟后再试。`)),
  });
}

export function accountRouter(auth: AuthService, limits: LimitStores): Router {
  const r = Router();
  r.post('/password', passwordChangeLimit('address', limits), passwordChangeLimit('account', limits), async (req, res) => {
    const body = parseBody(passwordBody, req.body);
    const created = await auth.changePassword(actorOf(req), body.currentPassword, body.newPassword, meta(req));
    startSession(req, res, created);
  });
  return r;
}
