// Accounts and sessions over real HTTP against a real CMS process: signing in and out, cookie flags,
// session rotation, CSRF, deny-by-default, one-time passwords, password change ending other sessions,
// idle expiry, disabled accounts, admin-only account management, and the login rate limit.
import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AdminClient, addStreets, adminOf, TEST_ADMIN_PASSWORD, userClient } from '../../helpers/admin-client.ts';
import { copySeededData, ROOT, startKeting, type KetingProcess } from '../../helpers/server.ts';
import { expectApiError } from '../../helpers/api-error.ts';

let cms: KetingProcess;
let admin: AdminClient;

const post = (p: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${cms.baseUrl}${p}`, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(body) });


/** Writes to the server's database from outside, as time passing would (WAL allows a second writer). */
function withDb<T>(fn: (db: Database.Database) => T): T {
  const db = new Database(path.join(cms.dataDir, 'keting.sqlite'));
  try {
    return fn(db);
  } finally {
    db.close();
  }
}

beforeAll(async () => {
  const dataDir = await copySeededData();
  addStreets(dataDir, [{ id: 'taiping', name: '太平街道' }]);
  cms = await startKeting({ dataDir });
  admin = await adminOf(cms.baseUrl);
});
afterAll(async () => {
  await cms?.stop();
});

describe('signing in', () => {
  it('when the right password is given, then a HttpOnly SameSite=Strict session cookie and a CSRF token come back', async () => {
    const res = await post('/api/admin/session', { username: 'admin', password: TEST_ADMIN_PASSWORD });
    expect(res.status).toBe(200);
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith('keting_sid='))!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    expect(cookie).toMatch(/Path=\//);
    const body = (await res.json()) as { user: { username: string; role: string; streetId: null }; csrfToken: string };
    expect(body.user).toMatchObject({ username: 'admin', role: 'admin', streetId: null, mustChangePassword: false });
    expect(body.csrfToken.length).toBeGreaterThanOrEqual(20);
    expect(res.headers.get('cache-control')).toBe('no-store');
  });

  it('when the password or the name is wrong, then both answer the same 401 and a failed login is audited', async () => {
    await expectApiError(await post('/api/admin/session', { username: 'admin', password: 'wrong-password' }), 401, 'bad_credentials');
    await expectApiError(await post('/api/admin/session', { username: 'nobody', password: 'wrong-password' }), 401, 'bad_credentials');
    const audit = await admin.json('GET', '/api/admin/audit?limit=5');
    expect(audit.body.entries.filter((e: { action: string }) => e.action === 'login_failed').length).toBeGreaterThanOrEqual(2);
  });

  it('when the login body is malformed, then each is refused with its code', async () => {
    const bad = (body: string, type = 'application/json') =>
      fetch(`${cms.baseUrl}/api/admin/session`, { method: 'POST', headers: { 'Content-Type': type }, body });
    await expectApiError(await bad('{"username": "admin", '), 400, 'malformed_json');
    await expectApiError(await bad('username=admin', 'application/x-www-form-urlencoded'), 400, 'invalid_body');
    await expectApiError(await bad('{"username": "admin"}'), 400, 'invalid_body');
    await expectApiError(await bad('["admin"]'), 400, 'invalid_body');
    await expectApiError(await bad(JSON.stringify({ username: 'admin', password: 'x'.repeat(500) })), 400, 'invalid_body');
    await expectApiError(await bad(JSON.stringify({ username: 'a'.repeat(300 * 1024), password: 'x' })), 413, 'payload_too_large');
  });

  it('when a browser signs in again with its old cookie, then the old session ends (rotation)', async () => {
    const first = await AdminClient.login(cms.baseUrl, 'admin', TEST_ADMIN_PASSWORD);
    const again = await fetch(`${cms.baseUrl}/api/admin/session`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Cookie: first.cookie },
      body: JSON.stringify({ username: 'admin', password: TEST_ADMIN_PASSWORD }),
    });
    const second = await AdminClient.fromResponse(cms.baseUrl, again);
    expect(second.cookie).not.toBe(first.cookie);
    await expectApiError(await first.request('GET', '/api/admin/session'), 401, 'unauthenticated');
    expect((await second.request('GET', '/api/admin/session')).status).toBe(200);
  });

  it('when a user signs out, then the cookie no longer works', async () => {
    const c = await AdminClient.login(cms.baseUrl, 'admin', TEST_ADMIN_PASSWORD);
    expect((await c.request('DELETE', '/api/admin/session')).status).toBe(204);
    await expectApiError(await c.request('GET', '/api/admin/users'), 401, 'unauthenticated');
  });
});

describe('deny by default', () => {
  it('when a stranger asks for any admin path, known or not, then the answer is 401 — never 404', async () => {
    for (const p of ['/api/admin/users', '/api/admin/assets', '/api/admin/no-such-thing', '/api/admin/..%2f..%2fetc/passwd', '/api/admin/audit']) {
      await expectApiError(await fetch(`${cms.baseUrl}${p}`), 401, 'unauthenticated');
    }
  });

  it('when a signed-in user asks for an unknown admin path, then the answer is 404', async () => {
    await expectApiError(await admin.request('GET', '/api/admin/no-such-thing'), 404, 'route_not_found');
  });

  it('when a state-changing request lacks the CSRF token, has a wrong one, or comes from another origin, then it is refused', async () => {
    const body = JSON.stringify({ id: 'csrf-street', name: '测试街道' });
    const send = (headers: Record<string, string>) =>
      fetch(`${cms.baseUrl}/api/admin/streets`, { method: 'POST', headers: { 'Content-Type': 'application/json', Cookie: admin.cookie, ...headers }, body });
    await expectApiError(await send({}), 403, 'csrf_failed');
    await expectApiError(await send({ 'X-CSRF-Token': admin.csrfToken.slice(0, -2) + 'xx' }), 403, 'csrf_failed');
    await expectApiError(await send({ 'X-CSRF-Token': admin.csrfToken, Origin: 'http://evil.example' }), 403, 'csrf_failed');
    const streets = await admin.json('GET', '/api/admin/streets');
    expect(streets.body.streets.map((s: { id: string }) => s.id)).not.toContain('csrf-street');
  });
});

describe('accounts', () => {
  it('when an admin creates a user, then it signs in with the one-time password and must change it before anything else', async () => {
    const created = await admin.json('POST', '/api/admin/users', { username: 'wang.editor', displayName: '王编辑', role: 'editor', streetId: 'taiping' });
    expect(created.status).toBe(201);
    expect(created.body.oneTimePassword).toMatch(/^[A-Za-z2-9]{12}$/);
    const u = await AdminClient.login(cms.baseUrl, 'wang.editor', created.body.oneTimePassword);
    expect(u.user.mustChangePassword).toBe(true);
    await expectApiError(await u.request('GET', '/api/admin/assets'), 403, 'password_change_required');
    await expectApiError(await u.request('POST', '/api/admin/account/password', { currentPassword: created.body.oneTimePassword, newPassword: 'short' }), 400, 'weak_password');
    const changed = await u.request('POST', '/api/admin/account/password', { currentPassword: created.body.oneTimePassword, newPassword: 'a-good-new-password' });
    expect(changed.status).toBe(200);
    const after = await AdminClient.fromResponse(cms.baseUrl, changed);
    expect(after.user.mustChangePassword).toBe(false);
    expect((await after.request('GET', '/api/admin/assets')).status).toBe(200);
    // The session that used the one-time password ended with the change.
    await expectApiError(await u.request('GET', '/api/admin/session'), 401, 'unauthenticated');
  });

  it('when a user changes the password, then every other session of that user ends', async () => {
    const editor = await userClient(admin, { role: 'editor', streetId: 'taiping' });
    const otherPc = await AdminClient.login(cms.baseUrl, editor.user.username, 'test-user-password');
    const changed = await editor.request('POST', '/api/admin/account/password', { currentPassword: 'test-user-password', newPassword: 'another-password-1' });
    expect(changed.status).toBe(200);
    await expectApiError(await otherPc.request('GET', '/api/admin/session'), 401, 'unauthenticated');
    await expectApiError(await editor.request('POST', '/api/admin/account/password', { currentPassword: 'wrong', newPassword: 'another-password-2' }), 401, 'unauthenticated');
  });

  it('when a session has been idle past the limit, then it answers session_expired', async () => {
    const c = await userClient(admin, { role: 'reviewer', streetId: null });
    withDb((db) => db.prepare("UPDATE sessions SET last_seen_at = '2020-01-01T00:00:00.000Z' WHERE user_id = ?").run(c.user.id));
    await expectApiError(await c.request('GET', '/api/admin/assets'), 401, 'session_expired');
    await expectApiError(await c.request('GET', '/api/admin/assets'), 401, 'unauthenticated');
  });

  it('when an admin disables an account, then its sessions end at once and it cannot sign in', async () => {
    const c = await userClient(admin, { role: 'operator', streetId: 'taiping' });
    const res = await admin.json('PATCH', `/api/admin/users/${c.user.id}`, { disabled: true });
    expect(res.status).toBe(200);
    expect(res.body.user.disabled).toBe(true);
    await expectApiError(await c.request('GET', '/api/admin/session'), 401, 'unauthenticated');
    await expectApiError(await post('/api/admin/session', { username: c.user.username, password: 'test-user-password' }), 403, 'account_disabled');
  });

  it('when someone other than an admin manages accounts or streets, then it is forbidden and nothing changes', async () => {
    const editor = await userClient(admin, { role: 'editor', streetId: 'taiping' });
    await expectApiError(await editor.request('GET', '/api/admin/users'), 403, 'forbidden');
    await expectApiError(await editor.request('POST', '/api/admin/users', { username: 'sneaky', displayName: 'x', role: 'admin', streetId: null }), 403, 'forbidden');
    await expectApiError(await editor.request('PATCH', '/api/admin/streets/taiping', { publishDirectly: true }), 403, 'forbidden');
    const streets = await editor.json('GET', '/api/admin/streets');
    expect(streets.body.streets.find((s: { id: string }) => s.id === 'taiping').publishDirectly).toBe(false);
    const users = await admin.json('GET', '/api/admin/users');
    expect(users.body.users.map((u: { username: string }) => u.username)).not.toContain('sneaky');
  });

  it('when account requests are wrong, then each gets its own code and nothing is stored', async () => {
    const before = (await admin.json('GET', '/api/admin/users')).body.users.length;
    const cases: [unknown, number, string][] = [
      [{ username: 'admin', displayName: '重名', role: 'editor', streetId: null }, 409, 'username_taken'],
      [{ username: 'ok.name', displayName: '某人', role: 'king', streetId: null }, 400, 'invalid_body'],
      [{ username: 'ok.name', displayName: '某人', role: 'editor', streetId: 'no-such-street' }, 400, 'unknown_street'],
      [{ username: '../etc', displayName: '某人', role: 'editor', streetId: null }, 400, 'invalid_body'],
      [{ username: 'ok.name', displayName: '', role: 'editor', streetId: null }, 400, 'invalid_body'],
      [{ username: 'ok.name', displayName: '某人', role: 'editor', streetId: null, isAdmin: true }, 400, 'invalid_body'],
    ];
    for (const [body, status, code] of cases) await expectApiError(await admin.request('POST', '/api/admin/users', body), status, code);
    await expectApiError(await admin.request('PATCH', '/api/admin/users/not-a-uuid', { disabled: true }), 400, 'invalid_id');
    await expectApiError(await admin.request('PATCH', '/api/admin/users/00000000-0000-4000-8000-000000000000', { disabled: true }), 404, 'not_found');
    await expectApiError(await admin.request('PATCH', `/api/admin/users/${admin.user.id}`, { disabled: true }), 409, 'cannot_demote_self');
    expect((await admin.json('GET', '/api/admin/users')).body.users.length).toBe(before);
  });

  it('when an admin resets a password, then the old one stops working and the one-time one must be changed', async () => {
    const c = await userClient(admin, { role: 'secretary', streetId: 'taiping' });
    const reset = await admin.json('POST', `/api/admin/users/${c.user.id}/reset-password`);
    expect(reset.status).toBe(200);
    await expectApiError(await c.request('GET', '/api/admin/session'), 401, 'unauthenticated');
    await expectApiError(await post('/api/admin/session', { username: c.user.username, password: 'test-user-password' }), 401, 'bad_credentials');
    const again = await AdminClient.login(cms.baseUrl, c.user.username, reset.body.oneTimePassword);
    expect(again.user.mustChangePassword).toBe(true);
  });

  it('when an admin changes a street to publish directly, then it is stored and audited', async () => {
    const res = await admin.json('PATCH', '/api/admin/streets/taiping', { publishDirectly: true });
    expect(res.body.street).toEqual({ id: 'taiping', name: '太平街道', publishDirectly: true });
    const audit = await admin.json('GET', '/api/admin/audit?targetType=street&targetId=taiping');
    expect(audit.body.entries[0]).toMatchObject({ action: 'street_updated', actorName: '系统管理员' });
    await admin.json('PATCH', '/api/admin/streets/taiping', { publishDirectly: false });
  });
});

describe('the command line', () => {
  it('when nobody can sign in any more, then `npm run admin -- reset-password` prints a one-time password that works', async () => {
    const lost = await userClient(admin, { role: 'admin', streetId: null });
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'cms-server/src/cli.ts', 'reset-password', lost.user.username], {
      cwd: ROOT,
      env: { ...process.env, DATA_DIR: cms.dataDir },
      encoding: 'utf8',
    });
    expect(r.status, r.stderr).toBe(0);
    const password = /one-time password: (\S+)/.exec(r.stdout)?.[1];
    expect(password).toMatch(/^[A-Za-z2-9]{12}$/);
    await expectApiError(await lost.request('GET', '/api/admin/session'), 401, 'unauthenticated');
    const again = await AdminClient.login(cms.baseUrl, lost.user.username, password!);
    expect(again.user.mustChangePassword).toBe(true);
  });
});

describe('the login rate limit', () => {
  it('when one address fails to sign in too often, then further attempts answer 429, even with the right password', async () => {
    let limited: Response | undefined;
    for (let i = 0; i < 15 && !limited; i++) {
      const res = await post('/api/admin/session', { username: 'admin', password: `guess-${i}` });
      if (res.status === 429) limited = res;
      else expect(res.status).toBe(401);
    }
    expect(limited).toBeDefined();
    await expectApiError(limited!, 429, 'too_many_attempts');
    await expectApiError(await post('/api/admin/session', { username: 'admin', password: TEST_ADMIN_PASSWORD }), 429, 'too_many_attempts');
  });
});
