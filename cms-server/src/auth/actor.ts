// The actor of an admin request, set by the session middleware (auth/middleware.ts) and read by every admin
// route. The types are the domain's (domain/scope.ts).
import type { Actor } from '../domain/scope.ts';

export { ROLES, type Actor, type Role } from '../domain/scope.ts';

declare module 'express-serve-static-core' {
  interface Request {
    actor?: Actor;
  }
}
