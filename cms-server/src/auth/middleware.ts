// The admin API's gatekeepers, in the order admin/router.ts mounts them: read the session cookie, require a
// session (deny by default), check the CSRF token, and hold back a user who must change a one-time password.
import crypto from 'node:crypto';
import type { Request, RequestHandler } from 'express';
import { parse as parseCookies } from 'cookie';
import { SESSION_COOKIE } from '../constants.ts';
import { AppError } from '../domain/errors.ts';
import type { AuthService, ResolvedSession } from './auth-service.ts';

declare module 'express-serve-static-core' {
  interface Request {
    authSession?: ResolvedSession;
    /** The request carried a session cookie that has run out (idle or absolute). */
    sessionExpired?: boolean;
  }
}

export const CSRF_HEADER = 'X-CSRF-Token';

export function sessionToken(req: Request): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  const token = parseCookies(header)[SESSION_COOKIE];
  return token && /^[A-Za-z0-9_-]{20,100}$/.test(token) ? token : undefined;
}

/** Sets req.actor from a valid session cookie; never refuses by itself. */
export function readSession(auth: AuthService): RequestHandler {
  return (req, _res, next) => {
    const token = sessionToken(req);
    if (token) {
      const resolved = auth.resolve(token);
      if (resolved === 'expired') req.sessionExpired = true;
      else if (resolved) {
        req.authSession = resolved;
        req.actor = resolved.actor;
      }
    }
    next();
  };
}

export const requireSession: RequestHandler = (req, _res, next) => {
  if (req.actor) return next();
  if (req.sessionExpired) throw new AppError(401, 'session_expired', '登录已过期，请重新登录。');
  throw new AppError(401, 'unauthenticated', '请先登录。');
};

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * A request from another site's page cannot know the session's token (synchronizer-token pattern, OWASP
 * CSRF cheat sheet); SameSite=Strict and the Origin check are further layers.
 */
export const csrfProtection: RequestHandler = (req, _res, next) => {
  if (SAFE_METHODS.has(req.method)) return next();
  checkOrigin(req);
  const expected = Buffer.from(req.authSession?.session.csrf_token ?? '');
  const given = Buffer.from(req.get(CSRF_HEADER) ?? '');
  if (expected.length === 0 || given.length !== expected.length || !crypto.timingSafeEqual(given, expected)) {
    throw new AppError(403, 'csrf_failed', '页面已过期或来源不对，请刷新页面后再试。');
  }
  next();
};

/** A browser's Origin, when it sends one, must be this server's own. */
export function checkOrigin(req: Request): void {
  const origin = req.get('Origin');
  if (!origin) return;
  let host: string;
  try {
    host = new URL(origin).host;
  } catch {
    host = '';
  }
  if (host !== req.get('Host')) throw new AppError(403, 'csrf_failed', '请求来自别的网站，已拒绝。');
}

/** Paths (below /api/admin) a user with a one-time password may still use. */
const OPEN_WHILE_PASSWORD_MUST_CHANGE = new Set(['/account/password']);

export const passwordChangeGate: RequestHandler = (req, _res, next) => {
  if (req.authSession?.user.must_change_password && !OPEN_WHILE_PASSWORD_MUST_CHANGE.has(req.path)) {
    throw new AppError(403, 'password_change_required', '请先修改一次性密码，再继续使用。');
  }
  next();
};
