// SQL for server-side sessions. `id` is the SHA-256 of the cookie's token (auth-service.ts).
import type { Db } from '../db/database.ts';
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
  constructor(private readonly db: Db) {}

  insert(s: SessionRow & { ip: string | null; user_agent: string | null }): void {
    this.db
      .prepare(
        `INSERT INTO sessions (id, user_id, csrf_token, created_at, last_seen_at, expires_at, ip, user_agent)
         VALUES (@id, @user_id, @csrf_token, @created_at, @last_seen_at, @expires_at, @ip, @user_agent)`,
      )
      .run(s);
  }

  get(id: string): SessionRow | undefined {
    return this.db.prepare('SELECT * FROM sessions WHERE id = ?').get(id) as SessionRow | undefined;
  }

  touch(id: string, now: string): void {
    this.db.prepare('UPDATE sessions SET last_seen_at = ? WHERE id = ?').run(now, id);
  }

  delete(id: string): void {
    this.db.prepare('DELETE FROM sessions WHERE id = ?').run(id);
  }

  /** Every session of a user, but `keep` (the one that changed the password, say). */
  deleteAllOf(userId: string, keep?: string): number {
    return this.db.prepare('DELETE FROM sessions WHERE user_id = ? AND id IS NOT ?').run(userId, keep ?? null).changes;
  }

  deleteExpired(now: string, idleBefore: string): number {
    return this.db.prepare('DELETE FROM sessions WHERE expires_at <= ? OR last_seen_at <= ?').run(now, idleBefore).changes;
  }
}
