// Storage of server-side sessions. `id` is the SHA-256 of the cookie's token (auth-service.ts). Queries built with
// Kysely (db/kysely.ts), run on SQLite at once.
import type { Db } from '../db/database.ts';
import { first, kyselyOf, run, type Kdb } from '../db/kysely.ts';
import type { UserRow } from './user-repository.ts';

export interface SessionRow {
  id: string;
  user_id: string;
  csrf_token: string;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
}

export type SessionWithUser = SessionRow & { user: UserRow };

export class SessionRepository {
  private readonly k: Kdb;

  constructor(private readonly db: Db) {
    this.k = kyselyOf(db);
  }

  insert(s: SessionRow & { ip: string | null; user_agent: string | null }): void {
    run(this.db, this.k.insertInto('sessions').values(s));
  }

  get(id: string): SessionRow | undefined {
    return first(
      this.db,
      this.k.selectFrom('sessions').select(['id', 'user_id', 'csrf_token', 'created_at', 'last_seen_at', 'expires_at']).where('id', '=', id),
    );
  }

  touch(id: string, now: string): void {
    run(this.db, this.k.updateTable('sessions').set({ last_seen_at: now }).where('id', '=', id));
  }

  delete(id: string): void {
    run(this.db, this.k.deleteFrom('sessions').where('id', '=', id));
  }

  /** Every session of a user, but `keep` (the one that changed the password, say). */
  deleteAllOf(userId: string, keep?: string): number {
    return run(
      this.db,
      this.k
        .deleteFrom('sessions')
        .where('user_id', '=', userId)
        .$if(keep !== undefined, (q) => q.where('id', '<>', keep!)),
    );
  }

  deleteExpired(now: string, idleBefore: string): number {
    return run(
      this.db,
      this.k.deleteFrom('sessions').where((eb) => eb.or([eb('expires_at', '<=', now), eb('last_seen_at', '<=', idleBefore)])),
    );
  }
}
