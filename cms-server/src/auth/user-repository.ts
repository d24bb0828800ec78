// Storage of accounts. Queries built with Kysely (db/kysely.ts), run on SQLite at once.
import type { Db } from '../db/database.ts';
import { all, first, kyselyOf, run, type Kdb } from '../db/kysely.ts';
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
  private readonly k: Kdb;

  constructor(private readonly db: Db) {
    this.k = kyselyOf(db);
  }

  private select() {
    return this.k.selectFrom('users').selectAll().$castTo<UserRow>();
  }

  count(): number {
    return first(this.db, this.k.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')))!.n;
  }

  get(id: string): UserRow | undefined {
    return first(this.db, this.select().where('id', '=', id));
  }

  /** Usernames are one account whatever their case (ASCII), on SQLite (NOCASE) and PostgreSQL (an index on lower()). */
  byUsername(username: string): UserRow | undefined {
    return first(this.db, this.select().where((eb) => eb(eb.fn('lower', ['username']), '=', eb.fn('lower', [eb.val(username)]))));
  }

  list(): UserRow[] {
    return all(this.db, this.select().orderBy('created_at').orderBy('username'));
  }

  insert(u: NewUser, now: string): void {
    run(
      this.db,
      this.k.insertInto('users').values({
        id: u.id,
        username: u.username,
        display_name: u.displayName,
        password_hash: u.passwordHash,
        role: u.role,
        street_id: u.streetId,
        must_change_password: u.mustChangePassword ? 1 : 0,
        password_changed_at: now,
        created_at: now,
        updated_at: now,
      }),
    );
  }

  update(id: string, c: UserChanges, now: string): void {
    run(
      this.db,
      this.k
        .updateTable('users')
        .set({
          updated_at: now,
          ...(c.displayName !== undefined && { display_name: c.displayName }),
          ...(c.role !== undefined && { role: c.role }),
          ...(c.streetId !== undefined && { street_id: c.streetId }),
          ...(c.disabled !== undefined && { disabled: c.disabled ? 1 : 0 }),
        })
        .where('id', '=', id),
    );
  }

  setPassword(id: string, passwordHash: string, mustChange: boolean, now: string): void {
    run(
      this.db,
      this.k
        .updateTable('users')
        .set({ password_hash: passwordHash, must_change_password: mustChange ? 1 : 0, password_changed_at: now, updated_at: now })
        .where('id', '=', id),
    );
  }
}
