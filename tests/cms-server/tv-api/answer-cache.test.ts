// The TV API's kept answers (tv-api/answer-cache.ts) on an in-memory database with a set clock: built once per
// generation, rebuilt when the outbox moves or a publishing moment passes, bounded, and the same ETag for the same
// content.
import { beforeEach, describe, expect, it } from 'vitest';
import { ItemRepository, type NewItem } from '../../../cms-server/src/content/item-repository.ts';
import { openDatabase, type Db } from '../../../cms-server/src/db/database.ts';
import { EventRepository } from '../../../cms-server/src/events/event-repository.ts';
import { loadContent } from '../../../cms-server/src/seed/load-content.ts';
import { seedIfEmpty } from '../../../cms-server/src/seed/seed.ts';
import { AnswerCache } from '../../../cms-server/src/tv-api/answer-cache.ts';
import { CatalogService } from '../../../cms-server/src/tv-api/catalog-service.ts';
import type { HomeResponse, SectionPage } from '../../../cms-server/src/tv-api/contract.ts';
import { ROOT } from '../../helpers/server.ts';

let db: Db;
let now: number;
let cache: AnswerCache;
let outbox: EventRepository;

const article = (id: string, extra: Partial<NewItem> = {}): NewItem => ({
  id, sectionId: 'news', kind: 'article', title: `标题${id}`, summary: '摘要', body: '正文', urgent: false, data: {},
  assetId: null, streetId: null, status: 'published', publishAt: null, unpublishAt: null,
  publishedAt: '2026-11-24T11:00:00.000Z', ...extra,
});
const homeOf = () => JSON.parse(cache.home(null).body.toString()) as HomeResponse;
const newsIds = () => homeOf().sections.find((s) => s.id === 'news')!.items.map((i) => i.id);

beforeEach(() => {
  db = openDatabase(':memory:');
  seedIfEmpty(db, loadContent(`${ROOT}/content`));
  now = Date.parse('2026-11-24T12:00:00.000Z');
  outbox = new EventRepository(db);
  cache = new AnswerCache(new CatalogService(db, () => new Date(now)), () => outbox.lastId(), () => now, 3);
});

describe('kept answers', () => {
  it('when nothing changes, then home is built once and the same bytes are answered again', () => {
    const first = cache.home(null);
    const builds = cache.stats().builds;
    expect(cache.home(null)).toBe(first);
    now += 3_600_000;
    expect(cache.home(null)).toBe(first);
    expect(cache.stats().builds).toBe(builds);
  });

  it('when a change writes the outbox, then the next request rebuilds and sees it; without the row it would not', () => {
    const before = cache.home(null);
    new ItemRepository(db).insert(article('fresh'));
    expect(newsIds()).not.toContain('fresh'); // no outbox row: the kept answer stands (every real change writes one)
    outbox.itemChanged(true, { id: 'fresh', street_id: null, urgent: 0 }, new Date(now));
    expect(newsIds()[0]).toBe('fresh');
    expect(cache.home(null).etag).not.toBe(before.etag);
  });

  it('when a rebuild finds the same content (an outbox row of another kind), then the ETag stays', () => {
    const before = cache.home(null);
    outbox.scheduleChanged({ id: 'district', street_id: null }, new Date(now));
    const after = cache.home(null);
    expect(after).not.toBe(before);
    expect(after.etag).toBe(before.etag);
  });

  it('when a published item’s unpublish-at or a publish-at passes, then the answers are rebuilt by the clock alone', () => {
    const items = new ItemRepository(db);
    items.insert(article('leaving', { unpublishAt: '2026-11-24T12:00:05.000Z' }));
    items.insert(article('coming', { publishAt: '2026-11-24T12:00:10.000Z' }));
    outbox.itemChanged(true, { id: 'leaving', street_id: null, urgent: 0 }, new Date(now));
    expect(newsIds()).toContain('leaving');
    expect(newsIds()).not.toContain('coming');
    now += 4_999;
    expect(newsIds()).toContain('leaving');
    now += 1;
    expect(newsIds()).not.toContain('leaving');
    now += 5_000;
    expect(newsIds()).toContain('coming');
  });

  it('when more pages are asked for than are kept, then the least recently used goes and is rebuilt on demand', () => {
    const page = (limit: number) => cache.page(null, 'news', null, null, limit);
    const one = page(1);
    page(2);
    page(3);
    expect(page(1)).toBe(one); // one is now the most recent
    page(4); // drops 2
    expect(page(1)).toBe(one);
    const builds = cache.stats().builds;
    page(2);
    expect(cache.stats().builds).toBe(builds + 1);
    expect((JSON.parse(page(2).body.toString()) as SectionPage).items).toHaveLength(2);
  });

  it('when a URL was answered, then it is looked up until the generation changes', () => {
    const a = cache.home(null);
    cache.remember('/api/tv/v2/catalog', a);
    expect(cache.lookup('/api/tv/v2/catalog')).toBe(a);
    outbox.itemChanged(false, { id: 'x', street_id: null, urgent: 0 }, new Date(now));
    expect(cache.lookup('/api/tv/v2/catalog')).toBeUndefined();
  });
});
