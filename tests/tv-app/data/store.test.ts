// The TV's lists a page at a time (tv-app/src/data/store.ts) against a stand-in for GET /api/tv/v2/...: a section
// starts from home's newest items, its first page takes their place, the next pages follow their cursors, one
// request at a time, and the prefetch asks only near the end of what is loaded. Also how a place is said.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { HomeResponse, ItemSummary, SectionPage } from '../../../cms-server/src/tv-api/contract.ts';
import { countText, positionText, spokenPosition } from '../../../tv-app/src/data/format.ts';

const TOTAL = 130;
const item = (n: number): ItemSummary => ({
  id: `a-${n}`,
  sectionId: 'culture',
  kind: 'article',
  title: `第${n}期`,
  summary: '',
  publishedAt: new Date(Date.UTC(2026, 0, 1) - n * 60_000).toISOString(),
  urgent: false,
});
const all = Array.from({ length: TOTAL }, (_, i) => item(i));

const home: HomeResponse = {
  version: 'v-1',
  urgent: [],
  sections: [{ id: 'culture', key: '0', title: '文化科普', description: '', count: TOTAL, items: all.slice(0, 20) }],
};

let asked: string[];
let hold: Promise<void> | undefined;

beforeEach(() => {
  asked = [];
  hold = undefined;
  vi.stubGlobal('location', { search: '', origin: 'http://box.test', href: 'http://box.test/tv/' });
  vi.stubGlobal('fetch', async (url: string) => {
    const u = new URL(url);
    asked.push(`${u.pathname}${u.search}`);
    await hold;
    if (u.pathname === '/api/tv/v2/catalog') return new Response(JSON.stringify(home));
    const limit = Number(u.searchParams.get('limit'));
    const from = Number(u.searchParams.get('cursor') ?? 0);
    const items = all.slice(from, from + limit);
    const page: SectionPage = { sectionId: 'culture', total: TOTAL, items, nextCursor: from + limit < TOTAL ? String(from + limit) : null };
    return new Response(JSON.stringify(page));
  });
});
afterEach(() => {
  vi.unstubAllGlobals();
  vi.resetModules();
});

async function store() {
  const s = await import('../../../tv-app/src/data/store.ts');
  await s.refreshCatalog();
  return s;
}

describe('a section a page at a time', () => {
  it('when a section opens, then it shows home’s newest items at once and its count; its first page then takes their place', async () => {
    const s = await store();
    const list = s.listById('culture')!;
    expect(list.items.map((i) => i.id)).toEqual(all.slice(0, 20).map((i) => i.id));
    expect(list.total).toBe(TOTAL);
    expect(list.complete).toBe(false);
    const grew = vi.fn();
    list.onGrow(grew);
    await list.more();
    expect(grew).toHaveBeenCalledTimes(1);
    expect(list.items).toHaveLength(50);
    expect(asked.at(-1)).toBe('/api/tv/v2/sections/culture/items?limit=50');
    expect(s.listById('culture')).toBe(list); // kept while home stays the same
  });

  it('when the focus nears the end of what is loaded, then the next page is asked for once, and the pages follow their cursors to the end', async () => {
    const s = await store();
    const list = s.listById('culture')!;
    await list.more(); // 50 loaded
    list.prefetch(10);
    expect(asked.filter((a) => a.includes('cursor'))).toHaveLength(0); // 40 ahead: not yet
    let release!: () => void;
    hold = new Promise((r) => (release = r));
    list.prefetch(30);
    list.prefetch(31); // the same request, not a second
    void list.more();
    await Promise.resolve();
    expect(asked.filter((a) => a.includes('cursor=50'))).toHaveLength(1);
    release();
    await list.ensure(TOTAL - 1);
    expect(list.items.map((i) => i.id)).toEqual(all.map((i) => i.id));
    expect(list.complete).toBe(true);
    expect(asked.filter((a) => a.includes('/sections/'))).toEqual([
      '/api/tv/v2/sections/culture/items?limit=50',
      '/api/tv/v2/sections/culture/items?limit=50&cursor=50',
      '/api/tv/v2/sections/culture/items?limit=50&cursor=100',
    ]);
  });

  it('when the CMS cannot be reached, then the list keeps what it has and does not ask again at once', async () => {
    const s = await store();
    const list = s.listById('culture')!;
    vi.stubGlobal('fetch', async () => {
      throw new TypeError('offline');
    });
    await expect(list.ensure(60)).rejects.toThrow();
    expect(list.items).toHaveLength(20);
    await expect(list.more()).rejects.toThrow('offline'); // within the pause after a failure: no request
  });
});

describe('saying where the focus is', () => {
  it('when a place is shown, then its numbers are grouped by thousands; when it is said, then plainly', () => {
    expect(countText(7)).toBe('7');
    expect(countText(1000)).toBe('1,000');
    expect(countText(10000)).toBe('10,000');
    expect(countText(1234567)).toBe('1,234,567');
    expect(positionText(50, 1000)).toBe('第 51 条，共 1,000 条');
    expect(spokenPosition(50, 1000)).toBe('第51条，共1000条');
  });
});
