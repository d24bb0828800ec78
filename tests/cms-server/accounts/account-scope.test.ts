// Who manages which accounts, over real HTTP: a street admin manages its own street's accounts only and can
// never give district scope, move an account to another street, or touch a district or another street's
// account; streets are the district admin's. And the audit log: admins only, a street admin its street's.
import fs from 'node:fs/promises';
import Database from 'better-sqlite3';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AdminClient, addStreets, adminOf, userClient } from '../../helpers/admin-client.ts';
import { expectApiError } from '../../helpers/api-error.ts';
import { copySeededData, startKeting, type KetingProcess } from '../../helpers/server.ts';

let cms: KetingProcess;
let dataDir: string;
let DISTRICT: AdminClient;
let TAIPING_ADMIN: AdminClient;
let HEPING_ADMIN: AdminClient;
let TAIPING_EDITOR: AdminClient;
let HEPING_EDITOR: AdminClient;

/** The users table as stored: what a refused request must leave unchanged. */
function usersTable(): unknown[] {
  const db = new Database(path.join(dataDir, 'keting.sqlite'), { readonly: true });
  try {
    return db.prepare('SELECT id, username, role, street_id, disabled, password_hash, must_change_password FROM users ORDER BY id').all();
  } finally {
    db.close();
  }
}

beforeAll(async () => {
  dataDir = await copySeededData();
  addStreets(dataDir, [
    { id: 'taiping', name: '太平街道' },
    { id: 'heping', name: '和平街道' },
  ]);
  cms = await startKeting({ dataDir });
  DISTRICT = await adminOf(cms.baseUrl);
  TAIPING_ADMIN = await userClient(DISTRICT, { role: 'admin', streetId: 'taiping' });
  HEPING_ADMIN = await userClient(DISTRICT, { role: 'admin', streetId: 'heping' });
  TAIPING_EDITOR = await userClient(DISTRICT, { role: 'editor', streetId: 'taiping' });
  HEPING_EDITOR = await userClient(DISTRICT, { role: 'editor', streetId: 'heping' });
});
afterAll(async () => {
  await cms?.stop();
  await fs.rm(dataDir, { recursive: true, force: true });
});

describe('a street admin manages its own street only', () => {
  it('when it lists accounts, then it sees its street and nobody else, while the district admin sees all', async () => {
    const street = await TAIPING_ADMIN.json<{ users: { username: string; streetId: string | null }[] }>('GET', '/api/admin/users');
    expect(street.status).toBe(200);
    expect(new Set(street.body.users.map((u) => u.streetId))).toEqual(new Set(['taiping']));
    expect(street.body.users.map((u) => u.username)).toEqual(
      expect.arrayContaining([TAIPING_ADMIN.user.username, TAIPING_EDITOR.user.username]),
    );
    const all = await DISTRICT.json<{ users: { username: string }[] }>('GET', '/api/admin/users');
    expect(all.body.users.map((u) => u.username)).toEqual(
      expect.arrayContaining(['admin', TAIPING_ADMIN.user.username, HEPING_ADMIN.user.username, HEPING_EDITOR.user.username]),
    );
  });

  it('when it tries to become district-wide, grant district scope, or reach past its street, then each is refused and no account changes', async () => {
    const before = usersTable();
    const district = DISTRICT.user.id;
    const self = TAIPING_ADMIN.user.id;
    const heping = HEPING_EDITOR.user.id;
    const own = TAIPING_EDITOR.user.id;
    const a = TAIPING_ADMIN;

    // Its own street: to none, or to another street.
    await expectApiError(await a.request('PATCH', `/api/admin/users/${self}`, { streetId: null }), 403, 'street_scope');
    await expectApiError(await a.request('PATCH', `/api/admin/users/${self}`, { streetId: 'heping' }), 403, 'street_scope');
    // Its own street's accounts: moved out of the street.
    await expectApiError(await a.request('PATCH', `/api/admin/users/${own}`, { streetId: null }), 403, 'street_scope');
    await expectApiError(await a.request('PATCH', `/api/admin/users/${own}`, { streetId: 'heping', role: 'admin' }), 403, 'street_scope');
    // New accounts of the district or another street, of any role.
    for (const role of ['admin', 'editor', 'reviewer'] as const) {
      await expectApiError(
        await a.request('POST', '/api/admin/users', { username: `d-${role}-x`, displayName: '全区', role, streetId: null }),
        403,
        'street_scope',
      );
      await expectApiError(
        await a.request('POST', '/api/admin/users', { username: `h-${role}-x`, displayName: '和平', role, streetId: 'heping' }),
        403,
        'street_scope',
      );
    }
    // District and other streets' accounts do not exist for it: no change, no reset, no probing.
    for (const id of [district, heping, HEPING_ADMIN.user.id]) {
      await expectApiError(await a.request('PATCH', `/api/admin/users/${id}`, { displayName: '改名' }), 404, 'not_found');
      await expectApiError(await a.request('PATCH', `/api/admin/users/${id}`, { disabled: true }), 404, 'not_found');
      await expectApiError(await a.request('POST', `/api/admin/users/${id}/reset-password`), 404, 'not_found');
    }
    // Streets are the district's.
    await expectApiError(await a.request('POST', '/api/admin/streets', { id: 'newstreet', name: '新街道' }), 403, 'forbidden');
    await expectApiError(await a.request('PATCH', '/api/admin/streets/taiping', { publishDirectly: true }), 403, 'forbidden');
    await expectApiError(await a.request('PATCH', '/api/admin/streets/heping', { name: '改名' }), 403, 'forbidden');
    // Roles below admin never manage accounts.
    await expectApiError(await TAIPING_EDITOR.request('GET', '/api/admin/users'), 403, 'forbidden');
    await expectApiError(await TAIPING_EDITOR.request('POST', `/api/admin/users/${own}/reset-password`), 403, 'forbidden');

    expect(usersTable()).toEqual(before);
    // Its sessions still work: a refused request changed nothing.
    expect((await a.request('GET', '/api/admin/session')).status).toBe(200);
  });

  it('when it manages its own street, then it creates, changes, disables and resets accounts there', async () => {
    const a = TAIPING_ADMIN;
    const created = await a.json('POST', '/api/admin/users', {
      username: 'taiping-reviewer-new',
      displayName: '太平审核',
      role: 'reviewer',
      streetId: 'taiping',
    });
    expect(created.status).toBe(201);
    expect(created.body.user.streetId).toBe('taiping');
    const id = created.body.user.id as string;
    expect((await a.json('PATCH', `/api/admin/users/${id}`, { role: 'editor', displayName: '太平编辑' })).body.user).toMatchObject({
      role: 'editor',
      streetId: 'taiping',
    });
    const reset = await a.json('POST', `/api/admin/users/${id}/reset-password`);
    expect(reset.status).toBe(200);
    expect(typeof reset.body.oneTimePassword).toBe('string');
    expect((await a.json('PATCH', `/api/admin/users/${id}`, { disabled: true })).body.user.disabled).toBe(true);
    // A street admin of its own street is no higher than itself: allowed, and still bound to the street.
    const peer = await a.json('POST', '/api/admin/users', { username: 'taiping-admin-2', displayName: '太平管理', role: 'admin', streetId: 'taiping' });
    expect(peer.status).toBe(201);
    expect(peer.body.user).toMatchObject({ role: 'admin', streetId: 'taiping' });
  });
});

describe('the audit log', () => {
  it('when a non-admin asks for it, then it is refused; a street admin reads only its street, without failed sign-ins', async () => {
    // A failed sign-in: a district-wide record with the typed username.
    const failed = await fetch(`${cms.baseUrl}/api/admin/session`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: 'my-secret-password', password: 'x' }),
    });
    expect(failed.status).toBe(401);

    for (const who of [TAIPING_EDITOR, HEPING_EDITOR]) {
      await expectApiError(await who.request('GET', '/api/admin/audit'), 403, 'forbidden');
      await expectApiError(await who.request('GET', '/api/admin/audit?targetType=session'), 403, 'forbidden');
    }
    const street = await TAIPING_ADMIN.json<{ entries: { streetId: string | null; detail: unknown }[] }>('GET', '/api/admin/audit?limit=200');
    expect(street.status).toBe(200);
    expect(street.body.entries.length).toBeGreaterThan(0);
    expect(new Set(street.body.entries.map((e) => e.streetId))).toEqual(new Set(['taiping']));
    expect(JSON.stringify(street.body)).not.toContain('my-secret-password');

    const all = await DISTRICT.json<{ entries: { streetId: string | null }[] }>('GET', '/api/admin/audit?limit=200');
    expect(JSON.stringify(all.body)).toContain('my-secret-password');
    expect(all.body.entries.some((e) => e.streetId === 'heping')).toBe(true);
  });
});

describe('names an admin types', () => {
  it('when a name holds control characters, a bidi override or only invisible characters, then it is refused naming the field, and nothing is stored', async () => {
    const before = usersTable();
    for (const displayName of ['王\u0000丽', '\u202e丽王', '\u200b\u200b', '   ', '王\n丽']) {
      const res = await DISTRICT.request('POST', '/api/admin/users', { username: 'name-check', displayName, role: 'editor', streetId: 'taiping' });
      await expectApiError(res.clone(), 400, 'invalid_body');
      expect((await res.json()).error.message).toMatch(/姓名/);
    }
    await expectApiError(await DISTRICT.request('PATCH', `/api/admin/users/${TAIPING_EDITOR.user.id}`, { displayName: '\u2066王丽' }), 400, 'invalid_body');
    await expectApiError(await DISTRICT.request('POST', '/api/admin/streets', { id: 'bad-name', name: '\u0007街道' }), 400, 'invalid_body');
    expect(usersTable()).toEqual(before);
    // A decomposed and a composed character are the same name once stored (NFC).
    const ok = await DISTRICT.json('POST', '/api/admin/users', { username: 'nfc-name', displayName: 'Jose\u0301', role: 'editor', streetId: 'taiping' });
    expect(ok.status).toBe(201);
    expect(ok.body.user.displayName).toBe('Jos\u00e9');
  });
});
