// Accounts and streets, managed by admins: create an account (with a one-time password shown once),
// change its role, street or display name, disable it, reset its password. Disabling an account or
// resetting its password ends its sessions at once.
//
// Who manages whom (enforced here, whatever the form or the route sends; SECURITY.md):
// - a district admin (street none) manages every account and every street;
// - a street admin manages only the accounts of its own street: it lists, creates, changes, disables and resets
//   those, and every account it creates or changes stays in its street, with a role no higher than its own
//   (admin of that street at most). It can never give district scope (street none), move an account to another
//   street, or touch a district account or another street's — those are "not found" to it, as elsewhere.
//   Streets themselves (create, rename, publish directly) are the district's to change.
import crypto from 'node:crypto';
import type { AdminUserView, NewUserResponse, PasswordResetResponse, StreetView } from '../admin/contract.ts';
import { AuditLog } from '../audit/audit-log.ts';
import type { Actor, Role } from '../domain/scope.ts';
import { type AuthService, userView } from '../auth/auth-service.ts';
import { hashPassword, oneTimePassword } from '../auth/passwords.ts';
import { UserRepository, type UserChanges, type UserRow } from '../auth/user-repository.ts';
import { inTransaction, type Db } from '../db/database.ts';
import { AppError, notFound } from '../domain/errors.ts';
import { canManageAccount, canManageStreets } from '../domain/scope.ts';
import { StreetRepository, type StreetRow } from './street-repository.ts';

export type { AdminUserView, StreetView };

const adminUserView = (u: UserRow): AdminUserView => ({
  ...userView(u),
  disabled: u.disabled === 1,
  createdAt: u.created_at,
  updatedAt: u.updated_at,
});

export const streetView = (s: StreetRow): StreetView => ({ id: s.id, name: s.name, publishDirectly: s.publish_directly === 1 });

export class AccountService {
  private readonly users: UserRepository;
  private readonly streets: StreetRepository;
  private readonly audit: AuditLog;

  constructor(
    private readonly db: Db,
    private readonly auth: AuthService,
    private readonly clock: () => Date = () => new Date(),
  ) {
    this.users = new UserRepository(db);
    this.streets = new StreetRepository(db);
    this.audit = new AuditLog(db, clock);
  }

  /** The accounts the actor manages: all for a district admin, its street's for a street admin. */
  listUsers(actor: Actor): AdminUserView[] {
    return this.users
      .list()
      .filter((u) => canManageAccount(actor, u))
      .map(adminUserView);
  }

  async createUser(
    actor: Actor,
    input: { username: string; displayName: string; role: Role; streetId: string | null },
  ): Promise<NewUserResponse> {
    this.checkGrant(actor, input.streetId);
    this.checkStreet(input.streetId);
    const password = oneTimePassword();
    const passwordHash = await hashPassword(password);
    const id = crypto.randomUUID();
    inTransaction(this.db, () => {
      if (this.users.byUsername(input.username)) {
        throw new AppError(409, 'username_taken', `用户名“${input.username}”已经有人用了，请换一个。`);
      }
      this.users.insert({ id, ...input, passwordHash, mustChangePassword: true }, this.now());
      this.audit.record({ actor, action: 'user_created', targetType: 'user', targetId: id, streetId: input.streetId, detail: { username: input.username, role: input.role } });
    });
    return { user: adminUserView(this.users.get(id)!), oneTimePassword: password };
  }

  updateUser(actor: Actor, id: string, changes: UserChanges): AdminUserView {
    const user = this.managedUser(actor, id);
    if (changes.streetId !== undefined) {
      this.checkGrant(actor, changes.streetId);
      this.checkStreet(changes.streetId);
    }
    if (id === actor.userId && (changes.disabled === true || (changes.role !== undefined && changes.role !== 'admin'))) {
      // The last way back in must not be locked by a slip of the mouse.
      throw new AppError(409, 'cannot_demote_self', '不能停用自己的账号，也不能取消自己的管理员身份。');
    }
    inTransaction(this.db, () => {
      this.users.update(id, changes, this.now());
      if (changes.disabled === true || changes.role !== undefined || changes.streetId !== undefined) {
        // What a session may do was decided at login: a changed account signs in again.
        this.auth.revokeAll(id);
      }
      this.audit.record({ actor, action: 'user_updated', targetType: 'user', targetId: id, streetId: user.street_id, detail: { changes } });
    });
    return adminUserView(this.users.get(id)!);
  }

  /** `actor` null: the command line on the server (cli.ts), when no admin can sign in any more. */
  async resetPassword(actor: Actor | null, id: string): Promise<PasswordResetResponse> {
    const user = actor ? this.managedUser(actor, id) : this.users.get(id);
    if (!user) throw notFound('账号');
    const password = oneTimePassword();
    const passwordHash = await hashPassword(password);
    inTransaction(this.db, () => {
      this.users.setPassword(id, passwordHash, true, this.now());
      this.auth.revokeAll(id);
      this.audit.record({ actor, action: 'password_reset', targetType: 'user', targetId: id, streetId: user.street_id });
    });
    return { oneTimePassword: password };
  }

  listStreets(): StreetView[] {
    return this.streets.list().map(streetView);
  }

  createStreet(actor: Actor, input: { id: string; name: string; publishDirectly: boolean }): StreetView {
    this.checkStreetManager(actor);
    inTransaction(this.db, () => {
      if (this.streets.get(input.id)) throw new AppError(409, 'street_exists', `街道编号“${input.id}”已经存在。`);
      this.streets.insert(input);
      this.audit.record({ actor, action: 'street_created', targetType: 'street', targetId: input.id, streetId: input.id, detail: input });
    });
    return streetView(this.streets.get(input.id)!);
  }

  updateStreet(actor: Actor, id: string, changes: { name?: string; publishDirectly?: boolean }): StreetView {
    this.checkStreetManager(actor);
    if (!this.streets.get(id)) throw notFound('街道');
    inTransaction(this.db, () => {
      this.streets.update(id, changes);
      this.audit.record({ actor, action: 'street_updated', targetType: 'street', targetId: id, streetId: id, detail: changes });
    });
    return streetView(this.streets.get(id)!);
  }

  /** The account, if the actor manages it; another street's or a district account is "not found" to a street admin. */
  private managedUser(actor: Actor, id: string): UserRow {
    const user = this.users.get(id);
    if (!user || !canManageAccount(actor, user)) throw notFound('账号');
    return user;
  }

  /** A street admin gives only its own street; district scope (null) and other streets are the district's to give. */
  private checkGrant(actor: Actor, streetId: string | null): void {
    if (actor.streetId !== null && streetId !== actor.streetId) {
      throw new AppError(
        403,
        'street_scope',
        streetId === null
          ? '街道管理员只能管理本街道的账号，不能把账号设为全区（不属于任何街道）。'
          : '街道管理员只能管理本街道的账号，不能把账号放到别的街道。',
      );
    }
  }

  private checkStreetManager(actor: Actor): void {
    if (!canManageStreets(actor)) throw new AppError(403, 'forbidden', '只有全区的管理员才能新建或修改街道。');
  }

  private checkStreet(streetId: string | null): void {
    if (streetId !== null && !this.streets.get(streetId)) {
      throw new AppError(400, 'unknown_street', `没有编号为“${streetId}”的街道。`);
    }
  }

  private now(): string {
    return this.clock().toISOString();
  }
}
