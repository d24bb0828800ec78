// SQL for accounts.
import type { Db } from '../db/database.ts';
import type { Role } from './actor.ts';

export interface UserRow {
  id: string;
  username: string;
  display_name: string;
  password_hash: string;
  role: Role;
  street_id: string | null;
  must_change_password: 0 | 1;
  disabled: 0 | 1;
  password_changed_at: string;
  created_at: string;
  updated_at: string;
}

export interface NewUser {
  id: string;
  username: string;
  displayName: string;
  passwordHash: string;
  role: Role;
  streetId: string | null;
  mustChangePassword: boolean;
}

export type UserChanges = Partial<{ displayName: string; role: Role; streetId: string | null; disabled: boolean }>;

export class UserRepository {
  constructor(private readonly db: Db) {}

  count(): number {
    return this.db.prepare('SELECT COUNT(*) FROM users').pluck().get() as number;
  }

  get(id: string): UserRow | undefined {
    return this.db.prepare('SELECT * FROM users WHERE id = ?').get(id) as UserRow | undefined;
  }

  byUsername(username: string): UserRow | undefined {
    return this.db.prepare('SELECT * FROM users WHERE username = ?').get(username) as UserRow | undefined;
  }

  list(): UserRow[] {
    return this.db.prepare('SELECT * FROM users ORDER BY created_at, username').all() as UserRow[];
  }

  insert(u: NewUser, now: string): void {
    this.db
      .prepare(
        `INSERT INTO users (id, username, display_name, password_hash, role, street_id, must_change_password,
           password_changed_at, created_at, updated_at)
         VALUES (@id, @username, @displayName, @passwordHash, @role, @streetId, @must, @now, @now, @now)`,
      )
      .run({ ...u, must: u.mustChangePassword ? 1 : 0, now });
  }

  update(id: string, c: UserChanges, now: string): void {
    const sets: string[] = ['updated_at = @now'];
    if (c.displayName !== undefined) sets.push('display_name = @displayName');
    if (c.role !== undefined) sets.push('role = @role');
    if (c.streetId !== undefined) sets.push('street_id = @streetId');
    if (c.disabled !== undefined) sets.push('disabled = @disabled');
    this.db
      .prepare(`UPDATE users SET ${sets.join(', ')} WHERE id = @id`)
      .run({ id, now, displayName: c.displayName, role: c.role, streetId: c.streetId, disabled: c.disabled ? 1 : 0 });
  }

  setPassword(id: string, passwordHash: string, mustChange: boolean, now: string): void {
    this.db
      .prepare(
        `UPDATE users SET password_hash = ?, must_change_password = ?, password_changed_at = ?, updated_at = ?
         WHERE id = ?`,
      )
      .run(passwordHash, mustChange ? 1 : 0, now, now, id);
  }
}
