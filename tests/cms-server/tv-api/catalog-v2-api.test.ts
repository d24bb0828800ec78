// The TV API version 2 (issue 15) over real HTTP against a real CMS process: home with each section's count and
// first items, a section a page at a time by keyset cursor (stable while staff publish and withdraw), bad input
// refused as JSON, answers kept until the content changes (ETag, 304, and each kind of change that must rebuild
// them: a publish, a withdraw, a scheduled publish-at, an unpublish-at passing, a window moved) — and the v1
// catalog an old box reads, still in its shape.
import Database from 'better-sqlite3';
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOME_ITEMS_PER_SECTION, SECTION_PAGE_DEFAULT, SECTION_PAGE_MAX } from '../../../cms-server/src/constants.ts';
import type { CatalogResponse, HomeResponse, ItemDetail, ItemSummary, SectionPage } from '../../../cms-server/src/tv-api/contract.ts';
import { AdminClient, addStreets, adminOf } from '../../helpers/admin-client.ts';
import { expectApiError } from '../../helpers/api-error.ts';
import { copySeededData, startKeting, type KetingProcess } from '../../helpers/server.ts';
import { SseStream } from '../../helpers/sse-client.ts';

const SECTION = 'culture';
const MANY = 130;
/** Articles many-6 … many-11 share one publishedAt: the list orders them by id, and a page may end among them. */
const TIED = new Set([6, 7, 8, 9, 10, 11]);

let cms: KetingProcess;
let dataDir: string;
let admin: AdminClient;

/** `MANY` published articles of SECTION written before the CMS starts, older than the seeded items. */
function addArticles(dbFile: string): void {
  const db = new Database(dbFile);
  try {
    const insert = db.prepare(
      `INSERT INTO items (id, section_id, kind, title, summary, body, status, street_id, published_at, created_at, updated_at)
       VALUES (?, ?, 'article', ?, '提要', '正文', 'published', ?, ?, ?, ?)`,
    );
    const base = Date.parse('2020-01-01T00:00:00.000Z');
    db.transaction(() => {
      for (let n = 1; n <= MANY; n++) {
        const at = new Date(base + (TIED.has(n) ? 6 : n) * 3_600_000).toISOString();
        insert.run(`many-${String(n).padStart(3, '0')}`, SECTION, `学习材料 第${n}期`, null, at, at, at);
      }
      // Three that only the boxes of 太平街道 see.
      for (let n = 1; n <= 3; n++) {
        const at = new Date(base + n * 60_000).toISOString();
        insert.run(`taiping-only-${n}`, SECTION, `太平街道材料 第${n}期`, 'taiping', at, at, at);
      }
    })();
  } finally {
    db.close();
  }
}

const get = (p: string, headers: Record<string, string> = {}) => fetch(`${cms.baseUrl}${p}`, { headers });
/** A revalidation as a box or a cache sends it (fetch alone would add "Cache-Control: no-cache": never a 304). */
const revalidate = (etag: string) => ({ 'If-None-Match': etag, 'Cache-Control': 'max-age=0' });
async function json<T>(p: string): Promise<{ body: T; etag: string }> {
  const res = await get(p);
  expect(res.status, `${p}: ${res.status}`).toBe(200);
  return { body: (await res.json()) as T, etag: res.headers.get('etag')! };
}
const home = (query = '') => json<HomeResponse>(`/api/tv/v2/catalog${query}`);
const page = (query: string) => json<SectionPage>(`/api/tv/v2/sections/${SECTION}/items${query}`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Every item of SECTION, page by page; `between` runs after each page (publishing, withdrawing meanwhile). */
async function pageThrough(limit: number, between: (n: number) => Promise<void> = async () => {}, query = '') {
  const ids: string[] = [];
  const items: ItemSummary[] = [];
  const totals: number[] = [];
  let cursor: string | null = null;
  for (let n = 0; ; n++) {
    const q: string = `?limit=${limit}${query}${cursor ? `&cursor=${cursor}` : ''}`;
    const { body } = await page(q);
    expect(body.items.length).toBeLessThanOrEqual(limit);
    items.push(...body.items);
    ids.push(...body.items.map((i) => i.id));
    totals.push(body.total);
    cursor = body.nextCursor;
    if (cursor === null) return { ids, items, totals, pages: n + 1 };
    expect(body.items).toHaveLength(limit);
    await between(n);
  }
}

/** An article made, submitted and approved by the admin: on the TVs at once, or at `publishAt`. */
async function publish(title: string, opts: { section?: string; urgent?: boolean; window?: Record<string, string> } = {}): Promise<string> {
  const created = await admin.json('POST', '/api/admin/items', {
    kind: opts.urgent ? 'notice' : 'article',
    sectionId: opts.section ?? SECTION,
    title,
    body: '社区新闻正文。',
    urgent: opts.urgent ?? false,
    streetId: null,
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const id = created.body.id as string;
  expect((await admin.json('POST', `/api/admin/items/${id}/submit`)).status).toBe(200);
  const approved = await admin.json('POST', `/api/admin/items/${id}/approve`, opts.window ?? {});
  expect(approved.status, JSON.stringify(approved.body)).toBe(200);
  return id;
}
const withdraw = async (id: string) => expect((await admin.json('POST', `/api/admin/items/${id}/withdraw`)).status).toBe(200);

/** ISO 8601 in Asia/Shanghai, as the admin sends it, `ms` from now. */
const shanghaiIn = (ms: number) => `${new Date(Date.now() + ms + 8 * 3600_000).toISOString().slice(0, 23)}+08:00`;

beforeAll(async () => {
  dataDir = await copySeededData();
  addStreets(dataDir, [{ id: 'taiping', name: '太平街道' }]);
  addArticles(path.join(dataDir, 'keting.sqlite'));
  cms = await startKeting({ dataDir, env: { SCHEDULER_TICK_SECONDS: '1' } });
  admin = await adminOf(cms.baseUrl);
});

afterAll(async () => {
  await cms?.stop();
  await fs.rm(dataDir, { recursive: true, force: true });
});

describe('home (GET /api/tv/v2/catalog)', () => {
  it('when home is asked for, then it has the ten sections in digit order, each with its count and first items in list order, an ETag and v1’s cache policy', async () => {
    const res = await get('/api/tv/v2/catalog');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/application\/json/);
    expect(res.headers.get('cache-control')).toBe('public, max-age=30, stale-while-revalidate=300');
    const body = (await res.json()) as HomeResponse;
    expect(res.headers.get('etag')).toBe(`"${body.version}"`);
    expect(body.sections.map((s) => s.key)).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9', '0']);
    const culture = body.sections.find((s) => s.id === SECTION)!;
    const all = await pageThrough(SECTION_PAGE_MAX);
    expect(culture.count).toBe(all.ids.length);
    expect(culture.count).toBeGreaterThan(MANY);
    expect(culture.items).toHaveLength(HOME_ITEMS_PER_SECTION);
    // Home's items are the first page of the section's list.
    expect(culture.items).toEqual(all.items.slice(0, HOME_ITEMS_PER_SECTION));
    for (const s of body.sections) {
      expect(s.items.length, s.id).toBe(Math.min(s.count, HOME_ITEMS_PER_SECTION));
      expect(s.count, s.id).toBeGreaterThanOrEqual(1);
    }
    expect(Array.isArray(body.urgent)).toBe(true);
  });

  it('when a box names its street, then the counts include its street’s items; another street is 404 and a malformed one 400, as JSON', async () => {
    const district = (await home()).body.sections.find((s) => s.id === SECTION)!.count;
    const taiping = (await home('?street=taiping')).body.sections.find((s) => s.id === SECTION)!.count;
    expect(taiping).toBe(district + 3);
    await expectApiError(await get('/api/tv/v2/catalog?street=nowhere'), 404, 'unknown_street');
    await expectApiError(await get('/api/tv/v2/catalog?street=..%2f'), 400, 'invalid_street');
    await expectApiError(await get('/api/tv/v2/catalog?street=a%00b'), 400, 'invalid_street');
  });
});

describe('a section a page at a time (GET /api/tv/v2/sections/:id/items)', () => {
  it('when a box pages through, then it gets every item once, newest first (urgent before, ties by id), and the last page says so', async () => {
    const { ids, items, totals, pages } = await pageThrough(7);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBe(totals[0]);
    expect(pages).toBe(Math.ceil(ids.length / 7));
    for (let n = 1; n < items.length; n++) {
      const [a, b] = [items[n - 1]!, items[n]!];
      const inOrder =
        Number(a.urgent) > Number(b.urgent) ||
        (a.urgent === b.urgent && (a.publishedAt > b.publishedAt || (a.publishedAt === b.publishedAt && a.id < b.id)));
      expect(inOrder, `${a.id} before ${b.id}`).toBe(true);
    }
    // The tied articles are listed by id, together.
    const tied = ids.filter((id) => /^many-00([6-9])$|^many-01[01]$/.test(id));
    expect(tied).toEqual(['many-006', 'many-007', 'many-008', 'many-009', 'many-010', 'many-011']);
    // The default page.
    expect((await page('')).body.items).toHaveLength(SECTION_PAGE_DEFAULT);
  });

  it('when items are published and one withdrawn while a box pages, then no item is repeated or skipped and the total follows', async () => {
    const before = await pageThrough(SECTION_PAGE_MAX);
    // The one withdrawn meanwhile: the admin's own, on a later page (seeded items are the admin's to withdraw too).
    const victim = await publish('稍后撤下的文章');
    const expected = [victim, ...before.ids];
    const published: string[] = [];
    let withdrawn = false;
    const seen = await pageThrough(9, async (n) => {
      published.push(await publish(`翻页时发布的文章 ${n}`));
      if (n === 2) {
        await withdraw(victim);
        withdrawn = true;
      }
    });
    expect(withdrawn).toBe(true);
    expect(new Set(seen.ids).size).toBe(seen.ids.length);
    // The victim was on the first page (newest); everything after it is exactly the list as it was.
    expect(seen.ids).toEqual(expected);
    // Published meanwhile: newer than the cursor, so on none of the later pages; the next first page has them.
    for (const id of published) expect(seen.ids).not.toContain(id);
    const fresh = (await page(`?limit=${published.length}`)).body;
    expect(fresh.items.map((i) => i.id)).toEqual([...published].reverse());
    expect(seen.totals.at(-1)).toBe(before.ids.length + published.length);
    for (const id of published) await withdraw(id);
  });

  it('when a box names its street, then its pages hold its street’s items too', async () => {
    const { ids } = await pageThrough(SECTION_PAGE_MAX, undefined, '&street=taiping');
    expect(ids.filter((id) => id.startsWith('taiping-only-'))).toEqual(['taiping-only-3', 'taiping-only-2', 'taiping-only-1']);
    expect((await pageThrough(SECTION_PAGE_MAX)).ids.some((id) => id.startsWith('taiping-only-'))).toBe(false);
  });

  it('when the request is malformed — a garbage cursor, a huge limit, wrong types, control characters, an unknown section or street — then it is a clear 400 or 404 in JSON, never a 500', async () => {
    const base = `/api/tv/v2/sections/${SECTION}/items`;
    const forged = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
    const cases: [string, number, string][] = [
      [`${base}?cursor=garbage!`, 400, 'invalid_cursor'],
      [`${base}?cursor=`, 400, 'invalid_cursor'],
      [`${base}?cursor=${'A'.repeat(5000)}`, 400, 'invalid_cursor'],
      [`${base}?cursor=%00%01%1b`, 400, 'invalid_cursor'],
      [`${base}?cursor=${forged({ urgent: 0 })}`, 400, 'invalid_cursor'],
      [`${base}?cursor=${forged([0, 'yesterday', 'many-001'])}`, 400, 'invalid_cursor'],
      [`${base}?cursor=${forged([2, '2020-01-01T00:00:00.000Z', 'many-001'])}`, 400, 'invalid_cursor'],
      [`${base}?cursor=${forged([0, '2020-01-01T00:00:00.000Z', "x' OR 1=1 --"])}`, 400, 'invalid_cursor'],
      [`${base}?cursor=a&cursor=b`, 400, 'invalid_cursor'],
      [`${base}?limit=1000000000000`, 400, 'invalid_query'],
      [`${base}?limit=101`, 400, 'invalid_query'],
      [`${base}?limit=0`, 400, 'invalid_query'],
      [`${base}?limit=-1`, 400, 'invalid_query'],
      [`${base}?limit=1.5`, 400, 'invalid_query'],
      [`${base}?limit=ten`, 400, 'invalid_query'],
      [`${base}?limit=1e2`, 400, 'invalid_query'],
      [`${base}?limit=`, 400, 'invalid_query'],
      [`${base}?limit=5&limit=6`, 400, 'invalid_query'],
      [`${base}?limit=%0a5`, 400, 'invalid_query'],
      [`${base}?street=nowhere`, 404, 'unknown_street'],
      [`${base}?street=%1b%5b31m`, 400, 'invalid_street'],
      ['/api/tv/v2/sections/no-such-section/items', 404, 'unknown_section'],
      ['/api/tv/v2/sections/Culture/items', 400, 'invalid_section'],
      ['/api/tv/v2/sections/cul%00ture/items', 400, 'invalid_section'],
      ['/api/tv/v2/sections/%E0%A4%A/items', 400, 'bad_request'],
      ['/api/tv/v2/items/no-such-item', 404, 'not_found'],
      ['/api/tv/v2/items/%07bell', 400, 'invalid_id'],
    ];
    for (const [p, status, code] of cases) {
      const res = await get(p);
      expect(res.status, p).toBe(status);
      await expectApiError(res, status, code);
    }
  });

  it('when a cursor from a page is used, then the page after it starts right after that item, whatever the limit', async () => {
    const first = (await page('?limit=5')).body;
    const next = (await page(`?limit=3&cursor=${first.nextCursor}`)).body;
    const ten = (await page('?limit=8')).body;
    expect(next.items.map((i) => i.id)).toEqual(ten.items.slice(5, 8).map((i) => i.id));
  });
});

describe('answers kept until the content changes', () => {
  it('when a box holds the current ETag, then home, a page and an item answer 304 without a body; an old or no-cache request gets the answer', async () => {
    const h = await home();
    const p = await page('?limit=10');
    const i = await json<ItemDetail>(`/api/tv/v2/items/${p.body.items[0]!.id}`);
    for (const [url, etag] of [
      ['/api/tv/v2/catalog', h.etag],
      [`/api/tv/v2/sections/${SECTION}/items?limit=10`, p.etag],
      [`/api/tv/v2/items/${p.body.items[0]!.id}`, i.etag],
    ] as const) {
      const res = await get(url, revalidate(etag));
      expect(res.status, url).toBe(304);
      expect(await res.text()).toBe('');
      expect(res.headers.get('etag')).toBe(etag);
      expect(res.headers.get('cache-control')).toMatch(/^public, max-age=\d+, stale-while-revalidate=\d+$/);
      // A list of tags, a weak one among them, matches too.
      expect((await get(url, revalidate(`"old", W/${etag}`))).status).toBe(304);
      expect((await get(url, revalidate('"something-old"'))).status).toBe(200);
      // What fetch sends by itself: "Cache-Control: no-cache" asks for the answer, not a 304.
      expect((await fetch(`${cms.baseUrl}${url}`, { headers: { 'If-None-Match': etag } })).status).toBe(200);
    }
  });

  it('when the same URL is asked again (answered from the kept bytes before Express), then the answer and its headers are the same, security headers included', async () => {
    for (const url of ['/api/tv/v2/catalog?street=taiping', `/api/tv/v2/sections/${SECTION}/items?limit=4`, '/api/tv/v1/catalog']) {
      const first = await get(url);
      const again = await get(url);
      const head = await fetch(`${cms.baseUrl}${url}`, { method: 'HEAD' });
      expect(again.status).toBe(200);
      expect(head.status).toBe(200);
      expect(await again.text()).toBe(await first.text());
      for (const name of ['etag', 'cache-control', 'content-type', 'content-length', 'x-content-type-options', 'content-security-policy', 'strict-transport-security', 'cross-origin-resource-policy']) {
        expect(again.headers.get(name), `${url} ${name}`).toBe(first.headers.get(name));
        expect(again.headers.get(name), `${url} ${name}`).not.toBeNull();
        expect(head.headers.get(name), `HEAD ${url} ${name}`).toBe(first.headers.get(name));
      }
      expect(await head.text()).toBe('');
    }
  });

  it('when an item is published, then home and the first page change at once (new ETag, the item first, the count one more); when it is withdrawn, they change back', async () => {
    const before = await home();
    const firstPage = await page('?limit=10');
    const id = await publish('新发布的文化课');
    const after = await get('/api/tv/v2/catalog', revalidate(before.etag));
    expect(after.status).toBe(200);
    const body = (await after.json()) as HomeResponse;
    expect(after.headers.get('etag')).not.toBe(before.etag);
    const culture = body.sections.find((s) => s.id === SECTION)!;
    expect(culture.items[0]!.id).toBe(id);
    expect(culture.count).toBe(before.body.sections.find((s) => s.id === SECTION)!.count + 1);
    const pageAfter = await get(`/api/tv/v2/sections/${SECTION}/items?limit=10`, revalidate(firstPage.etag));
    expect(pageAfter.status).toBe(200);
    expect(((await pageAfter.json()) as SectionPage).items[0]!.id).toBe(id);
    expect((await get(`/api/tv/v2/items/${id}`)).status).toBe(200);

    await withdraw(id);
    const back = await home();
    expect(back.body.sections.find((s) => s.id === SECTION)!.items.map((i) => i.id)).not.toContain(id);
    // The same content as before the publish: the same ETag, so boxes holding it revalidate with a 304.
    expect(back.etag).toBe(before.etag);
    expect((await get('/api/tv/v2/catalog', revalidate(before.etag))).status).toBe(304);
    await expectApiError(await get(`/api/tv/v2/items/${id}`), 404, 'not_found');
  });

  it('when an urgent notice is published, then home lists it under urgent and first in its section', async () => {
    const id = await publish('紧急：明日停水', { section: 'affairs', urgent: true });
    const { body } = await home();
    expect(body.urgent.map((i) => i.id)).toContain(id);
    expect(body.sections.find((s) => s.id === 'affairs')!.items[0]!.id).toBe(id);
    await withdraw(id);
    expect((await home()).body.urgent.map((i) => i.id)).not.toContain(id);
  });

  it('when a scheduled item’s publish-at passes, then home and the section’s first page have it (the scheduler’s tick writes the outbox)', async () => {
    const before = await home();
    const id = await publish('定时发布的文化课', { window: { publishAt: shanghaiIn(2_000) } });
    expect((await get('/api/tv/v2/catalog', revalidate(before.etag))).status).toBe(304);
    await expect
      .poll(async () => (await page('?limit=3')).body.items.map((i) => i.id), { timeout: 10_000, interval: 250 })
      .toContain(id);
    const res = await get('/api/tv/v2/catalog', revalidate(before.etag));
    expect(res.status).toBe(200);
    expect(((await res.json()) as HomeResponse).sections.find((s) => s.id === SECTION)!.items[0]!.id).toBe(id);
    await withdraw(id);
  });

  it('when events are followed, then /api/tv/v2/events carries home’s version and /api/tv/v1/events v1’s catalog version', async () => {
    const [v2, v1] = await Promise.all([
      SseStream.open(`${cms.baseUrl}/api/tv/v2/events`),
      SseStream.open(`${cms.baseUrl}/api/tv/v1/events`),
    ]);
    try {
      expect((await v2.next((m) => m.event === 'catalog')).data).toEqual({ version: (await home()).body.version });
      expect((await v1.next((m) => m.event === 'catalog')).data).toEqual({
        version: (await json<CatalogResponse>('/api/tv/v1/catalog')).body.version,
      });
      const [from2, from1] = [v2.messages.length, v1.messages.length];
      const id = await publish('事件里的新版本');
      const after2 = await v2.next((m) => m.event === 'catalog', 3000, from2);
      expect(after2.data).toEqual({ version: (await home()).body.version });
      const after1 = await v1.next((m) => m.event === 'catalog', 3000, from1);
      expect(after1.data).toEqual({ version: (await json<CatalogResponse>('/api/tv/v1/catalog')).body.version });
      await withdraw(id);
    } finally {
      v2.close();
      v1.close();
    }
  });
});

describe('a box running the old app (v1)', () => {
  it('when an old box reads /api/tv/v1/catalog, then it gets every item in the v1 shape, revalidates with 304, and sees a publish', async () => {
    const { body, etag } = await json<CatalogResponse>('/api/tv/v1/catalog');
    expect(Object.keys(body).sort()).toEqual(['sections', 'version']);
    expect(etag).toBe(`"${body.version}"`);
    const culture = body.sections.find((s) => s.id === SECTION)!;
    expect(Object.keys(culture).sort()).toEqual(['description', 'id', 'items', 'key', 'title']);
    // Every item, not a page: the same list v2 pages through.
    expect(culture.items.map((i) => i.id)).toEqual((await pageThrough(SECTION_PAGE_MAX)).ids);
    expect((await get('/api/tv/v1/catalog', revalidate(etag))).status).toBe(304);
    const id = await publish('旧机顶盒也能看到');
    const res = await get('/api/tv/v1/catalog', revalidate(etag));
    expect(res.status).toBe(200);
    expect(((await res.json()) as CatalogResponse).sections.find((s) => s.id === SECTION)!.items[0]!.id).toBe(id);
    // An item reads the same on both versions.
    const v1 = await get(`/api/tv/v1/items/${id}`);
    const v2 = await get(`/api/tv/v2/items/${id}`);
    expect(v2.headers.get('etag')).toBe(v1.headers.get('etag'));
    expect(await v2.text()).toBe(await v1.text());
    await withdraw(id);
  });
});

describe('the clock alone (no scheduler tick in between)', () => {
  let quiet: KetingProcess;
  let quietAdmin: AdminClient;
  let quietDir: string;
  const outboxRows = () => {
    const db = new Database(path.join(quietDir, 'keting.sqlite'), { readonly: true });
    try {
      return db.prepare('SELECT COUNT(*) FROM tv_events').pluck().get() as number;
    } finally {
      db.close();
    }
  };

  beforeAll(async () => {
    quietDir = await copySeededData();
    // The scheduler ticks at start and then on each whole minute (its longest period): each test below keeps
    // clear of a minute's turn, so only the kept answers' own clock acts.
    quiet = await startKeting({ dataDir: quietDir, env: { SCHEDULER_TICK_SECONDS: '60' } });
    quietAdmin = await adminOf(quiet.baseUrl);
  });
  afterAll(async () => {
    await quiet?.stop();
    await fs.rm(quietDir, { recursive: true, force: true });
  });

  const quietHome = async () => {
    const res = await fetch(`${quiet.baseUrl}/api/tv/v2/catalog`);
    return { ids: ((await res.json()) as HomeResponse).sections.find((s) => s.id === SECTION)!.items.map((i) => i.id), etag: res.headers.get('etag')! };
  };
  /** Waits, if needed, until a test of ~6 s cannot meet the scheduler's tick on the minute. */
  const clearOfTick = async () => {
    const s = new Date().getSeconds();
    if (s > 50) await sleep((62 - s) * 1000);
  };
  async function quietPublish(title: string, window: Record<string, string> = {}): Promise<string> {
    const created = await quietAdmin.json('POST', '/api/admin/items', { kind: 'article', sectionId: SECTION, title, body: '正文。' });
    const id = created.body.id as string;
    expect((await quietAdmin.json('POST', `/api/admin/items/${id}/submit`)).status).toBe(200);
    expect((await quietAdmin.json('POST', `/api/admin/items/${id}/approve`, window)).status).toBe(200);
    return id;
  }

  it('when a published item’s unpublish-at passes, then the kept answers are rebuilt and it is gone, with no outbox row written', async () => {
    await clearOfTick();
    const id = await quietPublish('两秒后下线', { unpublishAt: shanghaiIn(2_500) });
    const shown = await quietHome();
    expect(shown.ids).toContain(id);
    const rows = outboxRows();
    await sleep(3_000);
    const res = await fetch(`${quiet.baseUrl}/api/tv/v2/catalog`, { headers: revalidate(shown.etag) });
    expect(res.status).toBe(200);
    expect(((await res.json()) as HomeResponse).sections.find((s) => s.id === SECTION)!.items.map((i) => i.id)).not.toContain(id);
    expect(outboxRows()).toBe(rows);
  });

  it('when a published item is given an unpublish-at, then that moment is known to the kept answers too (the window change writes the outbox)', async () => {
    await clearOfTick();
    const id = await quietPublish('后来加了下线时间');
    expect((await quietHome()).ids).toContain(id);
    const rows = outboxRows();
    expect((await quietAdmin.json('PUT', `/api/admin/items/${id}/window`, { unpublishAt: shanghaiIn(2_000) })).status).toBe(200);
    expect(outboxRows()).toBe(rows + 1);
    expect((await quietHome()).ids).toContain(id);
    await sleep(2_500);
    expect((await quietHome()).ids).not.toContain(id);
  });
});
