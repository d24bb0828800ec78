// The households API over real HTTP against a real CMS: branches, households and members of a street; who may
// read and change them by role and street; every bad input refused in words (JSON with a stable code), with
// nothing changed; every change in the audit log.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminOf, createStreets, userClient, type AdminClient } from '../../helpers/admin-client.ts';
import { startKeting, type KetingProcess } from '../../helpers/server.ts';

let keting: KetingProcess;
let admin: AdminClient;
let districtOperator: AdminClient;
let taipingOperator: AdminClient;
let pingjiangOperator: AdminClient;
let taipingSecretary: AdminClient;

beforeAll(async () => {
  keting = await startKeting();
  admin = await adminOf(keting.baseUrl);
  await createStreets(admin);
  districtOperator = await userClient(admin, { role: 'operator', streetId: null });
  taipingOperator = await userClient(admin, { role: 'operator', streetId: 'taiping' });
  pingjiangOperator = await userClient(admin, { role: 'operator', streetId: 'pingjiang' });
  taipingSecretary = await userClient(admin, { role: 'secretary', streetId: 'taiping' });
});
afterAll(async () => {
  await keting?.stop();
});

async function audits(action: string): Promise<number> {
  const res = await admin.json('GET', '/api/admin/audit?limit=200');
  return res.body.entries.filter((e: { action: string }) => e.action === action).length;
}

/** Everything stored, as a district admin reads it (to check that a refusal changed nothing). */
async function everything(): Promise<string> {
  const branches = (await admin.json('GET', '/api/admin/branches')).body.branches;
  const list = (await admin.json('GET', '/api/admin/households?limit=200')).body.households;
  const full = await Promise.all(list.map(async (h: { id: string }) => (await admin.json('GET', `/api/admin/households/${h.id}`)).body.household));
  return JSON.stringify({ branches, full });
}

describe('branches, households and members', () => {
  it('when a street operator makes a branch, a household and three members, then they are stored with the digits 1–3, and logged', async () => {
    const before = { b: await audits('branch_created'), h: await audits('household_created'), m: await audits('member_created') };
    const branch = await taipingOperator.json('POST', '/api/admin/branches', { name: '太平第一党支部' });
    expect(branch.status).toBe(201);
    expect(branch.body.branch).toMatchObject({ streetId: 'taiping', name: '太平第一党支部', members: 0 });
    const home = await taipingOperator.json('POST', '/api/admin/households', { name: '平安里 3 号 张家', address: '平安里 3 号 2 单元' });
    expect(home.status).toBe(201);
    const id = home.body.household.id;
    expect(home.body.household).toMatchObject({ streetId: 'taiping', name: '平安里 3 号 张家', memberCount: 0, members: [] });
    for (const [name, partyMember] of [['张建国', true], ['李秀英', true], ['张小明', false]] as const) {
      const m = await taipingOperator.json('POST', `/api/admin/households/${id}/members`, { name, partyMember, branchId: partyMember ? branch.body.branch.id : null });
      expect(m.status).toBe(201);
    }
    const read = (await taipingSecretary.json('GET', `/api/admin/households/${id}`)).body.household;
    expect(read.members.map((m: { position: number; name: string; partyMember: boolean; branchName: string | null }) => [m.position, m.name, m.partyMember, m.branchName])).toEqual([
      [1, '张建国', true, '太平第一党支部'],
      [2, '李秀英', true, '太平第一党支部'],
      [3, '张小明', false, null],
    ]);
    expect((await taipingOperator.json('GET', '/api/admin/branches')).body.branches[0].members).toBe(2);
    expect(await audits('branch_created')).toBe(before.b + 1);
    expect(await audits('household_created')).toBe(before.h + 1);
    expect(await audits('member_created')).toBe(before.m + 3);

    // A member leaves: the digit 2 is free again and the next member takes it.
    const li = read.members[1].id;
    expect((await taipingOperator.json('DELETE', `/api/admin/members/${li}`)).status).toBe(204);
    const next = await taipingOperator.json('POST', `/api/admin/households/${id}/members`, { name: '王芳' });
    expect(next.body.member).toMatchObject({ position: 2, partyMember: false, branchId: null });
  });

  it('when a household has nine members, then a tenth is refused: the remote has nine digits', async () => {
    const home = (await districtOperator.json('POST', '/api/admin/households', { streetId: 'pingjiang', name: '大家庭' })).body.household;
    for (let i = 1; i <= 9; i++) expect((await districtOperator.json('POST', `/api/admin/households/${home.id}/members`, { name: `成员${i}` })).status).toBe(201);
    const tenth = await districtOperator.json('POST', `/api/admin/households/${home.id}/members`, { name: '成员10' });
    expect(tenth.status).toBe(409);
    expect(tenth.body.error).toMatchObject({ code: 'household_full' });
    expect(tenth.body.error.message).toContain('最多 9 位');
  });

  it('when a branch still has members, then deleting it is refused in words; emptied, it goes', async () => {
    const branch = (await pingjiangOperator.json('POST', '/api/admin/branches', { name: '平江第二党支部' })).body.branch;
    const home = (await pingjiangOperator.json('POST', '/api/admin/households', { name: '钮家巷 8 号 陈家' })).body.household;
    const m = (await pingjiangOperator.json('POST', `/api/admin/households/${home.id}/members`, { name: '陈志强', partyMember: true, branchId: branch.id })).body.member;
    const refused = await pingjiangOperator.json('DELETE', `/api/admin/branches/${branch.id}`);
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({ code: 'branch_in_use' });
    expect(refused.body.error.message).toContain('1 位成员');
    expect((await pingjiangOperator.json('PATCH', `/api/admin/members/${m.id}`, { branchId: null })).body.member.branchId).toBeNull();
    expect((await pingjiangOperator.json('DELETE', `/api/admin/branches/${branch.id}`)).status).toBe(204);
  });

  it('when a household is deleted, then its members go with it', async () => {
    const home = (await taipingOperator.json('POST', '/api/admin/households', { name: '临时户' })).body.household;
    const m = (await taipingOperator.json('POST', `/api/admin/households/${home.id}/members`, { name: '临时' })).body.member;
    expect((await taipingOperator.json('DELETE', `/api/admin/households/${home.id}`)).status).toBe(204);
    expect((await taipingOperator.json('GET', `/api/admin/households/${home.id}`)).status).toBe(404);
    expect((await taipingOperator.json('PATCH', `/api/admin/members/${m.id}`, { name: '还在吗' })).status).toBe(404);
  });
});

describe('who may', () => {
  it('when editors and reviewers ask, then 403; a secretary reads but does not change', async () => {
    for (const role of ['editor', 'reviewer'] as const) {
      const c = await userClient(admin, { role, streetId: null });
      expect((await c.json('GET', '/api/admin/households')).status).toBe(403);
      expect((await c.json('GET', '/api/admin/branches')).status).toBe(403);
      expect((await c.json('POST', '/api/admin/households', { streetId: 'taiping', name: 'x' })).status).toBe(403);
    }
    expect((await taipingSecretary.json('GET', '/api/admin/households')).status).toBe(200);
    const no = await taipingSecretary.json('POST', '/api/admin/households', { name: 'x' });
    expect(no.status).toBe(403);
    expect(no.body.error.code).toBe('forbidden');
  });

  it("when a street account asks for another street's records, then they are not found; naming another street is refused", async () => {
    const theirs = (await pingjiangOperator.json('POST', '/api/admin/households', { name: '平江的一户' })).body.household;
    const theirBranch = (await pingjiangOperator.json('POST', '/api/admin/branches', { name: '平江第三党支部' })).body.branch;
    const before = await everything();
    expect((await taipingOperator.json('GET', `/api/admin/households/${theirs.id}`)).status).toBe(404);
    expect((await taipingSecretary.json('GET', `/api/admin/households/${theirs.id}`)).status).toBe(404);
    expect((await taipingOperator.json('PATCH', `/api/admin/households/${theirs.id}`, { name: '改掉' })).status).toBe(404);
    expect((await taipingOperator.json('DELETE', `/api/admin/households/${theirs.id}`)).status).toBe(404);
    expect((await taipingOperator.json('POST', `/api/admin/households/${theirs.id}/members`, { name: '混进来' })).status).toBe(404);
    expect((await taipingOperator.json('DELETE', `/api/admin/branches/${theirBranch.id}`)).status).toBe(404);
    const other = await taipingOperator.json('POST', '/api/admin/households', { streetId: 'pingjiang', name: '越界' });
    expect(other.status).toBe(403);
    expect(other.body.error.code).toBe('street_scope');
    // Lists: a street account sees its street only, whatever it asks for.
    const list = (await taipingOperator.json('GET', '/api/admin/households?street=pingjiang')).body.households;
    expect(list.length).toBeGreaterThan(0);
    expect(list.every((h: { streetId: string }) => h.streetId === 'taiping')).toBe(true);
    expect((await taipingOperator.json('GET', '/api/admin/branches?street=pingjiang')).body.branches.every((b: { streetId: string }) => b.streetId === 'taiping')).toBe(true);
    // A member of a taiping household cannot join a pingjiang branch.
    const mine = (await taipingOperator.json('POST', '/api/admin/households', { name: '太平的一户' })).body.household;
    const cross = await taipingOperator.json('POST', `/api/admin/households/${mine.id}/members`, { name: '跨街道', branchId: theirBranch.id });
    expect(cross.status).toBe(400);
    expect(cross.body.error.code).toBe('invalid_branch');
    await taipingOperator.json('DELETE', `/api/admin/households/${mine.id}`);
    expect(await everything()).toBe(before);
  });

  it('when a district account makes a household, then it must name an existing street', async () => {
    const none = await districtOperator.json('POST', '/api/admin/households', { name: '哪个街道' });
    expect(none.status).toBe(400);
    expect(none.body.error.code).toBe('invalid_street');
    const unknown = await districtOperator.json('POST', '/api/admin/households', { streetId: 'nowhere', name: '哪个街道' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.code).toBe('unknown_street');
    const list = (await districtOperator.json('GET', '/api/admin/households?street=pingjiang&limit=200')).body;
    expect(list.households.every((h: { streetId: string }) => h.streetId === 'pingjiang')).toBe(true);
    expect(list.total).toBe(list.households.length);
  });
});

describe('bad input', () => {
  it('when bodies, ids and queries are wrong, then each is refused in words with a stable code and nothing changes', async () => {
    const home = (await taipingOperator.json('POST', '/api/admin/households', { name: '坏输入测试户' })).body.household;
    const before = await everything();
    const cases: [string, string, string, unknown, number, string][] = [
      ['a name of the wrong type', 'POST', '/api/admin/households', { name: 42 }, 400, 'invalid_body'],
      ['an empty name', 'POST', '/api/admin/households', { name: '   ' }, 400, 'invalid_body'],
      ['a control character', 'POST', '/api/admin/households', { name: '张家\u0007' }, 400, 'invalid_body'],
      ['a name too long', 'POST', '/api/admin/households', { name: '长'.repeat(41) }, 400, 'invalid_body'],
      ['an unknown field', 'POST', '/api/admin/households', { name: '张家', boxes: 3 }, 400, 'invalid_body'],
      ['an array body', 'POST', '/api/admin/households', [{ name: '张家' }], 400, 'invalid_body'],
      ['a street id of the wrong form', 'POST', '/api/admin/branches', { name: '支部', streetId: '../x' }, 400, 'invalid_body'],
      ['partyMember not a boolean', 'POST', `/api/admin/households/${home.id}/members`, { name: '李四', partyMember: 'yes' }, 400, 'invalid_body'],
      ['a branch id of the wrong form', 'POST', `/api/admin/households/${home.id}/members`, { name: '李四', branchId: 'abc' }, 400, 'invalid_body'],
      ['an unknown branch', 'POST', `/api/admin/households/${home.id}/members`, { name: '李四', branchId: '00000000-0000-4000-8000-000000000000' }, 400, 'invalid_branch'],
      ['an unknown household', 'GET', '/api/admin/households/00000000-0000-4000-8000-000000000000', undefined, 404, 'not_found'],
      ['a household id of the wrong form', 'GET', '/api/admin/households/..%2F..%2Fetc', undefined, 400, 'invalid_id'],
      ['an unknown member', 'PATCH', '/api/admin/members/00000000-0000-4000-8000-000000000000', { name: '谁' }, 404, 'not_found'],
      ['a member id of the wrong form', 'DELETE', '/api/admin/members/1', undefined, 400, 'invalid_id'],
      ['a limit too large', 'GET', '/api/admin/households?limit=100000', undefined, 400, 'invalid_query'],
      ['a street query of the wrong form', 'GET', '/api/admin/branches?street=%00', undefined, 400, 'invalid_query'],
    ];
    for (const [what, method, path, body, status, code] of cases) {
      const res = await taipingOperator.json(method, path, body);
      expect([what, res.status, res.body?.error?.code], what).toEqual([what, status, code]);
      expect(res.body.error.message, what).toMatch(/[\u4e00-\u9fff]/);
    }
    const malformed = await taipingOperator.request('POST', '/api/admin/households', undefined, { 'Content-Type': 'application/json' });
    expect(malformed.status).toBe(400);
    const broken = await fetch(`${keting.baseUrl}/api/admin/households`, {
      method: 'POST',
      headers: { ...taipingOperator.headers(), 'Content-Type': 'application/json' },
      body: '{"name": "张',
    });
    expect(broken.status).toBe(400);
    expect(((await broken.json()) as { error: { code: string } }).error.code).toBe('malformed_json');
    const huge = await taipingOperator.request('POST', '/api/admin/households', { name: '张家', address: 'x'.repeat(300 * 1024) });
    expect(huge.status).toBe(413);
    expect(await everything()).toBe(before);
  });
});
