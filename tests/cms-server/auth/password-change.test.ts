// Choosing a password over real HTTP: weak new passwords (a common one, the username, too short) are
// refused in Chinese words and change nothing; wrong current passwords are rate-limited per account and per
// address like sign-in, while right ones (even with a refused new password) do not count. The server trusts
// its loopback proxy here (TRUST_PROXY=loopback), so each request can name its client address.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AdminClient, adminOf, TEST_USER_PASSWORD, userClient } from '../../helpers/admin-client.ts';
import { expectApiError } from '../../helpers/api-error.ts';
import { startKeting, type KetingProcess } from '../../helpers/server.ts';

let cms: KetingProcess;
let admin: AdminClient;

beforeAll(async () => {
  cms = await startKeting({ env: { TRUST_PROXY: 'loopback' } });
  admin = await adminOf(cms.baseUrl);
});
afterAll(async () => {
  await cms?.stop();
});

let address = 0;
/** A client address of its own for each call unless one is given (X-Forwarded-For through the trusted proxy). */
const change = (c: AdminClient, currentPassword: string, newPassword: string, from = `198.51.100.${++address}`) =>
  c.request('POST', '/api/admin/account/password', { currentPassword, newPassword }, { 'X-Forwarded-For': from });

const messageOf = async (res: Response, code: string) => {
  const copy = res.clone();
  await expectApiError(res, 400, code);
  return ((await copy.json()) as { error: { message: string } }).error.message;
};

const signsIn = async (username: string, password: string) =>
  (await fetch(`${cms.baseUrl}/api/admin/session`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username, password }) })).status === 200;

describe('a weak new password', () => {
  it('when it is a common password, the username, the display name or too short, then it is refused saying why, and the old one still works', async () => {
    const u = await userClient(admin, { role: 'editor', streetId: null, username: 'zhang.lihua', displayName: '张丽华 zhanglihua' });
    const cases: [string, RegExp][] = [
      ['12345678', /常见/],
      ['password', /常见/],
      ['Password1', /常见/],
      ['qwertyuiop', /常见|键盘/],
      ['zhang.lihua', /用户名/],
      ['zhanglihua', /用户名|名字/],
      ['short1', /太短了，至少要 8 个字符/],
    ];
    for (const [password, why] of cases) {
      const message = await messageOf(await change(u, TEST_USER_PASSWORD, password), 'weak_password');
      expect(message, password).toMatch(why);
      expect(await signsIn(u.user.username, password), password).toBe(false);
    }
    expect(await signsIn(u.user.username, TEST_USER_PASSWORD)).toBe(true);
    expect((await u.request('GET', '/api/admin/session')).status).toBe(200);
  });

  it('when a new account replaces its one-time password with a weak one, then it is refused and the change is still required', async () => {
    const created = await admin.json('POST', '/api/admin/users', { username: 'li.gang', displayName: '李刚', role: 'reviewer', streetId: null });
    const first = await AdminClient.login(cms.baseUrl, 'li.gang', created.body.oneTimePassword);
    expect(await messageOf(await change(first, created.body.oneTimePassword, 'li.gang2024'), 'weak_password')).toMatch(/用户名/);
    expect(await messageOf(await change(first, created.body.oneTimePassword, 'iloveyou'), 'weak_password')).toMatch(/常见/);
    const again = await AdminClient.login(cms.baseUrl, 'li.gang', created.body.oneTimePassword);
    expect(again.user.mustChangePassword).toBe(true);
    expect((await change(again, created.body.oneTimePassword, 'lanhua-qiaotou-37-shui')).status).toBe(200);
  });
});

describe('wrong current passwords', () => {
  it('when one account is given 10 wrong current passwords from 10 addresses, then the 11th attempt is limited, even with the right one', async () => {
    const u = await userClient(admin, { role: 'operator', streetId: null });
    for (let i = 0; i < 10; i++) await expectApiError(await change(u, `wrong-${i}`, 'lanhua-qiaotou-37-shui'), 401, 'bad_credentials');
    await expectApiError(await change(u, TEST_USER_PASSWORD, 'lanhua-qiaotou-37-shui'), 429, 'too_many_attempts');
    expect(await signsIn(u.user.username, TEST_USER_PASSWORD)).toBe(true);
  });

  it('when one address gives wrong current passwords for several accounts, then its 11th attempt is limited, for any account', async () => {
    const from = '203.0.113.50';
    const accounts = await Promise.all([1, 2, 3].map(() => userClient(admin, { role: 'secretary', streetId: null })));
    for (let i = 0; i < 10; i++) await expectApiError(await change(accounts[i % 2]!, `wrong-${i}`, 'lanhua-qiaotou-37-shui', from), 401, 'bad_credentials');
    await expectApiError(await change(accounts[2]!, TEST_USER_PASSWORD, 'lanhua-qiaotou-37-shui', from), 429, 'too_many_attempts');
    // Another address is not held back for these accounts' own count (five wrong each).
    expect((await change(accounts[2]!, TEST_USER_PASSWORD, 'lanhua-qiaotou-37-shui')).status).toBe(200);
  });

  it('when the current password is right, then refusals of the new one do not count towards the limit', async () => {
    const from = '203.0.113.60';
    const u = await userClient(admin, { role: 'editor', streetId: null });
    for (let i = 0; i < 12; i++) await expectApiError(await change(u, TEST_USER_PASSWORD, '12345678', from), 400, 'weak_password');
    expect((await change(u, TEST_USER_PASSWORD, 'lanhua-qiaotou-37-shui', from)).status).toBe(200);
  });
});
