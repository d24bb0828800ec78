// Who may do what at the door of each admin route: the actor from the session, and the roles a route needs.
// The street rules (who sees and changes which street's records) are the domain's: domain/scope.ts.
import type { RequestHandler } from 'express';
import { AppError } from '../domain/errors.ts';
import type { Actor, Role } from '../domain/scope.ts';
import './actor.ts';

/** The actor set by the session middleware (auth/middleware.ts); a request without one is refused. */
export function actorOf(req: { actor?: Actor }): Actor {
  if (!req.actor) throw new AppError(401, 'unauthenticated', '请先登录。');
  return req.actor;
}

export function requireRole(roles: readonly Role[], what: string): RequestHandler {
  return (req, _res, next) => {
    const actor = actorOf(req);
    if (!roles.includes(actor.role)) throw new AppError(403, 'forbidden', `你的账号没有${what}的权限。`);
    next();
  };
}
