// The TVs' event stream (GET /api/tv/v1/events) over real HTTP against a real CMS process: what a box hears when
// staff publish and withdraw, scoped by street; catching up after a drop by Last-Event-ID (also across a restart
// of the CMS); bad input refused as JSON; a few hundred boxes at once.
import fs from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CatalogResponse, ItemSummary } from '../../../cms-server/src/tv-api/contract.ts';
import { AdminClient, addStreets, adminOf, userClient } from '../../helpers/admin-client.ts';
import { copySeededData, startKeting, type KetingProcess } from '../../helpers/server.ts';
import { SseStream, type SseMessage } from '../../helpers/sse-client.ts';

let cms: KetingProcess;
let dataDir: string;
let admin: AdminClient;
let editor: AdminClient;
let reviewer: AdminClient;
const open: SseStream[] = [];

const env = { SCHEDULER_TICK_SECONDS: '1' };

beforeAll(async () => {
  dataDir = await copySeededData();
  addStreets(dataDir, [
    { id: 'taiping', name: '太平街道' },
    { id: 'heping', name: '和平街道' },
  ]);
  cms = await startKeting({ dataDir, env });
  admin = await adminOf(cms.baseUrl);
  editor = await userClient(admin, { role: 'editor', streetId: 'taiping' });
  reviewer = await userClient(admin, { role: 'reviewer', streetId: 'taiping' });
});

afterAll(async () => {
  for (const s of open) s.close();
  await cms?.stop();
  await fs.rm(dataDir, { recursive: true, force: true });
});

async function stream(query = '', lastEventId?: string): Promise<SseStream> {
  const s = await SseStream.open(`${cms.baseUrl}/api/tv/v1/events${query}`, { lastEventId });
  open.push(s);
  return s;
}
const catalogVersion = async (query = '') =>
  ((await (await fetch(`${cms.baseUrl}/api/tv/v1/catalog${query}`)).json()) as CatalogResponse).version;
const isUrgent = (id: string) => (m: SseMessage) => m.event === 'urgent' && (m.data as { item: ItemSummary }).item.id === id;
const isWithdrawn = (id: string) => (m: SseMessage) => m.event === 'urgent_withdrawn' && (m.data as { itemId: string }).itemId === id;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** ISO 8601 in Asia/Shanghai, as the admin sends it. */
const shanghaiIn = (ms: number) => `${new Date(Date.now() + ms + 8 * 3600_000).toISOString().slice(0, 19)}+08:00`;

/** An urgent notice of `street` (null: the district's), created by `by`, submitted, and approved by `approver`. */
async function urgentNotice(
  title: string,
  street: string | null,
  by = editor,
  approver = reviewer,
  window: Record<string, string> = {},
): Promise<{ id: string; approvedAt: number }> {
  const created = await by.json('POST', '/api/admin/items', {
    kind: 'notice',
    sectionId: 'affairs',
    title,
    body: '明天上午8点到12点停水，请提前储水。',
    urgent: true,
    streetId: street,
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const id = created.body.id as string;
  expect((await by.json('POST', `/api/admin/items/${id}/submit`)).status).toBe(200);
  const approved = await approver.json('POST', `/api/admin/items/${id}/approve`, window);
  expect(approved.status, JSON.stringify(approved.body)).toBe(200);
  return { id, approvedAt: Date.now() };
}

describe('the TVs’ event stream', () => {
  it('when an operator schedules, changes or deletes a broadcast on a street’s channel, then that street’s boxes hear `broadcasts`; the district’s and another street’s do not', async () => {
    // A street made through the admin API gets its channel (addStreets above writes rows only).
    expect((await admin.json('POST', '/api/admin/streets', { id: 'xinhe', name: '新河街道', publishDirectly: false })).status).toBe(201);
    const [taiping, heping, district] = await Promise.all([stream('?street=xinhe'), stream('?street=heping'), stream()]);
    await Promise.all([taiping, heping, district].map((x) => x.next((m) => m.event === 'catalog')));
    const before = { heping: heping.messages.length, district: district.messages.length };
    const operator = await userClient(admin, { role: 'operator', streetId: 'xinhe' });
    const made = await operator.json('POST', '/api/admin/broadcasts', {
      channelId: 'street-xinhe', title: '太平街道例会', items: ['lesson-keting-dangjian'], startsAt: shanghaiIn(3 * 86_400_000), takeover: 'prompt', announceMinutes: 5,
    });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    const heard = await taiping.next((m) => m.event === 'broadcasts', 2000);
    expect(heard.data).toEqual({ channelId: 'street-xinhe' });
    // What the box then reads: the programme with its takeover.
    const channels = await (await fetch(`${cms.baseUrl}/api/tv/v1/channels?street=xinhe`)).json();
    expect(channels.channels.find((c: { id: string }) => c.id === 'street-xinhe').next).toMatchObject({ title: '太平街道例会', takeover: 'prompt', announceMinutes: 5 });
    const from = taiping.messages.indexOf(heard) + 1;
    expect((await operator.json('PATCH', `/api/admin/broadcasts/${made.body.broadcast.id}`, { title: '太平街道例会（改期）' })).status).toBe(200);
    await taiping.next((m) => m.event === 'broadcasts', 2000, from);
    // Counted before the request: the message may arrive (and a catalog after it) before the answer does.
    const fromDelete = taiping.messages.length;
    expect((await operator.json('DELETE', `/api/admin/broadcasts/${made.body.broadcast.id}`)).status).toBe(204);
    await taiping.next((m) => m.event === 'broadcasts', 2000, fromDelete);
    await sleep(500);
    expect(heping.messages.slice(before.heping).filter((m) => m.event === 'broadcasts')).toEqual([]);
    expect(district.messages.slice(before.district).filter((m) => m.event === 'broadcasts')).toEqual([]);
  });

  it('when a box connects, then it is an unbuffered event stream with retry advice that starts with the catalog’s version', async () => {
    const s = await stream('?street=taiping');
    expect(s.status).toBe(200);
    expect(s.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(s.headers.get('x-accel-buffering')).toBe('no');
    expect(s.headers.get('cache-control')).toContain('no-store');
    const first = await s.next(() => true);
    expect(first.event).toBe('catalog');
    expect(first.data).toEqual({ version: await catalogVersion('?street=taiping') });
    expect(first.id).toMatch(/^\d+$/);
    expect(s.retry).toBe(5000);
  });

  it('when a street’s urgent notice is approved, then that street’s boxes hear it within 2 s with the new version; the district’s and another street’s do not', async () => {
    const [taiping, heping, district] = await Promise.all([stream('?street=taiping'), stream('?street=heping'), stream()]);
    await Promise.all([taiping, heping, district].map((s) => s.next((m) => m.event === 'catalog')));
    const before = { heping: heping.messages.length, district: district.messages.length };

    const { id, approvedAt } = await urgentNotice('太平街道紧急停水通知', 'taiping');
    const heard = await taiping.next(isUrgent(id), 2000);
    const latency = Date.now() - approvedAt;
    expect(latency).toBeLessThan(2000);
    const item = (heard.data as { item: ItemSummary }).item;
    expect(item).toMatchObject({ id, title: '太平街道紧急停水通知', urgent: true, kind: 'notice', sectionId: 'affairs' });
    // The catalog message comes last, with the id to resume from and the version the catalog now answers.
    const after = taiping.messages.indexOf(heard);
    const version = await taiping.next((m) => m.event === 'catalog', 2000, after);
    expect(version.data).toEqual({ version: await catalogVersion('?street=taiping') });
    expect(Number(version.id)).toBeGreaterThan(0);

    await sleep(1500); // a few polls of the outbox later, still nothing for the others
    expect(heping.messages.slice(before.heping)).toEqual([]);
    expect(district.messages.slice(before.district)).toEqual([]);
  });

  it('when a district urgent notice is approved and then withdrawn, then every box hears both', async () => {
    const boxes = await Promise.all([stream('?street=taiping'), stream('?street=heping'), stream()]);
    await Promise.all(boxes.map((s) => s.next((m) => m.event === 'catalog')));
    const { id } = await urgentNotice('全区台风预警', null, admin, admin);
    await Promise.all(boxes.map((s) => s.next(isUrgent(id), 2000)));
    expect((await admin.json('POST', `/api/admin/items/${id}/withdraw`)).status).toBe(200);
    for (const s of boxes) {
      const gone = await s.next(isWithdrawn(id), 2000);
      await s.next((m) => m.event === 'catalog', 2000, s.messages.indexOf(gone));
    }
  });

  it('when a box reconnects with the id it last had, then it is sent the notice it missed, then the catalog', async () => {
    const first = await stream('?street=taiping');
    await first.next((m) => m.event === 'catalog');
    const bookmark = first.lastId!;
    first.close();
    const { id } = await urgentNotice('太平街道今晚议事会', 'taiping');
    // By header, as EventSource resends it; by query, as a box opening a new EventSource passes it.
    for (const again of [await stream('?street=taiping', bookmark), await stream(`?street=taiping&lastEventId=${bookmark}`)]) {
      const missed = await again.next(isUrgent(id));
      const last = await again.next((m) => m.event === 'catalog', 2000, again.messages.indexOf(missed));
      expect(Number(last.id)).toBeGreaterThan(Number(bookmark));
    }
    // A box of another street missed nothing of it.
    const other = await stream('?street=heping', bookmark);
    await other.next((m) => m.event === 'catalog');
    expect(other.messages.some(isUrgent(id))).toBe(false);
  });

  it('when the Last-Event-ID is not a plain id (text, negative, huge, from the future), then the box just gets the catalog', async () => {
    for (const bad of ['abc', '-1', '1e5', '99999999999999999999', '999999999', ' 1', '1\u0000']) {
      const s = await SseStream.open(`${cms.baseUrl}/api/tv/v1/events?lastEventId=${encodeURIComponent(bad)}`);
      open.push(s);
      expect(s.status, bad).toBe(200);
      const first = await s.next(() => true);
      expect(first.event, bad).toBe('catalog');
      s.close();
    }
  });

  it('when a street is unknown or malformed, then the answer is JSON with a stable code, not a stream', async () => {
    const cases: [string, number, string][] = [
      ['?street=nowhere', 404, 'unknown_street'],
      ['?street=%00taiping', 400, 'invalid_street'],
      [`?street=${'a'.repeat(5000)}`, 400, 'invalid_street'],
      ['?street=taiping&street=heping', 400, 'invalid_street'],
    ];
    for (const [q, status, code] of cases) {
      const s = await SseStream.open(`${cms.baseUrl}/api/tv/v1/events${q}`);
      expect([s.status, (s.errorBody as { error: { code: string } }).error.code], q).toEqual([status, code]);
    }
  });

  it('when a publishing step is refused, then nothing is announced', async () => {
    const s = await stream('?street=taiping');
    await s.next((m) => m.event === 'catalog');
    const n = s.messages.length;
    const created = await editor.json('POST', '/api/admin/items', {
      kind: 'notice',
      sectionId: 'affairs',
      title: '被退回的通知',
      body: '正文',
      urgent: true,
    });
    const id = created.body.id as string;
    expect((await editor.json('POST', `/api/admin/items/${id}/submit`)).status).toBe(200);
    // An unpublish-at in the past: refused, the transaction rolled back, no event.
    const refused = await reviewer.json('POST', `/api/admin/items/${id}/approve`, { unpublishAt: shanghaiIn(-60_000) });
    expect(refused.status).toBeGreaterThanOrEqual(400);
    // Withdrawing an item under review is not a step it can take.
    expect((await reviewer.json('POST', `/api/admin/items/${id}/withdraw`)).status).toBe(409);
    await sleep(1500);
    expect(s.messages.slice(n)).toEqual([]);
  });

  it('when a scheduled notice comes due, then the scheduler’s tick announces it', async () => {
    const s = await stream('?street=taiping');
    await s.next((m) => m.event === 'catalog');
    const publishAt = shanghaiIn(2500); // whole seconds: between 1.5 and 2.5 s ahead
    const { id } = await urgentNotice('两秒后发布的通知', 'taiping', editor, reviewer, { publishAt });
    expect(s.messages.some(isUrgent(id)), 'not before its time').toBe(false);
    await s.next(isUrgent(id), 8000);
    expect(Date.now()).toBeGreaterThanOrEqual(Date.parse(publishAt));
  });

  it('when 300 boxes are connected, then every one of them hears a district notice', async () => {
    const many = await Promise.all(Array.from({ length: 300 }, (_, i) => stream(i % 2 ? '?street=heping' : '')));
    await Promise.all(many.map((s) => s.next((m) => m.event === 'catalog')));
    const { id } = await urgentNotice('全区通知：三百台电视', null, admin, admin);
    const results = await Promise.allSettled(many.map((s) => s.next(isUrgent(id), 5000)));
    expect(results.filter((r) => r.status === 'fulfilled').length).toBe(300);
    for (const s of many) s.close();
  });

  it('when the CMS restarts and a notice comes due while it is down, then a box that reconnects with its id catches up', async () => {
    const s = await stream('?street=taiping');
    await s.next((m) => m.event === 'catalog');
    const { id } = await urgentNotice('停机期间到点的通知', 'taiping', editor, reviewer, { publishAt: shanghaiIn(2000) });
    const bookmark = s.lastId!;
    await cms.stop({ keepData: true });
    await sleep(2500);
    cms = await startKeting({ dataDir, env });
    // The box comes back to the new process with its bookmark: the boot tick published the notice meanwhile.
    const again = await stream('?street=taiping', bookmark);
    await again.next(isUrgent(id), 3000);
    admin = await adminOf(cms.baseUrl);
  });
});
