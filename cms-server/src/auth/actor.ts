// Who is making an admin request. Set by the session middleware (auth/), read by every admin route.
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

declare module 'express-serve-static-core' {
  interface Request {
    actor?: Actor;
  }
}
