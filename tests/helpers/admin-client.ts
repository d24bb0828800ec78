// Signing in to the admin API for real, as a browser does: a session cookie and the CSRF token from the
// login answer. `adminOf` signs in as the first admin (startKeting sets its password); `userClient` creates an
// account through the API and signs in with it, replacing its one-time password as a new user must.
import Database from 'better-sqlite3';
import path from 'node:path';
import type { Role } from '../../cms-server/src/auth/actor.ts';
import type { UserView } from '../../cms-server/src/auth/auth-service.ts';

/** The first admin's password in test servers (KETING_ADMIN_PASSWORD; see tests/helpers/server.ts). */
export const TEST_ADMIN_PASSWORD = 'test-admin-password';
export const TEST_USER_PASSWORD = 'test-user-password';

export class AdminClient {
  constructor(
    readonly baseUrl: string,
    readonly cookie: string,
    readonly csrfToken: string,
    readonly user: UserView,
  ) {}

  /** The cookie and CSRF headers, for requests a test builds itself (tus uploads). */
  headers(): Record<string, string> {
    return { Cookie: this.cookie, 'X-CSRF-Token': this.csrfToken };
  }

  request(method: string, p: string, body?: unknown, headers: Record<string, string> = {}): Promise<Response> {
    return fetch(`${this.baseUrl}${p}`, {
      method,
      headers: { ...this.headers(), ...(body === undefined ? {} : { 'Content-Type': 'application/json' }), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  }

  async json<T = any>(method: string, p: string, body?: unknown): Promise<{ status: number; body: T }> {
    const res = await this.request(method, p, body);
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T };
  }

  static async login(baseUrl: string, username: string, password: string): Promise<AdminClient> {
    const res = await fetch(`${baseUrl}/api/admin/session`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username, password }),
    });
    if (res.status !== 200) throw new Error(`login as ${username} failed: ${res.status} ${await res.text()}`);
    return AdminClient.fromResponse(baseUrl, res);
  }

  static async fromResponse(baseUrl: string, res: Response): Promise<AdminClient> {
    const cookie = res.headers.getSetCookie().map((c) => c.split(';')[0] ?? '').find((c) => c.startsWith('keting_sid='));
    if (!cookie) throw new Error('no session cookie in the answer');
    const body = (await res.json()) as { user: UserView; csrfToken: string };
    return new AdminClient(baseUrl, cookie, body.csrfToken, body.user);
  }
}

export const adminOf = (baseUrl: string): Promise<AdminClient> => AdminClient.login(baseUrl, 'admin', TEST_ADMIN_PASSWORD);

let counter = 0;

/** A new account of this role and street, signed in (its one-time password already replaced). */
export async function userClient(
  admin: AdminClient,
  opts: { role: Role; streetId: string | null; username?: string; displayName?: string },
): Promise<AdminClient> {
  const username = opts.username ?? `${opts.role}-${opts.streetId ?? 'district'}-${process.pid}-${++counter}`;
  const created = await admin.json('POST', '/api/admin/users', {
    username,
    displayName: opts.displayName ?? username,
    role: opts.role,
    streetId: opts.streetId,
  });
  if (created.status !== 201) throw new Error(`creating ${username} failed: ${created.status} ${JSON.stringify(created.body)}`);
  const first = await AdminClient.login(admin.baseUrl, username, created.body.oneTimePassword as string);
  const changed = await first.request('POST', '/api/admin/account/password', {
    currentPassword: created.body.oneTimePassword,
    newPassword: TEST_USER_PASSWORD,
  });
  if (changed.status !== 200) throw new Error(`password change of ${username} failed: ${changed.status}`);
  return AdminClient.fromResponse(admin.baseUrl, changed);
}

/** Adds streets to a test data dir's database before its server starts (fixtures; the API has POST /streets). */
export function addStreets(dataDir: string, streets: { id: string; name: string; publishDirectly?: boolean }[]): void {
  const db = new Database(path.join(dataDir, 'keting.sqlite'));
  try {
    // The seeded copy may predate migration 002 (publish_directly); the server migrates it at start.
    const insert = db.prepare('INSERT OR IGNORE INTO streets (id, name) VALUES (?, ?)');
    for (const s of streets) insert.run(s.id, s.name);
  } finally {
    db.close();
  }
}

/** The two streets most API tests work across, made through the admin API (POST /api/admin/streets). */
export const TWO_STREETS: readonly [string, string][] = [['taiping', '太平街道'], ['pingjiang', '平江街道']];

export async function createStreets(admin: AdminClient, streets: readonly [string, string][] = TWO_STREETS): Promise<void> {
  for (const [id, name] of streets) {
    const made = await admin.json('POST', '/api/admin/streets', { id, name, publishDirectly: false });
    if (made.status !== 201) throw new Error(`creating street ${id} failed: ${made.status} ${JSON.stringify(made.body)}`);
  }
}

/** A POST of JSON to the TV API (`path` after /api/tv/v1/, query included), as a box sends it: status and body. */
export async function tvPost(baseUrl: string, path: string, body: unknown): Promise<{ status: number; body: any }> {
  const res = await fetch(`${baseUrl}/api/tv/v1/${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}
