// Boxes and pairing over real HTTP against a real CMS: a box says hello and shows a code; staff pair it to a
// household of their street; the box hears it on its next hello; the fleet lists it. Wrong, reused and superseded
// codes, guessing (throttled per account and across the server), the role × street matrix and bad input — each
// refused in words with a stable code, nothing changed.
import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminOf, createStreets, tvPost as post, userClient, type AdminClient } from '../../helpers/admin-client.ts';
import { startKeting, type KetingProcess } from '../../helpers/server.ts';

let keting: KetingProcess;
let admin: AdminClient;
let districtOperator: AdminClient;
let taipingOperator: AdminClient;
let pingjiangOperator: AdminClient;
let taipingHome: { id: string; name: string };
let pingjiangHome: { id: string; name: string };

const tv = (path: string, body: unknown, street?: string) => post(keting.baseUrl, `boxes/${path}${street ? `?street=${street}` : ''}`, body);
const hello = (deviceId: string, street?: string) => tv('hello', { deviceId, appVersion: '0.1.0' }, street);
const codeFor = async (deviceId: string) => (await tv('pairing-code', { deviceId })).body.code as string;

beforeAll(async () => {
  keting = await startKeting();
  admin = await adminOf(keting.baseUrl);
  await createStreets(admin);
  districtOperator = await userClient(admin, { role: 'operator', streetId: null });
  taipingOperator = await userClient(admin, { role: 'operator', streetId: 'taiping' });
  pingjiangOperator = await userClient(admin, { role: 'operator', streetId: 'pingjiang' });
  taipingHome = (await taipingOperator.json('POST', '/api/admin/households', { name: '平安里 3 号 张家' })).body.household;
  await taipingOperator.json('POST', `/api/admin/households/${taipingHome.id}/members`, { name: '张建国', partyMember: true });
  await taipingOperator.json('POST', `/api/admin/households/${taipingHome.id}/members`, { name: '李秀英', partyMember: true });
  pingjiangHome = (await pingjiangOperator.json('POST', '/api/admin/households', { name: '钮家巷 8 号 陈家' })).body.household;
});
afterAll(async () => {
  await keting?.stop();
});

describe('pairing a box', () => {
  it('when staff type the code a box shows, then the box is paired, hears it on its next hello, and the fleet shows it', async () => {
    const box = crypto.randomUUID();
    expect(await hello(box, 'taiping')).toEqual({ status: 200, body: { paired: false, household: null } });
    const shown = await tv('pairing-code', { deviceId: box });
    expect(shown.status).toBe(201);
    expect(shown.body.code).toMatch(/^\d{6}$/);
    expect(shown.body.pairPath).toBe(`/admin/#/boxes?code=${shown.body.code}`);

    const paired = await taipingOperator.json('POST', '/api/admin/pairings', { code: shown.body.code, householdId: taipingHome.id });
    expect(paired.status).toBe(201);
    expect(paired.body.box).toMatchObject({ id: box, householdName: '平安里 3 号 张家', streetId: 'taiping', appVersion: '0.1.0', online: true });
    expect((await hello(box, 'taiping')).body).toEqual({
      paired: true,
      household: { name: '平安里 3 号 张家', members: [{ position: 1, name: '张建国' }, { position: 2, name: '李秀英' }] },
    });
    const fleet = (await taipingOperator.json('GET', '/api/admin/boxes')).body;
    expect(fleet.boxes.find((b: { id: string }) => b.id === box)).toMatchObject({ householdId: taipingHome.id, online: true });
    const audit = (await admin.json('GET', '/api/admin/audit?limit=50')).body.entries;
    expect(audit.some((e: { action: string; targetId: string }) => e.action === 'box_paired' && e.targetId === box)).toBe(true);

    // Used once: the same code again is refused; unpairing from the admin frees the box.
    const again = await taipingOperator.json('POST', '/api/admin/pairings', { code: shown.body.code, householdId: taipingHome.id });
    expect([again.status, again.body.error.code]).toEqual([410, 'pairing_code_used']);
    const unpaired = await taipingOperator.json('DELETE', `/api/admin/boxes/${box}/pairing`);
    expect(unpaired.body.box.householdId).toBeNull();
    expect((await hello(box, 'taiping')).body.paired).toBe(false);
  });

  it('when a box shows a new code, then its old one is expired; an unknown code is refused in words', async () => {
    const box = crypto.randomUUID();
    await hello(box);
    const first = await codeFor(box);
    const second = await codeFor(box);
    const old = await taipingOperator.json('POST', '/api/admin/pairings', { code: first, householdId: taipingHome.id });
    expect([old.status, old.body.error.code]).toEqual([410, 'pairing_code_expired']);
    expect(old.body.error.message).toContain('过期');
    const unknown = await taipingOperator.json('POST', '/api/admin/pairings', { code: second === '000000' ? '000001' : '000000', householdId: taipingHome.id });
    expect([unknown.status, unknown.body.error.code]).toEqual([404, 'invalid_pairing_code']);
    expect((await taipingOperator.json('POST', '/api/admin/pairings', { code: second, householdId: taipingHome.id })).status).toBe(201);
  });

  it("when a street operator pairs to another street's household, then it is not found and the code still works", async () => {
    const box = crypto.randomUUID();
    await hello(box, 'pingjiang');
    const code = await codeFor(box);
    const cross = await taipingOperator.json('POST', '/api/admin/pairings', { code, householdId: pingjiangHome.id });
    expect(cross.status).toBe(404);
    // The box set to pingjiang and not paired to a taiping household is not in taiping's fleet, nor can taiping unpair it.
    expect((await taipingOperator.json('GET', '/api/admin/boxes?limit=200')).body.boxes.some((b: { id: string }) => b.id === box)).toBe(false);
    expect((await taipingOperator.json('GET', `/api/admin/boxes/${box}`)).status).toBe(404);
    expect((await taipingOperator.json('DELETE', `/api/admin/boxes/${box}/pairing`)).status).toBe(404);
    expect((await pingjiangOperator.json('POST', '/api/admin/pairings', { code, householdId: pingjiangHome.id })).status).toBe(201);
    expect((await districtOperator.json('GET', '/api/admin/boxes?street=pingjiang&limit=200')).body.boxes.some((b: { id: string }) => b.id === box)).toBe(true);
  });

  it('when roles other than operator and admin ask, then 403', async () => {
    for (const role of ['editor', 'reviewer', 'secretary'] as const) {
      const c = await userClient(admin, { role, streetId: 'taiping' });
      expect((await c.json('GET', '/api/admin/boxes')).status).toBe(403);
      expect((await c.json('POST', '/api/admin/pairings', { code: '123456', householdId: taipingHome.id })).status).toBe(403);
    }
  });

  it('when the fleet is asked for boxes not seen for 7 days, then a box seen now is not among them', async () => {
    const box = crypto.randomUUID();
    await hello(box);
    const stale = (await districtOperator.json('GET', '/api/admin/boxes?stale=1&limit=200')).body;
    expect(stale.boxes.some((b: { id: string }) => b.id === box)).toBe(false);
    expect((await districtOperator.json('GET', '/api/admin/boxes?limit=200')).body.boxes.some((b: { id: string }) => b.id === box)).toBe(true);
  });
});

describe('guessing and bad input', () => {
  it('when an account enters wrong codes, then the eleventh in 15 minutes is refused whatever the code', async () => {
    const guesser = await userClient(admin, { role: 'operator', streetId: 'taiping' });
    const box = crypto.randomUUID();
    await hello(box);
    const real = await codeFor(box);
    let n = 0;
    for (let i = 0; i < 10; i++) {
      const wrong = String((Number(real) + 1 + i) % 1_000_000).padStart(6, '0');
      const res = await guesser.json('POST', '/api/admin/pairings', { code: wrong, householdId: taipingHome.id });
      if (res.status === 404) n++;
    }
    expect(n).toBe(10);
    const blocked = await guesser.json('POST', '/api/admin/pairings', { code: real, householdId: taipingHome.id });
    expect([blocked.status, blocked.body.error.code]).toEqual([429, 'too_many_pairing_attempts']);
    expect((await hello(box)).body.paired).toBe(false);
  });

  it('when the TV routes get bad bodies, then each is refused in words with a stable code', async () => {
    const box = crypto.randomUUID();
    const cases: [string, string, unknown, string | undefined, number, string][] = [
      ['a device id that is no UUID', 'hello', { deviceId: 'box-1', appVersion: '0.1.0' }, undefined, 400, 'invalid_body'],
      ['a version with spaces', 'hello', { deviceId: box, appVersion: '1.0 <script>' }, undefined, 400, 'invalid_body'],
      ['a version too long', 'hello', { deviceId: box, appVersion: '1'.repeat(33) }, undefined, 400, 'invalid_body'],
      ['an unknown field', 'hello', { deviceId: box, appVersion: '0.1.0', household: 'x' }, undefined, 400, 'invalid_body'],
      ['an unknown street', 'hello', { deviceId: box, appVersion: '0.1.0' }, 'nowhere', 404, 'unknown_street'],
      ['a street of the wrong form', 'hello', { deviceId: box, appVersion: '0.1.0' }, '%2E%2E', 400, 'invalid_street'],
      ['malformed JSON', 'pairing-code', '{"deviceId": ', undefined, 400, 'malformed_json'],
      ['a device id of the wrong type', 'pairing-code', { deviceId: 42 }, undefined, 400, 'invalid_body'],
    ];
    for (const [what, path, body, street, status, code] of cases) {
      const res = await tv(path, body, street);
      expect([what, res.status, res.body?.error?.code], what).toEqual([what, status, code]);
      expect(res.body.error.message, what).toMatch(/[\u4e00-\u9fff]/);
    }
    expect((await tv('hello', { deviceId: box, appVersion: 'x'.repeat(20_000) })).status).toBe(413);
  });

  it('when the admin routes get bad input, then each is refused in words and nothing is paired', async () => {
    const box = crypto.randomUUID();
    await hello(box);
    const code = await codeFor(box);
    const cases: [string, string, string, unknown, number, string][] = [
      ['a code of five digits', 'POST', '/api/admin/pairings', { code: '12345', householdId: taipingHome.id }, 400, 'invalid_body'],
      ['a code with letters', 'POST', '/api/admin/pairings', { code: '12a456', householdId: taipingHome.id }, 400, 'invalid_body'],
      ['a code as a number', 'POST', '/api/admin/pairings', { code: 123456, householdId: taipingHome.id }, 400, 'invalid_body'],
      ['a household id of the wrong form', 'POST', '/api/admin/pairings', { code, householdId: '../x' }, 400, 'invalid_body'],
      ['an unknown household', 'POST', '/api/admin/pairings', { code, householdId: '00000000-0000-4000-8000-000000000000' }, 404, 'not_found'],
      ['a box id of the wrong form', 'GET', '/api/admin/boxes/not-a-box', undefined, 400, 'invalid_device_id'],
      ['an unknown box', 'DELETE', `/api/admin/boxes/${crypto.randomUUID()}/pairing`, undefined, 404, 'not_found'],
      ['a limit too large', 'GET', '/api/admin/boxes?limit=5000', undefined, 400, 'invalid_query'],
      ['stale not 0 or 1', 'GET', '/api/admin/boxes?stale=yes', undefined, 400, 'invalid_query'],
    ];
    for (const [what, method, path, body, status, errorCode] of cases) {
      const res = await districtOperator.json(method, path, body);
      expect([what, res.status, res.body?.error?.code], what).toEqual([what, status, errorCode]);
    }
    expect((await hello(box)).body.paired).toBe(false);
    expect((await districtOperator.json('POST', '/api/admin/pairings', { code, householdId: taipingHome.id })).status).toBe(201);
  });
});
