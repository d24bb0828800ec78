// The items API over real HTTP against a real CMS process, signed in with real accounts: the role matrix
// (every publishing route × every role, and street A's people against street B's items), bad inputs each
// refused with a stable code and no state change, and the workflow end to end up to the TV API.
import Database from 'better-sqlite3';
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ItemView } from '../../../cms-server/src/publishing/publishing-service.ts';
import { AdminClient, addStreets, adminOf, userClient } from '../../helpers/admin-client.ts';
import { copySeededData, startKeting, type KetingProcess } from '../../helpers/server.ts';

let cms: KetingProcess;
let dataDir: string;
/** Signed-in accounts; "A" is Taiping street, "B" Heping street, "D" a street that publishes directly. */
const who: Record<string, AdminClient> = {};
type Who = 'admin' | 'reviewer' | 'editor' | 'operator' | 'secretary' | 'editorB' | 'reviewerB';
const ROLES: Who[] = ['admin', 'reviewer', 'editor', 'operator', 'secretary', 'editorB', 'reviewerB'];

/** A video of street B (fixture row, as the uploads API would leave it once packaged). */
const HEPING_ASSET = 'heping-lesson';

/** ISO 8601 in Asia/Shanghai, as the admin sends it. */
function shanghai(d: Date): string {
  const local = new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 19);
  return `${local}+08:00`;
}
const inMinutes = (m: number) => shanghai(new Date(Date.now() + m * 60_000));

const article = (extra: Record<string, unknown> = {}) => ({
  kind: 'article',
  sectionId: 'news',
  title: '太平街道议事会纪要',
  body: '本周议事会讨论了加装电梯的事情。\n\n请居民踊跃提意见。',
  ...extra,
});

async function call(client: AdminClient | null, method: string, p: string, body?: unknown) {
  if (!client) {
    const res = await fetch(`${cms.baseUrl}${p}`, {
      method,
      headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  }
  return client.json(method, p, body);
}

/** An item of street A (Taiping) brought to `state` through the API. */
async function itemIn(state: 'draft' | 'review' | 'published' | 'scheduled', extra: Record<string, unknown> = {}): Promise<ItemView> {
  const created = await who.editor!.json('POST', '/api/admin/items', article(extra));
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const id = (created.body as ItemView).id;
  if (state === 'draft') return created.body;
  expect((await who.editor!.json('POST', `/api/admin/items/${id}/submit`)).status).toBe(200);
  if (state === 'review') return (await who.admin!.json('GET', `/api/admin/items/${id}`)).body;
  const approved = await who.reviewer!.json('POST', `/api/admin/items/${id}/approve`, state === 'scheduled' ? { publishAt: inMinutes(60) } : {});
  expect(approved.status).toBe(200);
  expect(approved.body.state).toBe(state);
  return approved.body;
}

const stored = async (id: string) => (await who.admin!.json('GET', `/api/admin/items/${id}`)).body as ItemView;
const itemCount = async () => (await who.admin!.json('GET', '/api/admin/items?limit=1')).body.total as number;
const tvIds = async (query: string) => {
  const res = await fetch(`${cms.baseUrl}/api/tv/v1/catalog${query}`);
  expect(res.status).toBe(200);
  const c = (await res.json()) as { sections: { items: { id: string }[] }[] };
  return c.sections.flatMap((s) => s.items.map((i) => i.id));
};

beforeAll(async () => {
  dataDir = await copySeededData();
  addStreets(dataDir, [
    { id: 'taiping', name: '太平街道' },
    { id: 'heping', name: '和平街道' },
    { id: 'zhifa', name: '直发街道' },
  ]);
  const db = new Database(path.join(dataDir, 'keting.sqlite'));
  try {
    const now = new Date().toISOString();
    db.prepare(
      `INSERT INTO assets (id, status, source_name, title, street_id, created_by, progress, poster, duration_sec, renditions, created_at, updated_at)
       VALUES (?, 'ready', 'lesson.mp4', '和平党课', 'heping', 'someone', 100, 'poster.jpg', 6, '[]', ?, ?)`,
    ).run(HEPING_ASSET, now, now);
  } finally {
    db.close();
  }
  cms = await startKeting({ dataDir });
  who.admin = await adminOf(cms.baseUrl);
  // The street that publishes directly is set so through the streets API, as an admin would.
  expect((await who.admin.json('PATCH', '/api/admin/streets/zhifa', { publishDirectly: true })).status).toBe(200);
  who.reviewer = await userClient(who.admin, { role: 'reviewer', streetId: 'taiping' });
  who.editor = await userClient(who.admin, { role: 'editor', streetId: 'taiping' });
  who.operator = await userClient(who.admin, { role: 'operator', streetId: 'taiping' });
  who.secretary = await userClient(who.admin, { role: 'secretary', streetId: 'taiping' });
  who.editorB = await userClient(who.admin, { role: 'editor', streetId: 'heping' });
  who.reviewerB = await userClient(who.admin, { role: 'reviewer', streetId: 'heping' });
  who.editorD = await userClient(who.admin, { role: 'editor', streetId: 'zhifa' });
});

afterAll(async () => {
  await cms?.stop();
  await fs.rm(dataDir, { recursive: true, force: true });
});

describe('role matrix: every publishing route × every role', () => {
  interface Route {
    name: string;
    /** The state street A's item must be in for the action to make sense. */
    state?: 'draft' | 'review' | 'published';
    method: string;
    path: (id: string) => string;
    body?: unknown;
    /** Expected status per role; 'stranger' is a request without a session. */
    expect: Record<Who | 'stranger', number>;
  }
  const ok = (s: number, roles: Who[]) => Object.fromEntries(roles.map((r) => [r, s]));
  const routes: Route[] = [
    { name: 'list', method: 'GET', path: () => '/api/admin/items', expect: { stranger: 401, ...ok(200, ROLES) } as Route['expect'] },
    {
      name: 'read', state: 'draft', method: 'GET', path: (id) => `/api/admin/items/${id}`,
      expect: { stranger: 401, admin: 200, reviewer: 200, editor: 200, operator: 200, secretary: 200, editorB: 404, reviewerB: 404 },
    },
    {
      name: 'create for street A', method: 'POST', path: () => '/api/admin/items', body: article({ streetId: 'taiping' }),
      expect: { stranger: 401, admin: 201, reviewer: 403, editor: 201, operator: 403, secretary: 403, editorB: 403, reviewerB: 403 },
    },
    {
      name: 'edit', state: 'draft', method: 'PATCH', path: (id) => `/api/admin/items/${id}`, body: { title: '改过的标题' },
      expect: { stranger: 401, admin: 200, reviewer: 403, editor: 200, operator: 403, secretary: 403, editorB: 404, reviewerB: 403 },
    },
    {
      name: 'delete', state: 'draft', method: 'DELETE', path: (id) => `/api/admin/items/${id}`,
      expect: { stranger: 401, admin: 204, reviewer: 403, editor: 204, operator: 403, secretary: 403, editorB: 404, reviewerB: 403 },
    },
    {
      name: 'submit', state: 'draft', method: 'POST', path: (id) => `/api/admin/items/${id}/submit`,
      expect: { stranger: 401, admin: 200, reviewer: 403, editor: 200, operator: 403, secretary: 403, editorB: 404, reviewerB: 403 },
    },
    {
      name: 'approve', state: 'review', method: 'POST', path: (id) => `/api/admin/items/${id}/approve`, body: {},
      expect: { stranger: 401, admin: 200, reviewer: 200, editor: 403, operator: 403, secretary: 403, editorB: 403, reviewerB: 404 },
    },
    {
      name: 'reject', state: 'review', method: 'POST', path: (id) => `/api/admin/items/${id}/reject`, body: { reason: '请补充时间地点' },
      expect: { stranger: 401, admin: 200, reviewer: 200, editor: 403, operator: 403, secretary: 403, editorB: 403, reviewerB: 404 },
    },
    {
      name: 'withdraw', state: 'published', method: 'POST', path: (id) => `/api/admin/items/${id}/withdraw`,
      expect: { stranger: 401, admin: 200, reviewer: 200, editor: 200, operator: 200, secretary: 403, editorB: 404, reviewerB: 404 },
    },
    {
      name: 'window', state: 'draft', method: 'PUT', path: (id) => `/api/admin/items/${id}/window`,
      body: { publishAt: inMinutes(60), unpublishAt: inMinutes(120) },
      expect: { stranger: 401, admin: 200, reviewer: 200, editor: 403, operator: 200, secretary: 403, editorB: 403, reviewerB: 404 },
    },
  ];
  const cases = routes.flatMap((r) => (['stranger', ...ROLES] as const).map((role) => ({ ...r, role, status: r.expect[role] })));

  it.each(cases)('when $role calls $name, then the answer is $status', async (c) => {
    const item = c.state ? await itemIn(c.state) : undefined;
    const before = item ? await stored(item.id) : undefined;
    const countBefore = await itemCount();
    const res = await call(c.role === 'stranger' ? null : who[c.role]!, c.method, c.path(item?.id ?? ''), c.body);
    expect(res.status, JSON.stringify(res.body)).toBe(c.status);
    if (c.status >= 400) {
      expect(res.body.error.code).toBe({ 401: 'unauthenticated', 403: 'forbidden', 404: 'not_found' }[c.status as 401 | 403 | 404]);
      expect(res.body.error.message).toMatch(/[\u4e00-\u9fff]/);
      // Refused: nothing changed.
      if (item) expect(await stored(item.id)).toEqual(before);
      expect(await itemCount()).toBe(countBefore);
      return;
    }
    // Allowed: the change is stored (checked by a follow-up GET), and the answer's `allowed` fits the role.
    if (c.name === 'list') {
      expect(res.body.total).toBeGreaterThan(0);
      if (c.role === 'editorB') expect(res.body.items.every((i: ItemView) => i.streetId !== 'taiping')).toBe(true);
      return;
    }
    if (c.name === 'create for street A') {
      expect(await itemCount()).toBe(countBefore + 1);
      expect((await stored(res.body.id)).streetId).toBe('taiping');
      return;
    }
    const after = c.name === 'delete' ? undefined : await stored(item!.id);
    const expected: Record<string, () => void> = {
      read: () => expect(res.body.allowed).toEqual(
        { admin: ['edit', 'delete', 'submit', 'schedule'], reviewer: ['schedule'], editor: ['edit', 'delete', 'submit'], operator: ['schedule'], secretary: [] }[c.role as 'admin'],
      ),
      edit: () => expect(after!.title).toBe('改过的标题'),
      delete: () => undefined,
      submit: () => expect(after!.state).toBe('review'),
      approve: () => expect(after!.state).toBe('published'),
      reject: () => expect(after).toMatchObject({ state: 'draft', reviewNote: '请补充时间地点' }),
      withdraw: () => expect(after!.state).toBe('withdrawn'),
      window: () => expect(after!.publishAt).toBe(new Date((c.body as { publishAt: string }).publishAt).toISOString()),
    };
    expected[c.name]!();
    if (c.name === 'delete') expect((await who.admin!.json('GET', `/api/admin/items/${item!.id}`)).status).toBe(404);
  });

  it('when a state-changing request has no CSRF token, then it is refused and nothing changes', async () => {
    const item = await itemIn('draft');
    const res = await fetch(`${cms.baseUrl}/api/admin/items/${item.id}/submit`, { method: 'POST', headers: { Cookie: who.editor!.cookie } });
    expect(res.status).toBe(403);
    expect((await stored(item.id)).state).toBe('draft');
  });
});

describe('bad inputs: refused with a clear code, nothing stored', () => {
  let draft: ItemView;
  let published: ItemView;
  beforeAll(async () => {
    draft = await itemIn('draft');
    published = await itemIn('published');
  });

  const raw = (method: string, p: string, body: string) =>
    fetch(`${cms.baseUrl}${p}`, { method, headers: { ...who.editor!.headers(), 'Content-Type': 'application/json' }, body });

  const cases: { name: string; send: () => Promise<{ status: number; body: any }>; status: number; code: string }[] = [
    { name: 'malformed JSON', status: 400, code: 'malformed_json',
      send: async () => { const r = await raw('POST', '/api/admin/items', '{"kind": "article", "title": '); return { status: r.status, body: await r.json() }; } },
    { name: 'a JSON array instead of an object', status: 400, code: 'invalid_body',
      send: async () => { const r = await raw('POST', '/api/admin/items', '[1,2]'); return { status: r.status, body: await r.json() }; } },
    { name: 'unknown kind', status: 400, code: 'invalid_kind', send: () => who.editor!.json('POST', '/api/admin/items', article({ kind: 'podcast' })) },
    { name: 'missing title', status: 400, code: 'invalid_title', send: () => who.editor!.json('POST', '/api/admin/items', article({ title: undefined })) },
    { name: 'blank title', status: 400, code: 'invalid_title', send: () => who.editor!.json('POST', '/api/admin/items', article({ title: '   ' })) },
    { name: 'over-long title (41 characters)', status: 400, code: 'invalid_title', send: () => who.editor!.json('POST', '/api/admin/items', article({ title: '长'.repeat(41) })) },
    { name: 'over-long body (5001 characters)', status: 400, code: 'invalid_text', send: () => who.editor!.json('POST', '/api/admin/items', article({ body: '字'.repeat(5001) })) },
    { name: 'over-long summary', status: 400, code: 'invalid_summary', send: () => who.editor!.json('POST', '/api/admin/items', article({ summary: '摘'.repeat(81) })) },
    { name: 'unknown section', status: 400, code: 'invalid_section', send: () => who.editor!.json('POST', '/api/admin/items', article({ sectionId: 'sports' })) },
    { name: 'urgent article (only notices are urgent)', status: 400, code: 'invalid_urgent', send: () => who.editor!.json('POST', '/api/admin/items', article({ urgent: true })) },
    { name: 'video without a video', status: 400, code: 'asset_required', send: () => who.editor!.json('POST', '/api/admin/items', article({ kind: 'video' })) },
    { name: 'unknown asset id', status: 400, code: 'unknown_asset', send: () => who.editor!.json('POST', '/api/admin/items', article({ kind: 'video', assetId: 'no-such-video' })) },
    { name: "another street's asset", status: 400, code: 'unknown_asset', send: () => who.editor!.json('POST', '/api/admin/items', article({ kind: 'video', assetId: HEPING_ASSET })) },
    { name: 'guide without its fields', status: 400, code: 'invalid_guide', send: () => who.editor!.json('POST', '/api/admin/items', article({ kind: 'guide', sectionId: 'guide', guide: { department: '民政科' } })) },
    { name: 'recruitment with a deadline that is no day', status: 400, code: 'invalid_recruitment',
      send: () => who.editor!.json('POST', '/api/admin/items', article({ kind: 'recruitment', sectionId: 'jobs', recruitment: {
        employer: '社区食堂', positions: [{ name: '帮厨', count: 2, requirements: '身体健康' }], deadline: '2026-02-30', contact: '王老师 12345678' } })) },
    { name: 'a date that is not a time', status: 400, code: 'invalid_time', send: () => who.editor!.json('POST', '/api/admin/items', article({ publishAt: '明天上午' })) },
    { name: 'a time without an offset', status: 400, code: 'invalid_time', send: () => who.editor!.json('POST', '/api/admin/items', article({ publishAt: '2026-12-01T08:00:00' })) },
    { name: 'February 30th', status: 400, code: 'invalid_time', send: () => who.operator!.json('PUT', `/api/admin/items/${draft.id}/window`, { publishAt: '2027-02-30T08:00:00+08:00', unpublishAt: null }) },
    // Offsets out of range once reached Date and answered 500.
    { name: 'an offset of +99:99', status: 400, code: 'invalid_time', send: () => who.operator!.json('PUT', `/api/admin/items/${draft.id}/window`, { publishAt: '2027-01-10T08:00:00+99:99', unpublishAt: null }) },
    { name: 'an offset of +24:00', status: 400, code: 'invalid_time', send: () => who.operator!.json('PUT', `/api/admin/items/${draft.id}/window`, { publishAt: null, unpublishAt: '2027-01-10T08:00:00+24:00' }) },
    { name: 'an offset of -25:00 on a new item', status: 400, code: 'invalid_time', send: () => who.editor!.json('POST', '/api/admin/items', article({ unpublishAt: '2027-01-10T08:00-25:00' })) },
    { name: 'an offset of +08:60 on approval', status: 400, code: 'invalid_time', send: () => who.reviewer!.json('POST', `/api/admin/items/${draft.id}/approve`, { publishAt: '2027-01-10T08:00:00+08:60' }) },
    { name: 'a leap second', status: 400, code: 'invalid_time', send: () => who.editor!.json('PATCH', `/api/admin/items/${draft.id}`, { publishAt: '2026-12-31T23:59:60Z' }) },
    { name: 'hour 24', status: 400, code: 'invalid_time', send: () => who.editor!.json('PATCH', `/api/admin/items/${draft.id}`, { unpublishAt: '2027-01-10T24:00:00+08:00' }) },
    { name: 'a time that is a number', status: 400, code: 'invalid_time', send: () => who.operator!.json('PUT', `/api/admin/items/${draft.id}/window`, { publishAt: 1767225600000 }) },
    // Text the TV cannot show.
    { name: 'a NUL in the title', status: 400, code: 'invalid_title', send: () => who.editor!.json('POST', '/api/admin/items', article({ title: '停水\u0000通知' })) },
    { name: 'a line break in the title', status: 400, code: 'invalid_title', send: () => who.editor!.json('PATCH', `/api/admin/items/${draft.id}`, { title: '停水\n通知' }) },
    { name: 'a C1 control in the summary', status: 400, code: 'invalid_summary', send: () => who.editor!.json('POST', '/api/admin/items', article({ summary: '摘要\u0085内容' })) },
    { name: 'a title of zero-width characters only', status: 400, code: 'invalid_title', send: () => who.editor!.json('POST', '/api/admin/items', article({ title: '\u200b\u200c\u200d\ufeff\u2060' })) },
    { name: 'a title of ideographic spaces and a Hangul filler', status: 400, code: 'invalid_title', send: () => who.editor!.json('POST', '/api/admin/items', article({ title: '\u3000\u3164\u3000' })) },
    { name: 'a summary of invisible characters only', status: 400, code: 'invalid_summary', send: () => who.editor!.json('PATCH', `/api/admin/items/${draft.id}`, { summary: '\u200b \u00ad' }) },
    { name: 'a right-to-left override in the title', status: 400, code: 'invalid_title', send: () => who.editor!.json('POST', '/api/admin/items', article({ title: '通知\u202egnp.exe' })) },
    { name: 'a bidi isolate in the body', status: 400, code: 'invalid_text', send: () => who.editor!.json('POST', '/api/admin/items', article({ body: '第一段\u2066隔离\u2069。' })) },
    { name: 'a bell in the body', status: 400, code: 'invalid_text', send: () => who.editor!.json('PATCH', `/api/admin/items/${draft.id}`, { body: '第一段\u0007。' }) },
    { name: 'a lone surrogate in the body', status: 400, code: 'invalid_text', send: async () => { const r = await raw('POST', '/api/admin/items', JSON.stringify(article()).replace('本周', '\\ud800本周')); return { status: r.status, body: await r.json() }; } },
    { name: 'a noncharacter in the title', status: 400, code: 'invalid_title', send: () => who.editor!.json('POST', '/api/admin/items', article({ title: '通知\uffff' })) },
    { name: 'a control character in a guide step', status: 400, code: 'invalid_guide', send: () => who.editor!.json('POST', '/api/admin/items', article({ kind: 'guide', sectionId: 'guide', guide: {
      department: '民政科', duties: ['低保'], steps: ['带材料\u0008到窗口'], materials: ['身份证'], hours: '工作日 9:00–17:00', phone: '0512-12345678', address: '太平街道办事处一楼' } })) },
    { name: 'zero-width characters only as a recruitment contact', status: 400, code: 'invalid_recruitment', send: () => who.editor!.json('POST', '/api/admin/items', article({ kind: 'recruitment', sectionId: 'jobs', recruitment: {
      employer: '社区食堂', positions: [{ name: '帮厨', count: 2, requirements: '身体健康' }], deadline: '2026-12-30', contact: '\u200b\u200b' } })) },
    { name: 'a right-to-left override in a reject reason', status: 400, code: 'invalid_reason', send: () => who.reviewer!.json('POST', `/api/admin/items/${draft.id}/reject`, { reason: '\u202e请改标题' }) },
    { name: 'a reject reason of zero-width characters', status: 400, code: 'reason_required', send: () => who.reviewer!.json('POST', `/api/admin/items/${draft.id}/reject`, { reason: '\u200b' }) },
    { name: 'unpublish before publish', status: 400, code: 'window_order', send: () => who.operator!.json('PUT', `/api/admin/items/${draft.id}/window`, { publishAt: inMinutes(120), unpublishAt: inMinutes(60) }) },
    { name: 'unpublish in the past', status: 400, code: 'unpublish_in_past', send: () => who.operator!.json('PUT', `/api/admin/items/${draft.id}/window`, { publishAt: null, unpublishAt: inMinutes(-5) }) },
    { name: 'a publish time ten years ahead', status: 400, code: 'time_too_far', send: () => who.operator!.json('PUT', `/api/admin/items/${draft.id}/window`, { publishAt: '2036-12-01T08:00:00+08:00', unpublishAt: null }) },
    { name: 'unknown street (admin)', status: 400, code: 'unknown_street', send: () => who.admin!.json('POST', '/api/admin/items', article({ streetId: 'nowhere' })) },
    { name: 'changing the kind', status: 400, code: 'kind_immutable', send: () => who.editor!.json('PATCH', `/api/admin/items/${draft.id}`, { kind: 'notice' }) },
    { name: 'reject without a reason', status: 400, code: 'reason_required', send: () => who.reviewer!.json('POST', `/api/admin/items/${draft.id}/reject`, {}) },
    { name: 'approve a draft', status: 409, code: 'invalid_state', send: () => who.reviewer!.json('POST', `/api/admin/items/${draft.id}/approve`, {}) },
    { name: 'withdraw a draft', status: 409, code: 'invalid_state', send: () => who.operator!.json('POST', `/api/admin/items/${draft.id}/withdraw`) },
    { name: 'edit a published item', status: 409, code: 'item_locked', send: () => who.editor!.json('PATCH', `/api/admin/items/${published.id}`, { title: '偷偷改' }) },
    { name: 'delete a published item', status: 409, code: 'item_locked', send: () => who.editor!.json('DELETE', `/api/admin/items/${published.id}`) },
    { name: 'unknown id', status: 404, code: 'not_found', send: () => who.editor!.json('POST', '/api/admin/items/00000000-0000-0000-0000-000000000000/submit') },
    { name: 'path trick ..%2f', status: 400, code: 'invalid_id', send: () => who.editor!.json('GET', '/api/admin/items/..%2f..%2fusers') },
    { name: 'path trick ..%5c on an action', status: 400, code: 'invalid_id', send: () => who.editor!.json('POST', '/api/admin/items/..%5c..%5cusers/submit') },
    { name: 'upper-case id', status: 400, code: 'invalid_id', send: () => who.editor!.json('PATCH', `/api/admin/items/${draft.id.toUpperCase()}`, { title: 'x' }) },
    { name: 'unknown list filter value', status: 400, code: 'invalid_query', send: () => who.editor!.json('GET', '/api/admin/items?state=lost') },
  ];

  it.each(cases)('when $name, then $status $code', async (c) => {
    const countBefore = await itemCount();
    const draftBefore = await stored(draft.id);
    const publishedBefore = await stored(published.id);
    const res = await c.send();
    expect(res.status, JSON.stringify(res.body)).toBe(c.status);
    expect(res.body.error.code).toBe(c.code);
    expect(res.body.error.message).toMatch(/[\u4e00-\u9fff]/);
    expect(await itemCount()).toBe(countBefore);
    expect(await stored(draft.id)).toEqual(draftBefore);
    expect(await stored(published.id)).toEqual(publishedBefore);
  });

  it('when a time or a text is refused, then the message names the field in Chinese', async () => {
    const message = async (res: Promise<{ status: number; body: any }>) => (await res).body.error.message as string;
    expect(await message(who.operator!.json('PUT', `/api/admin/items/${draft.id}/window`, { publishAt: '2027-01-10T08:00:00+99:99' }))).toContain('上线时间');
    expect(await message(who.operator!.json('PUT', `/api/admin/items/${draft.id}/window`, { unpublishAt: '2027-01-10T08:00:00+24:00' }))).toContain('下线时间');
    expect(await message(who.editor!.json('POST', '/api/admin/items', article({ title: '停水\u0000通知' })))).toBe('「标题」里有电视上显示不出来的字符（控制字符）。');
    expect(await message(who.editor!.json('POST', '/api/admin/items', article({ title: '\u200b\u200b' })))).toContain('「标题」');
    expect(await message(who.editor!.json('POST', '/api/admin/items', article({ body: 'a\u202eb' })))).toContain('「正文」');
    expect(await message(who.editor!.json('POST', '/api/admin/items', article({ kind: 'guide', sectionId: 'guide', guide: {
      department: '民政科', duties: ['低保'], steps: ['带材料\u0008到窗口'], materials: ['身份证'], hours: '工作日', phone: '0512-12345678', address: '一楼' } })))).toContain('办理步骤');
  });

  it('when text is fine but unusual, then it is kept: NFC-normalised, line breaks and tabs in the body, emoji sequences, minute-only times', async () => {
    const res = await who.editor!.json('POST', '/api/admin/items', article({
      title: 'Cafe\u0301 👨\u200d👩\u200d👧 通知',
      body: '第一段\r\n\r\n第二段\t缩进',
      publishAt: '2027-01-10T08:00+08:00',
      unpublishAt: '2027-01-11T08:00:00.5-02:30',
    }));
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.title).toBe('Caf\u00e9 👨\u200d👩\u200d👧 通知');
    expect(res.body.body).toBe('第一段\n\n第二段\t缩进');
    expect(res.body.publishAt).toBe('2027-01-10T00:00:00.000Z');
    expect(res.body.unpublishAt).toBe('2027-01-11T10:30:00.500Z');
    expect((await who.editor!.json('DELETE', `/api/admin/items/${res.body.id}`)).status).toBe(204);
  });

  it('when a TV names a malformed or unknown street, then the TV API refuses it', async () => {
    const bad = await fetch(`${cms.baseUrl}/api/tv/v1/catalog?street=..%2f`);
    expect([bad.status, ((await bad.json()) as any).error.code]).toEqual([400, 'invalid_street']);
    const unknown = await fetch(`${cms.baseUrl}/api/tv/v1/catalog?street=nowhere`);
    expect([unknown.status, ((await unknown.json()) as any).error.code]).toEqual([404, 'unknown_street']);
  });
});

describe('the workflow end to end', () => {
  it('when an editor creates and submits and a reviewer approves, then street A\'s TVs show it, street B\'s do not, and withdrawing removes it', async () => {
    const created = await who.editor!.json('POST', '/api/admin/items', article({ kind: 'notice', sectionId: 'affairs', title: '明日停水通知', urgent: true }));
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    expect(created.body).toMatchObject({ state: 'draft', streetId: 'taiping', urgent: true, allowed: ['edit', 'delete', 'submit'] });

    expect((await who.editor!.json('POST', `/api/admin/items/${id}/submit`)).body.state).toBe('review');
    expect(await tvIds('?street=taiping')).not.toContain(id);
    const queue = await who.reviewer!.json('GET', '/api/admin/items?state=review');
    expect(queue.body.items.map((i: ItemView) => i.id)).toContain(id);
    expect(queue.body.items.find((i: ItemView) => i.id === id).allowed).toEqual(['approve', 'reject', 'schedule']);

    const approved = await who.reviewer!.json('POST', `/api/admin/items/${id}/approve`, {});
    expect(approved.body).toMatchObject({ state: 'published', allowed: ['withdraw', 'schedule'] });
    expect(await tvIds('?street=taiping')).toContain(id);
    expect(await tvIds('?street=heping')).not.toContain(id);
    expect(await tvIds('')).not.toContain(id);
    // Urgent notices come first in their section.
    const catalog = (await (await fetch(`${cms.baseUrl}/api/tv/v1/catalog?street=taiping`)).json()) as any;
    expect(catalog.sections.find((s: any) => s.id === 'affairs').items[0].id).toBe(id);
    expect((await fetch(`${cms.baseUrl}/api/tv/v1/items/${id}?street=taiping`)).status).toBe(200);
    expect((await fetch(`${cms.baseUrl}/api/tv/v1/items/${id}?street=heping`)).status).toBe(404);
    // District content still reaches street A's TVs.
    const seeded = await tvIds('');
    expect(seeded.length).toBeGreaterThan(20);
    expect((await tvIds('?street=taiping')).filter((i) => seeded.includes(i))).toEqual(seeded);

    expect((await who.operator!.json('POST', `/api/admin/items/${id}/withdraw`)).body.state).toBe('withdrawn');
    expect(await tvIds('?street=taiping')).not.toContain(id);
    expect((await fetch(`${cms.baseUrl}/api/tv/v1/items/${id}?street=taiping`)).status).toBe(404);

    // A withdrawn item can be edited and go round again.
    const edited = await who.editor!.json('PATCH', `/api/admin/items/${id}`, { title: '停水通知（时间已更正）' });
    expect(edited.body).toMatchObject({ state: 'withdrawn', title: '停水通知（时间已更正）' });
    expect((await who.editor!.json('POST', `/api/admin/items/${id}/submit`)).body.state).toBe('review');

    const audit = await who.admin!.json('GET', `/api/admin/audit?targetType=item&targetId=${id}`);
    expect(audit.body.entries.map((e: any) => e.action).reverse()).toEqual([
      'item_created', 'item_submitted', 'item_approved', 'item_published', 'item_withdrawn', 'item_updated', 'item_submitted',
    ]);
    expect(new Set(audit.body.entries.map((e: any) => e.streetId))).toEqual(new Set(['taiping']));
  });

  it('when a reviewer sends an item back, then the editor sees the reason and can fix and resubmit', async () => {
    const item = await itemIn('review');
    const rejected = await who.reviewer!.json('POST', `/api/admin/items/${item.id}/reject`, { reason: '标题里的日期写错了' });
    expect(rejected.body).toMatchObject({ state: 'draft', reviewNote: '标题里的日期写错了' });
    const mine = await who.editor!.json('GET', `/api/admin/items/${item.id}`);
    expect(mine.body).toMatchObject({ reviewNote: '标题里的日期写错了', allowed: ['edit', 'delete', 'submit'] });
  });

  it('when the street publishes directly, then submitting puts the item on its TVs without review', async () => {
    const created = await who.editorD!.json('POST', '/api/admin/items', article());
    const submitted = await who.editorD!.json('POST', `/api/admin/items/${created.body.id}/submit`);
    expect(submitted.body.state).toBe('published');
    expect(await tvIds('?street=zhifa')).toContain(created.body.id);
    expect(await tvIds('?street=taiping')).not.toContain(created.body.id);
  });

  it('when a video lesson uses a district video, then once approved the TV gets its playlist and poster', async () => {
    // The seeded sample videos are district-wide (the assets API lists them to district accounts).
    const assetId = (await who.admin!.json('GET', '/api/admin/assets?status=ready&limit=50')).body.assets.find(
      (a: { streetId: string | null }) => a.streetId === null,
    ).id as string;
    const created = await who.editor!.json('POST', '/api/admin/items', { kind: 'video', sectionId: 'education', title: '党课：垃圾分类', assetId });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body.asset).toMatchObject({ status: 'ready', progress: 100, hls: `/media/${assetId}/master.m3u8` });
    const id = created.body.id as string;
    await who.editor!.json('POST', `/api/admin/items/${id}/submit`);
    expect((await who.reviewer!.json('POST', `/api/admin/items/${id}/approve`, {})).body.state).toBe('published');
    const detail = (await (await fetch(`${cms.baseUrl}/api/tv/v1/items/${id}?street=taiping`)).json()) as any;
    expect(detail.video).toMatchObject({ hls: `/media/${assetId}/master.m3u8`, poster: `/media/${assetId}/poster.jpg` });
    expect((await fetch(`${cms.baseUrl}${detail.video.hls}`)).status).toBe(200);
  });

  it('when content is district-wide, then district accounts run it and street accounts only read it', async () => {
    const districtEditor = await userClient(who.admin!, { role: 'editor', streetId: null });
    const districtReviewer = await userClient(who.admin!, { role: 'reviewer', streetId: null });
    const created = await districtEditor.json('POST', '/api/admin/items', article({ title: '全区通知' }));
    expect(created.body.streetId).toBeNull();
    const id = created.body.id as string;
    await districtEditor.json('POST', `/api/admin/items/${id}/submit`);
    expect((await who.reviewer!.json('GET', `/api/admin/items/${id}`)).body.allowed).toEqual([]);
    const refused = await who.reviewer!.json('POST', `/api/admin/items/${id}/approve`, {});
    expect([refused.status, refused.body.error.code]).toEqual([403, 'forbidden']);
    expect((await stored(id)).state).toBe('review');
    expect((await districtReviewer.json('POST', `/api/admin/items/${id}/approve`, {})).body.state).toBe('published');
    for (const street of ['', '?street=taiping', '?street=heping']) expect(await tvIds(street)).toContain(id);
    // A district reviewer approves street items too.
    const streetItem = await itemIn('review');
    expect((await districtReviewer.json('POST', `/api/admin/items/${streetItem.id}/approve`, {})).body.state).toBe('published');
  });

  it('when approved with a publish time an hour ahead, then it is scheduled and not yet on the TVs', async () => {
    const item = await itemIn('scheduled');
    expect(item.publishedAt).toBeNull();
    expect(await tvIds('?street=taiping')).not.toContain(item.id);
    const scheduled = await who.operator!.json('GET', '/api/admin/items?state=scheduled&street=taiping');
    expect(scheduled.body.items.map((i: ItemView) => i.id)).toContain(item.id);
  });
});
