// The publishing rules against a real SQLite database (the HTTP side is publishing-api.test.ts).
import { beforeEach, describe, expect, it } from 'vitest';
import type { Actor, Role } from '../../../cms-server/src/auth/actor.ts';
import { AuditLog } from '../../../cms-server/src/audit/audit-log.ts';
import { openDatabase, type Db } from '../../../cms-server/src/db/database.ts';
import { AppError } from '../../../cms-server/src/http/errors.ts';
import { AssetRepository } from '../../../cms-server/src/media/asset-repository.ts';
import { PublishingService } from '../../../cms-server/src/publishing/publishing-service.ts';
import { createItemSchema, patchItemSchema, windowSchema } from '../../../cms-server/src/publishing/validation.ts';
import { loadContent } from '../../../cms-server/src/seed/load-content.ts';
import { seedIfEmpty } from '../../../cms-server/src/seed/seed.ts';
import { CatalogService } from '../../../cms-server/src/tv-api/catalog-service.ts';
import { ROOT } from '../../helpers/server.ts';

let now = new Date('2026-11-24T02:00:00.000Z');
const clock = () => now;
let db: Db;
let service: PublishingService;

const actor = (role: Role, streetId: string | null, userId = `${role}-${streetId ?? 'district'}`): Actor => ({
  userId, username: userId, displayName: userId, role, streetId, sessionId: 's',
});
const editorA = actor('editor', 'a');
const editorB = actor('editor', 'b');
const reviewerA = actor('reviewer', 'a');
const reviewerB = actor('reviewer', 'b');
const operatorA = actor('operator', 'a');
const secretaryA = actor('secretary', 'a');
const admin = actor('admin', null);
const districtEditor = actor('editor', null);
const districtReviewer = actor('reviewer', null);

const article = (extra: Record<string, unknown> = {}) =>
  createItemSchema.parse({ kind: 'article', sectionId: 'news', title: '社区议事会', body: '第一段。\n\n第二段。', ...extra });

/** The AppError a call throws (fails the test when it does not throw one). */
function errorOf(fn: () => unknown): AppError {
  try {
    fn();
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('expected an AppError');
}

const auditActions = (id: string) =>
  new AuditLog(db).list({ targetType: 'item', targetId: id, limit: 100, offset: 0 }).rows.map((r) => r.action).reverse();

const tvIds = (street: string | null) =>
  new CatalogService(db, clock).catalog(street).sections.flatMap((s) => s.items.map((i) => i.id));

beforeEach(() => {
  now = new Date('2026-11-24T02:00:00.000Z');
  db = openDatabase(':memory:');
  seedIfEmpty(db, loadContent(`${ROOT}/content`));
  db.prepare("INSERT INTO streets (id, name, publish_directly) VALUES ('a', '太平街道', 0), ('b', '和平街道', 0), ('d', '直发街道', 1)").run();
  service = new PublishingService(db, clock);
});

describe('creating and editing', () => {
  it('when an editor creates an article, then it is a draft of their street with a server-made id and a summary', () => {
    const item = service.create(editorA, article());
    expect(item.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(item).toMatchObject({ state: 'draft', streetId: 'a', summary: '第一段。', createdBy: editorA.userId });
    expect(item.allowed).toEqual(['edit', 'delete', 'submit']);
    expect(auditActions(item.id)).toEqual(['item_created']);
  });

  it('when a street editor names another street, then it is forbidden and nothing is stored', () => {
    const before = service.list(admin, { limit: 200, offset: 0 }).total;
    expect(errorOf(() => service.create(editorA, article({ streetId: 'b' }))).code).toBe('forbidden');
    expect(errorOf(() => service.create(editorA, article({ streetId: null }))).code).toBe('forbidden');
    expect(service.list(admin, { limit: 200, offset: 0 }).total).toBe(before);
  });

  it('when a district editor creates without a street, then the item is district-wide', () => {
    expect(service.create(districtEditor, article()).streetId).toBeNull();
    expect(service.create(districtEditor, article({ streetId: 'b' })).streetId).toBe('b');
    expect(errorOf(() => service.create(admin, article({ streetId: 'nowhere' }))).code).toBe('unknown_street');
  });

  it('when a video names an asset, then it must exist, be visible, and belong to the street or the district', () => {
    const assets = new AssetRepository(db);
    assets.createUploaded({ id: 'vid-a', sourceName: 'a.mp4', title: null, sourceSize: 1, streetId: 'a', createdBy: 'x' });
    assets.createUploaded({ id: 'vid-b', sourceName: 'b.mp4', title: null, sourceSize: 1, streetId: 'b', createdBy: 'x' });
    assets.createUploaded({ id: 'vid-bad', sourceName: 'c.mp4', title: null, sourceSize: 1, streetId: 'a', createdBy: 'x' });
    assets.markFailed('vid-bad', '文件坏了');
    const video = (assetId: string) => createItemSchema.parse({ kind: 'video', sectionId: 'education', title: '党课', assetId });
    const item = service.create(editorA, video('vid-a'));
    expect(item.asset).toMatchObject({ status: 'pending', progress: 0, hls: null });
    expect(item.summary).toBe('党课');
    expect(errorOf(() => service.create(editorA, video('vid-b'))).code).toBe('unknown_asset');
    expect(errorOf(() => service.create(editorA, video('no-such'))).code).toBe('unknown_asset');
    expect(errorOf(() => service.create(editorA, video('vid-bad'))).code).toBe('asset_failed');
    // A district video (the seeded samples) may be used by a street.
    const sample = db.prepare("SELECT id FROM assets WHERE street_id IS NULL LIMIT 1").pluck().get() as string;
    expect(service.create(editorA, video(sample)).assetId).toBe(sample);
    // The admin cannot attach street B's video to street A's item either.
    expect(errorOf(() => service.create(admin, { ...video('vid-b'), streetId: 'a' })).code).toBe('unknown_asset');
  });

  it('when fields do not fit the kind, then each is refused with its own code', () => {
    const codes = [
      { kind: 'video' },
      { kind: 'article', assetId: 'x' },
      { kind: 'guide' },
      { kind: 'recruitment' },
      { kind: 'article', urgent: true },
      { kind: 'article', body: '' },
    ].map((extra) => errorOf(() => service.create(editorA, article(extra))).code);
    expect(codes).toEqual(['asset_required', 'invalid_asset', 'invalid_guide', 'invalid_recruitment', 'invalid_urgent', 'invalid_text']);
  });

  it('when an item in review is edited, then it goes back to draft; a published one is locked', () => {
    const item = service.create(editorA, article());
    service.submit(editorA, item.id);
    const edited = service.update(editorA, item.id, patchItemSchema.parse({ title: '新标题' }));
    expect(edited).toMatchObject({ state: 'draft', title: '新标题' });
    service.submit(editorA, item.id);
    service.approve(reviewerA, item.id, {});
    const locked = errorOf(() => service.update(editorA, item.id, patchItemSchema.parse({ title: '再改' })));
    expect([locked.status, locked.code]).toEqual([409, 'item_locked']);
    expect(errorOf(() => service.delete(editorA, item.id)).code).toBe('item_locked');
    expect(errorOf(() => service.update(editorA, item.id, patchItemSchema.parse({ kind: 'notice' }))).code).toBe('item_locked');
    service.withdraw(editorA, item.id);
    expect(service.update(editorA, item.id, patchItemSchema.parse({ title: '撤下后修改' })).state).toBe('withdrawn');
    expect(errorOf(() => service.update(editorA, item.id, patchItemSchema.parse({ kind: 'notice' }))).code).toBe('kind_immutable');
  });
});

describe('the review workflow', () => {
  it('when an editor submits and a reviewer approves, then the item is published on street A\'s TVs only', () => {
    const item = service.create(editorA, article());
    const submitted = service.submit(editorA, item.id);
    expect(submitted.state).toBe('review');
    expect(tvIds('a')).not.toContain(item.id);
    expect(service.get(reviewerA, item.id).allowed).toEqual(['approve', 'reject', 'schedule']);
    const approved = service.approve(reviewerA, item.id, {});
    expect(approved).toMatchObject({ state: 'published', publishedAt: now.toISOString() });
    expect(tvIds('a')).toContain(item.id);
    expect(tvIds('b')).not.toContain(item.id);
    expect(tvIds(null)).not.toContain(item.id);
    expect(service.get(operatorA, item.id).allowed).toEqual(['withdraw', 'schedule']);
    service.withdraw(operatorA, item.id);
    expect(tvIds('a')).not.toContain(item.id);
    expect(auditActions(item.id)).toEqual(['item_created', 'item_submitted', 'item_approved', 'item_published', 'item_withdrawn']);
  });

  it('when a reviewer rejects with a reason, then the item is a draft again carrying the reason', () => {
    const item = service.create(editorA, article());
    service.submit(editorA, item.id);
    const rejected = service.reject(reviewerA, item.id, '标题有错别字');
    expect(rejected).toMatchObject({ state: 'draft', reviewNote: '标题有错别字' });
    expect(errorOf(() => service.approve(reviewerA, item.id, {})).code).toBe('invalid_state');
    service.submit(editorA, item.id);
    expect(service.approve(reviewerA, item.id, {}).reviewNote).toBeNull();
  });

  it('when the street publishes directly, then submitting publishes at once', () => {
    const editorD = actor('editor', 'd');
    const item = service.create(editorD, article());
    expect(service.submit(editorD, item.id).state).toBe('published');
    expect(tvIds('d')).toContain(item.id);
    expect(auditActions(item.id)).toEqual(['item_created', 'item_submitted', 'item_approved', 'item_published']);
  });

  it('when people of another street act on an item, then it is not found to them; a district item is read-only to street accounts', () => {
    const item = service.create(editorA, article());
    for (const [who, act] of [
      [editorB, () => service.get(editorB, item.id)],
      [editorB, () => service.submit(editorB, item.id)],
      [reviewerB, () => service.approve(reviewerB, item.id, {})],
    ] as const) {
      expect(errorOf(act).code, who.userId).toBe('not_found');
    }
    const district = service.create(districtEditor, article());
    expect(service.get(editorA, district.id).allowed).toEqual([]);
    expect(errorOf(() => service.submit(editorA, district.id)).code).toBe('forbidden');
    service.submit(districtEditor, district.id);
    expect(errorOf(() => service.approve(reviewerA, district.id, {})).code).toBe('forbidden');
    expect(service.approve(districtReviewer, district.id, {}).state).toBe('published');
    expect(tvIds('a')).toContain(district.id);
    expect(tvIds('b')).toContain(district.id);
  });

  it('when a role lacks the action, then it is forbidden whatever the item', () => {
    const item = service.create(editorA, article());
    expect(errorOf(() => service.submit(secretaryA, item.id)).code).toBe('forbidden');
    expect(errorOf(() => service.approve(editorA, item.id, {})).code).toBe('forbidden');
    expect(errorOf(() => service.create(reviewerA, article())).code).toBe('forbidden');
    expect(errorOf(() => service.setWindow(editorA, item.id, {})).code).toBe('forbidden');
    expect(service.get(secretaryA, item.id).allowed).toEqual([]);
  });
});

describe('the publishing window', () => {
  const win = (w: Record<string, unknown>) => windowSchema.parse(w);

  it('when approved with a publish-at ahead, then the item is scheduled and hidden until then', () => {
    const item = service.create(editorA, article());
    service.submit(editorA, item.id);
    const approved = service.approve(reviewerA, item.id, win({ publishAt: '2026-11-24T12:00:00+08:00' }));
    expect(approved).toMatchObject({ state: 'scheduled', publishAt: '2026-11-24T04:00:00.000Z', publishedAt: null });
    expect(tvIds('a')).not.toContain(item.id);
    expect(auditActions(item.id).at(-1)).toBe('item_approved');
  });

  it('when the window is wrong, then it is refused: order, past unpublish, years ahead', () => {
    const item = service.create(editorA, article());
    const codes = [
      { publishAt: '2026-11-25T10:00:00+08:00', unpublishAt: '2026-11-25T09:00:00+08:00' },
      { unpublishAt: '2026-11-24T09:00:00+08:00' },
      { publishAt: '2036-11-24T09:00:00+08:00' },
    ].map((w) => errorOf(() => service.setWindow(operatorA, item.id, win(w))).code);
    expect(codes).toEqual(['window_order', 'unpublish_in_past', 'time_too_far']);
    expect(service.get(admin, item.id)).toMatchObject({ publishAt: null, unpublishAt: null });
  });

  it('when an operator moves a published item\'s publish-at ahead, then it leaves the TVs until then', () => {
    const item = service.create(editorA, article());
    service.submit(editorA, item.id);
    service.approve(reviewerA, item.id, {});
    const moved = service.setWindow(operatorA, item.id, win({ publishAt: '2026-11-25T08:00:00+08:00', unpublishAt: null }));
    expect(moved.state).toBe('scheduled');
    expect(tvIds('a')).not.toContain(item.id);
    const back = service.setWindow(operatorA, item.id, win({ publishAt: null, unpublishAt: '2026-11-30T08:00:00+08:00' }));
    expect(back).toMatchObject({ state: 'published', unpublishAt: '2026-11-30T00:00:00.000Z' });
    expect(tvIds('a')).toContain(item.id);
  });

  it('when the stored unpublish-at has passed, then the item cannot be submitted until it is changed', () => {
    const item = service.create(editorA, article({ unpublishAt: '2026-11-24T12:00:00+08:00' }));
    now = new Date('2026-11-25T00:00:00Z');
    expect(errorOf(() => service.submit(editorA, item.id)).code).toBe('window_expired');
    service.update(editorA, item.id, patchItemSchema.parse({ unpublishAt: null }));
    expect(service.submit(editorA, item.id).state).toBe('review');
  });
});

describe('listing', () => {
  it('when filtered by state and street, then a street account sees its street and the district only', () => {
    const a = service.create(editorA, article());
    const b = service.create(editorB, article());
    const ids = service.list(editorA, { state: 'draft', limit: 200, offset: 0 }).items.map((i) => i.id);
    expect(ids).toContain(a.id);
    expect(ids).not.toContain(b.id);
    expect(service.list(admin, { street: 'b', limit: 200, offset: 0 }).items.map((i) => i.id)).toEqual([b.id]);
    expect(service.list(editorA, { street: 'b', limit: 200, offset: 0 }).total).toBe(0);
    // The counts per state ignore the state filter (tabs of the admin) but keep the street scope.
    const counts = service.list(editorA, { state: 'review', limit: 1, offset: 0 }).counts;
    expect(counts).toMatchObject({ draft: 1, review: 0, scheduled: 0, withdrawn: 0, failed: 0 });
    expect(service.list(admin, { limit: 1, offset: 0 }).counts.draft).toBe(2);
    // Seeded content is district-wide and published: everyone sees it.
    expect(service.list(editorB, { state: 'published', limit: 1, offset: 0 }).total).toBeGreaterThan(40);
  });

  it('when a video item\'s packaging failed, then its state is "failed" and it cannot be submitted', () => {
    const assets = new AssetRepository(db);
    assets.createUploaded({ id: 'vid-a', sourceName: 'a.mp4', title: null, sourceSize: 1, streetId: 'a', createdBy: 'x' });
    const item = service.create(editorA, createItemSchema.parse({ kind: 'video', sectionId: 'education', title: '党课', assetId: 'vid-a' }));
    assets.markFailed('vid-a', '视频文件损坏');
    const view = service.get(editorA, item.id);
    expect(view).toMatchObject({ state: 'failed', asset: { status: 'failed', error: { message: '视频文件损坏' } } });
    expect(view.allowed).toEqual(['edit', 'delete']);
    expect(service.list(editorA, { state: 'failed', limit: 10, offset: 0 }).items.map((i) => i.id)).toEqual([item.id]);
    expect(errorOf(() => service.submit(editorA, item.id)).code).toBe('asset_failed');
  });
});
