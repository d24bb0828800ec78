import { beforeEach, describe, expect, it } from 'vitest';
import { ItemRepository, type NewItem } from '../../../cms-server/src/content/item-repository.ts';
import { openDatabase, type Db } from '../../../cms-server/src/db/database.ts';
import { AssetRepository } from '../../../cms-server/src/media/asset-repository.ts';
import { loadContent } from '../../../cms-server/src/seed/load-content.ts';
import { seedIfEmpty } from '../../../cms-server/src/seed/seed.ts';
import { CatalogService } from '../../../cms-server/src/tv-api/catalog-service.ts';
import { ROOT } from '../../helpers/server.ts';

const NOW = new Date('2026-11-24T12:00:00Z');
let db: Db;
let service: CatalogService;

const article = (id: string, extra: Partial<NewItem> = {}): NewItem => ({
  id, sectionId: 'news', kind: 'article', title: `标题${id}`, summary: '摘要', body: '正文', urgent: false, data: {},
  assetId: null, streetId: null, status: 'published', publishAt: null, unpublishAt: null,
  publishedAt: '2026-11-20T01:00:00.000Z', ...extra,
});
const ids = (sectionId: string) =>
  service.catalog().sections.find((s) => s.id === sectionId)!.items.map((i) => i.id);

beforeEach(() => {
  db = openDatabase(':memory:');
  seedIfEmpty(db, loadContent(`${ROOT}/content`));
  service = new CatalogService(db, () => NOW);
});

describe('catalog', () => {
  it('when seeded, then the catalog lists the ten sections in order with their digits', () => {
    const c = service.catalog();
    expect(c.sections.map((s) => s.key)).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9', '0']);
    expect(c.version).toMatch(/^[\w-]{16}$/);
  });

  it('when sample videos are not packaged yet, then their items are hidden; once ready they appear', () => {
    const videoRow = db.prepare("SELECT id, asset_id FROM items WHERE kind = 'video' LIMIT 1").get() as {
      id: string; asset_id: string;
    };
    const all = () => service.catalog().sections.flatMap((s) => s.items.map((i) => i.id));
    expect(all()).not.toContain(videoRow.id);
    expect(service.item(videoRow.id)).toBeUndefined();
    new AssetRepository(db).markReady(videoRow.asset_id, 12.5, [{ height: 720, bandwidth: 2_000_000 }, { height: 360, bandwidth: 600_000 }]);
    expect(all()).toContain(videoRow.id);
    const detail = service.item(videoRow.id)!;
    expect(detail.video).toEqual({
      hls: `/media/${videoRow.asset_id}/master.m3u8`,
      poster: `/media/${videoRow.asset_id}/poster.jpg`,
      durationSec: 12.5,
      renditions: [{ height: 720, bandwidth: 2_000_000 }, { height: 360, bandwidth: 600_000 }],
    });
  });

  it('when items are withdrawn, not yet due, expired or drafts, then the TV cannot list or open them', () => {
    const repo = new ItemRepository(db);
    repo.insert(article('visible'));
    repo.insert(article('withdrawn', { status: 'withdrawn' }));
    repo.insert(article('draft', { status: 'draft' }));
    repo.insert(article('not-yet', { publishAt: '2026-11-24T12:00:01.000Z' }));
    repo.insert(article('expired', { unpublishAt: '2026-11-24T12:00:00.000Z' }));
    const listed = ids('news');
    expect(listed).toContain('visible');
    for (const hidden of ['withdrawn', 'draft', 'not-yet', 'expired']) {
      expect(listed).not.toContain(hidden);
      expect(service.item(hidden)).toBeUndefined();
    }
  });

  it('when an item belongs to one street, then only the TVs of that street see it', () => {
    db.prepare("INSERT INTO streets (id, name) VALUES ('jincheng', '金澄社区')").run();
    new ItemRepository(db).insert(article('street-only', { streetId: 'jincheng' }));
    expect(ids('news')).not.toContain('street-only');
    const street = service.catalog('jincheng').sections.find((s) => s.id === 'news')!.items.map((i) => i.id);
    expect(street).toContain('street-only');
    expect(service.item('street-only', 'jincheng')?.id).toBe('street-only');
  });

  it('when a notice is urgent, then it comes first in its section, before newer items', () => {
    const repo = new ItemRepository(db);
    repo.insert(article('newest', { publishedAt: '2026-11-24T01:00:00.000Z' }));
    repo.insert(article('urgent-old', { kind: 'notice', urgent: true, publishedAt: '2026-01-01T01:00:00.000Z' }));
    expect(ids('news').slice(0, 2)).toEqual(['urgent-old', 'newest']);
  });

  it('when anything in the catalog changes, then its version changes; when nothing does, it stays', () => {
    const before = service.catalog().version;
    expect(service.catalog().version).toBe(before);
    new ItemRepository(db).insert(article('fresh'));
    expect(service.catalog().version).not.toBe(before);
  });

  it('when a recruitment post is listed, then its summary carries the deadline', () => {
    const jobs = service.catalog().sections.find((s) => s.id === 'jobs')!;
    expect(jobs.items.length).toBeGreaterThanOrEqual(3);
    for (const i of jobs.items) expect(i.deadline).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const guide = service.item(service.catalog().sections.find((s) => s.id === 'guide')!.items[0]!.id)!;
    expect(guide.guide?.steps.length).toBeGreaterThan(0);
  });
});
