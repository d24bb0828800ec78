// Study records over real HTTP against a real CMS: a paired box reports a lesson with two members watching (谁在看);
// each branch secretary reads their branch's member only, admins their street's, other roles nothing; the report
// as CSV (UTF-8 with BOM) and XLSX (read back with exceljs); the TV's after-lesson summary; bad input refused.
import crypto from 'node:crypto';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminOf, createStreets, tvPost as post, userClient, type AdminClient } from '../../helpers/admin-client.ts';
import { startKeting, type KetingProcess } from '../../helpers/server.ts';

// A published, ready seeded video item (content/sections/01-branch-lessons.json, sample-lesson).
const VIDEO_ITEM = 'lesson-keting-dangjian';
let keting: KetingProcess;
let admin: AdminClient;
let operator: AdminClient;
let secretaryA: AdminClient;
let secretaryB: AdminClient;
let pingjiangAdmin: AdminClient;
let box: string;
let branchA: string;

const tvPost = (path: string, body: unknown) => post(keting.baseUrl, path, body);
const report = (positionSec: number, members?: number[]) =>
  tvPost('progress?street=taiping', { deviceId: box, itemId: VIDEO_ITEM, positionSec, durationSec: 8, ...(members ? { members } : {}) });

beforeAll(async () => {
  keting = await startKeting();
  admin = await adminOf(keting.baseUrl);
  await createStreets(admin);
  operator = await userClient(admin, { role: 'operator', streetId: 'taiping' });
  secretaryA = await userClient(admin, { role: 'secretary', streetId: 'taiping', displayName: '王书记' });
  secretaryB = await userClient(admin, { role: 'secretary', streetId: 'taiping', displayName: '刘书记' });
  pingjiangAdmin = await userClient(admin, { role: 'admin', streetId: 'pingjiang' });
  branchA = (await operator.json('POST', '/api/admin/branches', { name: '第一支部' })).body.branch.id;
  const branchB = (await operator.json('POST', '/api/admin/branches', { name: '第二支部' })).body.branch.id;
  expect((await operator.json('PATCH', `/api/admin/branches/${branchA}`, { secretaryId: secretaryA.user.id })).status).toBe(403); // an admin's decision
  expect((await admin.json('PATCH', `/api/admin/branches/${branchA}`, { secretaryId: secretaryA.user.id })).body.branch.secretaryName).toBe('王书记');
  expect((await admin.json('PATCH', `/api/admin/branches/${branchB}`, { secretaryId: secretaryB.user.id })).status).toBe(200);
  const home = (await operator.json('POST', '/api/admin/households', { name: '平安里 3 号 张家' })).body.household;
  await operator.json('POST', `/api/admin/households/${home.id}/members`, { name: '张建国', partyMember: true, branchId: branchA });
  await operator.json('POST', `/api/admin/households/${home.id}/members`, { name: '李秀英', partyMember: true, branchId: branchB });
  box = crypto.randomUUID();
  await tvPost('boxes/hello?street=taiping', { deviceId: box, appVersion: '0.1.0' });
  const { code } = (await tvPost('boxes/pairing-code', { deviceId: box })).body;
  expect((await operator.json('POST', '/api/admin/pairings', { code, householdId: home.id })).status).toBe(201);
  // Two members watch the lesson for about three seconds of real time.
  expect((await report(0, [1, 2])).status).toBe(204);
  await new Promise((r) => setTimeout(r, 3000));
  expect((await report(3, [1, 2])).status).toBe(204);
}, 60_000);
afterAll(async () => {
  await keting?.stop();
});

const seconds = (r: { members: { name: string; seconds: number }[] }, name: string) => r.members.find((m) => m.name === name)?.seconds;

describe('who reads study records', () => {
  it("when each branch's secretary reads the report, then they see their branch's member and the seconds studied", async () => {
    const a = (await secretaryA.json('GET', '/api/admin/study/report')).body;
    expect(a.members.map((m: { name: string }) => m.name)).toEqual(['张建国']);
    expect(seconds(a, '张建国')).toBeGreaterThanOrEqual(2);
    expect(seconds(a, '张建国')).toBeLessThanOrEqual(5);
    expect(a.branches).toEqual([expect.objectContaining({ name: '第一支部', members: 1, active: 1, participation: 1 })]);
    const b = (await secretaryB.json('GET', '/api/admin/study/report')).body;
    expect(b.members.map((m: { name: string }) => m.name)).toEqual(['李秀英']);
    // Asking for the other branch gives nothing, not its members.
    expect((await secretaryA.json('GET', `/api/admin/study/report?branch=${(b.branches[0] as { branchId: string }).branchId}`)).body.members).toEqual([]);
  });

  it("when admins read, then a district admin sees both and another street's admin neither; other roles are refused", async () => {
    const all = (await admin.json('GET', '/api/admin/study/report?street=taiping')).body;
    expect(all.members.map((m: { name: string }) => m.name).sort()).toEqual(['张建国', '李秀英'].sort());
    expect((await pingjiangAdmin.json('GET', '/api/admin/study/report')).body.members).toEqual([]);
    for (const role of ['operator', 'editor', 'reviewer'] as const) {
      const c = role === 'operator' ? operator : await userClient(admin, { role, streetId: 'taiping' });
      expect((await c.json('GET', '/api/admin/study/report')).status).toBe(403);
      expect((await c.request('GET', '/api/admin/study/report.csv')).status).toBe(403);
    }
  });

  it('when the report is exported, then the CSV opens in Excel (UTF-8 with BOM) and the XLSX reads back', async () => {
    const csv = await secretaryA.request('GET', '/api/admin/study/report.csv');
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(csv.headers.get('content-disposition')).toContain("filename*=UTF-8''");
    const bytes = Buffer.from(await csv.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.subarray(3).toString('utf8');
    expect(text).toContain('姓名,家庭,支部,身份');
    expect(text).toContain('张建国,平安里 3 号 张家,第一支部,党员');
    expect(text).not.toContain('李秀英');

    const xlsx = await secretaryA.request('GET', '/api/admin/study/report.xlsx');
    expect(xlsx.status).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await xlsx.arrayBuffer());
    const sheet = book.getWorksheet('成员')!;
    expect(sheet.getRow(3).getCell(1).value).toBe('张建国');
    expect(typeof sheet.getRow(3).getCell(5).value).toBe('number'); // hours, a number Excel sums (3 s rounds to 0.00)
    expect(sheet.getRow(2).getCell(5).value).toBe('学习时长（小时）');
  });

  it("when the TV asks for the summary after a lesson, then it hears its own members' month; an unpaired box hears nobody", async () => {
    const mine = await tvPost('boxes/summary', { deviceId: box, members: [1, 2] });
    expect(mine.body.members.map((m: { position: number; name: string }) => [m.position, m.name])).toEqual([[1, '张建国'], [2, '李秀英']]);
    expect(mine.body.members[0].monthSeconds).toBeGreaterThanOrEqual(2);
    const stranger = crypto.randomUUID();
    await tvPost('boxes/hello', { deviceId: stranger, appVersion: '0.1.0' });
    expect((await tvPost('boxes/summary', { deviceId: stranger, members: [1, 2] })).body).toEqual({ members: [] });
  });
});

describe('bad input', () => {
  it('when queries, reports and assignments are wrong, then each is refused in words with a stable code', async () => {
    const q: [string, number, string][] = [
      ['/api/admin/study/report?from=2026-13-01', 400, 'invalid_query'],
      ['/api/admin/study/report?from=2026-12-10&to=2026-12-01', 400, 'invalid_range'],
      ['/api/admin/study/report?from=2025-01-01&to=2026-12-01', 400, 'invalid_range'],
      ['/api/admin/study/report?branch=abc', 400, 'invalid_query'],
      ['/api/admin/study/report?street=..', 400, 'invalid_query'],
    ];
    for (const [path, status, code] of q) {
      const res = await admin.json('GET', path);
      expect([path, res.status, res.body.error.code]).toEqual([path, status, code]);
    }
    for (const members of [[0], [1, 1], [1, 2, 3, 4, 5, 6, 7, 8, 9, 1], ['1'], 'all']) {
      const res = await tvPost('progress?street=taiping', { deviceId: box, itemId: VIDEO_ITEM, positionSec: 3, durationSec: 8, members });
      expect([JSON.stringify(members), res.status, res.body.error.code]).toEqual([JSON.stringify(members), 400, 'invalid_body']);
    }
    expect((await tvPost('boxes/summary', { deviceId: box, members: [] })).status).toBe(400);
    const editor = await userClient(admin, { role: 'editor', streetId: 'taiping' });
    const notSecretary = await admin.json('PATCH', `/api/admin/branches/${branchA}`, { secretaryId: editor.user.id });
    expect([notSecretary.status, notSecretary.body.error.code]).toEqual([400, 'invalid_secretary']);
    const otherStreet = await userClient(admin, { role: 'secretary', streetId: 'pingjiang' });
    expect((await admin.json('PATCH', `/api/admin/branches/${branchA}`, { secretaryId: otherStreet.user.id })).body.error.code).toBe('invalid_secretary');
    expect((await operator.json('GET', '/api/admin/branches')).body.branches.find((b: { id: string }) => b.id === branchA).secretaryName).toBe('王书记');
  });
});

describe('a live broadcast', () => {
  it('when a paired box shows a broadcast with a member watching, then it counts as study of that broadcast; filler counts nothing', async () => {
    const startsAt = new Date(Date.now() - 60_000).toISOString();
    const made = await admin.json('POST', '/api/admin/broadcasts', {
      channelId: 'district',
      title: '全区党员大会',
      items: [VIDEO_ITEM],
      startsAt,
      endsAt: new Date(Date.now() + 3600_000).toISOString(),
    });
    expect(made.status).toBe(201);
    const live = (members: unknown, channelId = 'district') => tvPost('progress/live?street=taiping', { deviceId: box, channelId, members });
    const before = seconds((await secretaryA.json('GET', '/api/admin/study/report')).body, '张建国')!;
    expect((await live([1])).status).toBe(204);
    await new Promise((r) => setTimeout(r, 2500));
    expect((await live([1])).status).toBe(204);
    const after = seconds((await secretaryA.json('GET', '/api/admin/study/report')).body, '张建国')!;
    expect(after - before).toBeGreaterThanOrEqual(2);
    expect(after - before).toBeLessThanOrEqual(5);
    // Another street's channel has nothing scheduled: filler is not study.
    expect((await live([1], 'street-pingjiang')).status).toBe(204);
    const bad: [unknown, string, number][] = [[[], 'district', 400], [[1, 1], 'district', 400], [[1], 'street-nowhere', 404], [[1], '../x', 400]];
    for (const [members, channelId, status] of bad) expect([JSON.stringify(members), channelId, (await live(members, channelId)).status]).toEqual([JSON.stringify(members), channelId, status]);
    await admin.json('DELETE', `/api/admin/broadcasts/${made.body.broadcast.id}`);
  });
});
