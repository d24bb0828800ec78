// Who may see and change what, by street: the rules every room applies, with no HTTP in them. Roles and the actor
// (who is making a request) are declared here; auth/ sets the actor from the session. An account of a street sees
// and changes only its street's content (and sees the district's); a district-wide account (streetId null) every
// street's. Another street's record is "not found" to a street account, never "forbidden", so ids cannot be probed.

export const ROLES = ['admin', 'reviewer', 'editor', 'operator', 'secretary'] as const;
export type Role = (typeof ROLES)[number];

export interface Actor {
  userId: string;
  username: string;
  displayName: string;
  role: Role;
  /** The street the account belongs to; null = district-wide (admins, district reviewers/operators). */
  streetId: string | null;
  sessionId: string;
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

/**
 * Whether an admin manages this account: a district admin every account, a street admin its own street's only
 * (never a district account, never another street's). The route has already required the admin role.
 */
export function canManageAccount(actor: Actor, account: { street_id: string | null }): boolean {
  return actor.role === 'admin' && (actor.streetId === null || account.street_id === actor.streetId);
}

/** Streets are the district's structure: only a district admin creates or changes them. */
export function canManageStreets(actor: Actor): boolean {
  return actor.role === 'admin' && actor.streetId === null;
}
