// Signing in and out, and what a session cookie means. Sessions live in the database: a cookie carries a
// random token, the database keeps its SHA-256; each login makes a new session (rotation, against
// fixation); a password change ends every session of that user.
import crypto from 'node:crypto';
import { AuditLog } from '../audit/audit-log.ts';
import {
  SESSION_IDLE_MIN,
  SESSION_MAX_H,
  SESSION_TOUCH_MIN,
} from '../constants.ts';
import type { UserView } from '../admin/contract.ts';
import { inTransaction, type Db } from '../db/database.ts';
import { AppError } from '../domain/errors.ts';
import type { Actor } from './actor.ts';
import { checkNewPassword } from './password-strength.ts';
import { decoyHash, hashPassword, oneTimePassword, verifyPassword } from './passwords.ts';
import { SessionRepository, type SessionRow } from './session-repository.ts';
import { UserRepository, type UserRow } from './user-repository.ts';

export type { UserView };

export const FIRST_ADMIN_USERNAME = 'admin';

export const userView = (u: UserRow): UserView => ({
  id: u.id,
  username: u.username,
  displayName: u.display_name,
  role: u.role,
  streetId: u.street_id,
  mustChangePassword: u.must_change_password === 1,
});

export interface ResolvedSession {
  actor: Actor;
  user: UserRow;
  session: SessionRow;
}

export interface NewSession {
  /** The cookie's value; never stored. */
  token: string;
  user: UserRow;
  session: SessionRow;
}

const sha256 = (s: string) => crypto.createHash('sha256').update(s).digest('hex');
const minutes = (n: number) => n * 60_000;

export const badCredentials = () => new AppError(401, 'bad_credentials', '用户名或密码不对，请再试一次。');

export class AuthService {
  private readonly users: UserRepository;
  private readonly sessions: SessionRepository;
  private readonly audit: AuditLog;

  constructor(
    private readonly db: Db,
    private readonly clock: () => Date = () => new Date(),
  ) {
    this.users = new UserRepository(db);
    this.sessions = new SessionRepository(db);
    this.audit = new AuditLog(db, clock);
  }

  /**
   * Creates the district admin when there is no account at all. With `password` unset, a one-time password
   * is made, returned (to be printed once) and must be changed at the first login.
   */
  async ensureFirstAdmin(password: string | undefined): Promise<{ username: string; oneTimePassword?: string } | undefined> {
    if (this.users.count() > 0) return undefined;
    const oneTime = password === undefined ? oneTimePassword() : undefined;
    const passwordHash = await hashPassword(password ?? oneTime!);
    const now = this.clock().toISOString();
    // IMMEDIATE: another CMS process starting on the same database at the same moment waits here and then finds
    // the account made (a deferred transaction that read first would fail with SQLITE_BUSY instead).
    const created = inTransaction(this.db, (): boolean => {
      if (this.users.count() > 0) return false;
      const id = crypto.randomUUID();
      this.users.insert(
        { id, username: FIRST_ADMIN_USERNAME, displayName: '系统管理员', passwordHash, role: 'admin', streetId: null, mustChangePassword: !!oneTime },
        now,
      );
      this.audit.record({ actor: null, action: 'user_created', targetType: 'user', targetId: id, detail: { username: FIRST_ADMIN_USERNAME, role: 'admin', first: true } });
      return true;
    });
    // Made by another process meanwhile: this one has no password to print.
    if (!created) return undefined;
    return { username: FIRST_ADMIN_USERNAME, oneTimePassword: oneTime };
  }

  async login(
    username: string,
    password: string,
    meta: { ip: string | null; userAgent: string | null; previousToken?: string },
  ): Promise<NewSession> {
    const user = this.users.byUsername(username);
    // Verify against a decoy when there is no such user: the answer takes as long either way.
    const ok = await verifyPassword(user?.password_hash ?? (await decoyHash()), password);
    if (!user || !ok) {
      this.audit.record({
        actor: null,
        action: 'login_failed',
        targetType: 'user',
        targetId: user?.id ?? null,
        streetId: user?.street_id ?? null,
        detail: { username: username.slice(0, 64), ip: meta.ip },
      });
      throw badCredentials();
    }
    if (user.disabled) throw new AppError(403, 'account_disabled', '这个账号已被停用，请联系管理员。');
    return inTransaction(this.db, () => {
      // Rotation: whatever session the browser had is ended, and a new one begins.
      if (meta.previousToken) this.sessions.delete(sha256(meta.previousToken));
      const created = this.newSession(user, meta);
      this.audit.record({ actor: actorLike(user), action: 'login', targetType: 'session', targetId: null, streetId: user.street_id, detail: { ip: meta.ip } });
      return created;
    });
  }

  /** The session behind a cookie: `expired` when it was valid once but has run out (idle or absolute). */
  resolve(token: string): ResolvedSession | 'expired' | undefined {
    const id = sha256(token);
    const session = this.sessions.get(id);
    if (!session) return undefined;
    const now = this.clock();
    const idleSince = new Date(now.getTime() - minutes(SESSION_IDLE_MIN)).toISOString();
    if (session.expires_at <= now.toISOString() || session.last_seen_at <= idleSince) {
      this.sessions.delete(id);
      return 'expired';
    }
    const user = this.users.get(session.user_id);
    if (!user || user.disabled) {
      this.sessions.delete(id);
      return 'expired';
    }
    if (Date.parse(session.last_seen_at) < now.getTime() - minutes(SESSION_TOUCH_MIN)) {
      this.sessions.touch(id, now.toISOString());
    }
    return {
      session,
      user,
      actor: { ...actorLike(user), username: user.username, role: user.role, streetId: user.street_id, sessionId: id },
    };
  }

  logout(actor: Actor): void {
    inTransaction(this.db, () => {
      this.sessions.delete(actor.sessionId);
      this.audit.record({ actor, action: 'logout', targetType: 'session', targetId: null, streetId: actor.streetId });
    });
  }

  /** Changes the actor's own password; every session of the user ends and a new one begins. */
  async changePassword(
    actor: Actor,
    current: string,
    next: string,
    meta: { ip: string | null; userAgent: string | null },
  ): Promise<NewSession> {
    const user = this.users.get(actor.userId);
    if (!user || !(await verifyPassword(user.password_hash, current))) {
      throw new AppError(401, 'bad_credentials', '现在的密码不对，请再试一次。');
    }
    checkNewPassword(next, { username: user.username, displayName: user.display_name });
    if (next === current) throw new AppError(400, 'weak_password', '新密码不能和现在的密码一样。');
    const passwordHash = await hashPassword(next);
    return inTransaction(this.db, () => {
      this.users.setPassword(user.id, passwordHash, false, this.clock().toISOString());
      this.sessions.deleteAllOf(user.id);
      this.audit.record({ actor, action: 'password_changed', targetType: 'user', targetId: user.id, streetId: user.street_id });
      return this.newSession(this.users.get(user.id)!, meta);
    });
  }

  /** Ends every session of a user (password reset by an admin, account disabled). */
  revokeAll(userId: string): number {
    return this.sessions.deleteAllOf(userId);
  }

  purgeExpired(): number {
    const now = this.clock();
    return this.sessions.deleteExpired(now.toISOString(), new Date(now.getTime() - minutes(SESSION_IDLE_MIN)).toISOString());
  }

  private newSession(user: UserRow, meta: { ip: string | null; userAgent: string | null }): NewSession {
    const token = crypto.randomBytes(32).toString('base64url');
    const now = this.clock();
    const session: SessionRow = {
      id: sha256(token),
      user_id: user.id,
      csrf_token: crypto.randomBytes(24).toString('base64url'),
      created_at: now.toISOString(),
      last_seen_at: now.toISOString(),
      expires_at: new Date(now.getTime() + SESSION_MAX_H * 3_600_000).toISOString(),
    };
    this.sessions.insert({ ...session, ip: meta.ip, user_agent: meta.userAgent?.slice(0, 200) ?? null });
    return { token, user, session };
  }
}

const actorLike = (u: UserRow) => ({ userId: u.id, displayName: u.display_name });
