// Who may do what: the checks every admin route uses. Roles are those of actor.ts; content is scoped by
// street: an account of a street sees and changes only its street's content, a district-wide account
// (streetId null) every street's. Another street's record is "not found" to a street account, never
// "forbidden", so ids cannot be probed.
import type { RequestHandler } from 'express';
import { AppError } from '../http/errors.ts';
import type { Actor, Role } from './actor.ts';

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

/** Which streets' records a query may return. */
export type StreetScope = { all: true } | { all: false; streetId: string };

export function scopeOf(actor: Actor): StreetScope {
  return actor.streetId === null ? { all: true } : { all: false, streetId: actor.streetId };
}

/** Whether the actor may see a record of this street (null = district-wide, seen by everyone). */
export function canSee(actor: Actor, record: { street_id: string | null }): boolean {
  return actor.streetId === null || record.street_id === null || record.street_id === actor.streetId;
}

/** Whether the actor may change a record of this street: district records only by district accounts. */
export function canChange(actor: Actor, record: { street_id: string | null }): boolean {
  return actor.streetId === null || record.street_id === actor.streetId;
}
