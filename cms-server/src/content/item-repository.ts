// Storage of items: the TV's visible catalog (v1's whole list, v2's home and keyset pages, docs/catalog.md) and the
// admin's side with its workflow steps and the scheduler's conditional ones. Queries built with Kysely
// (db/kysely.ts), run on SQLite at once.
import type { ExpressionBuilder, SelectQueryBuilder, Updateable } from 'kysely';
import type { Db } from '../db/database.ts';
import { all, first, kyselyOf, run, type Kdb } from '../db/kysely.ts';
import type { Items } from '../db/schema.ts';
import type { AssetStatus } from '../media/asset-repository.ts';
import { ITEM_STATUSES, type ItemKind, type ItemStatus, type SectionId } from '../domain/vocabulary.ts';

export { ITEM_STATUSES, type ItemStatus } from '../domain/vocabulary.ts';

/** What every item has, in the code's names: a new item is written with these, the admin's view shows them. */
export interface ItemFields {
  id: string;
  sectionId: SectionId;
  kind: ItemKind;
  title: string;
  summary: string;
  body: string;
  urgent: boolean;
  assetId: string | null;
  streetId: string | null;
  publishAt: string | null;
  unpublishAt: string | null;
  publishedAt: string | null;
}

export interface NewItem extends ItemFields {
  data: Record<string, unknown>;
  status: ItemStatus;
}

/** An item's own columns as a new row holds them (who and when are the caller's). */
function itemColumns(item: NewItem) {
  return {
    id: item.id,
    section_id: item.sectionId,
    kind: item.kind,
    title: item.title,
    summary: item.summary,
    body: item.body,
    urgent: item.urgent ? 1 : 0,
    data: JSON.stringify(item.data),
    asset_id: item.assetId,
    street_id: item.streetId,
    status: item.status,
    publish_at: item.publishAt,
    unpublish_at: item.unpublishAt,
    published_at: item.publishedAt,
  };
}

/** The stored columns of what an item says: shared by the TV's rows and the admin's. */
interface ItemContentColumns {
  id: string;
  section_id: SectionId;
  kind: ItemKind;
  title: string;
  summary: string;
  body: string;
  urgent: 0 | 1;
  /** JSON: the guide or recruitment fields. */
  data: string;
}

/** An item as the TV may see it: published, inside its window, and (for videos) with a playable or ready asset. */
export interface VisibleItemRow extends ItemContentColumns {
  published_at: string;
  asset_id: string | null;
  duration_sec: number | null;
  renditions: string | null;
}

/** What a box is sent of a visible item (VisibleItemRow). */
const VISIBLE_COLUMNS = [
  'i.id',
  'i.section_id',
  'i.kind',
  'i.title',
  'i.summary',
  'i.body',
  'i.urgent',
  'i.data',
  'i.published_at',
  'i.asset_id',
  'a.duration_sec',
  'a.renditions',
] as const;

/** A place in a section's list (the keyset of its order): what a page cursor holds. */
export interface ListPosition {
  urgent: boolean;
  publishedAt: string;
  id: string;
}

export class ItemRepository {
  private readonly k: Kdb;

  constructor(private readonly db: Db) {
    this.k = kyselyOf(db);
  }

  /**
   * The one definition of "a TV may show this"; both the catalog and the item endpoint use it, so a
   * withdrawn or not-yet-due item can never be opened by id either.
   */
  private visible(now: Date, streetId: string | null) {
    const t = now.toISOString();
    return this.k
      .selectFrom('items as i')
      .leftJoin('assets as a', 'a.id', 'i.asset_id')
      .where('i.status', '=', 'published')
      .where((eb) => eb.or([eb('i.publish_at', 'is', null), eb('i.publish_at', '<=', t)]))
      .where((eb) => eb.or([eb('i.unpublish_at', 'is', null), eb('i.unpublish_at', '>', t)]))
      .where((eb) => eb.or([eb('i.kind', '<>', 'video'), eb('a.status', 'in', ['playable', 'ready'])]))
      .where((eb) => eb.or([eb('i.street_id', 'is', null), eb('i.street_id', '=', streetId)]));
  }

  /** Visible rows with the columns a box is sent. */
  private visibleRows(now: Date, streetId: string | null) {
    return this.visible(now, streetId).select(VISIBLE_COLUMNS).$castTo<VisibleItemRow>();
  }

  /** The order of a section's list on the TV (v1's catalog and v2's pages alike). */
  private listRows(now: Date, streetId: string | null) {
    return this.visibleRows(now, streetId).orderBy('i.urgent', 'desc').orderBy('i.published_at', 'desc').orderBy('i.id');
  }

  insert(item: NewItem): void {
    const now = new Date().toISOString();
    run(
      this.db,
      this.k.insertInto('items').values({ ...itemColumns(item), created_at: now, updated_at: now }),
    );
  }

  exists(id: string): boolean {
    return first(this.db, this.k.selectFrom('items').select('id').where('id', '=', id)) !== undefined;
  }

  /** Visible items of every section, newest first within a section (urgent notices first). */
  listVisible(now: Date, streetId: string | null = null): VisibleItemRow[] {
    return all(this.db, this.listRows(now, streetId));
  }

  /**
   * One section's visible items in list order (urgent first, newest published first, then id) after the keyset
   * position `after` (exclusive), at most `limit`: a walk of the index items_tv_list (migration 010) that stops
   * after LIMIT rows, whatever the section's size. Portable SQL (no row values: the order mixes DESC and ASC).
   */
  pageVisible(now: Date, streetId: string | null, sectionId: SectionId, after: ListPosition | null, limit: number): VisibleItemRow[] {
    let q = this.listRows(now, streetId).where('i.section_id', '=', sectionId);
    if (after) {
      const u = after.urgent ? 1 : 0;
      q = q.where((eb) =>
        eb.or([
          eb('i.urgent', '<', u),
          eb.and([
            eb('i.urgent', '=', u),
            eb.or([
              eb('i.published_at', '<', after.publishedAt),
              eb.and([eb('i.published_at', '=', after.publishedAt), eb('i.id', '>', after.id)]),
            ]),
          ]),
        ]),
      );
    }
    return all(this.db, q.limit(limit));
  }

  /** How many items a box of `streetId` sees in each section now (sections without any are absent). */
  countVisibleBySection(now: Date, streetId: string | null): Map<SectionId, number> {
    const rows = all(
      this.db,
      this.visible(now, streetId)
        .select((eb) => ['i.section_id', eb.fn.countAll<number>().as('n')])
        .groupBy('i.section_id')
        .$castTo<{ section_id: SectionId; n: number }>(),
    );
    return new Map(rows.map((r) => [r.section_id, r.n]));
  }

  /** How many items a box of `streetId` sees in one section now (items_tv_list: the section's published rows). */
  countVisible(now: Date, streetId: string | null, sectionId: SectionId): number {
    return first(
      this.db,
      this.visible(now, streetId)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('i.section_id', '=', sectionId),
    )!.n;
  }

  /** The urgent notices a box of `streetId` sees now, newest first, at most `limit`. */
  urgentVisible(now: Date, streetId: string | null, limit: number): VisibleItemRow[] {
    return all(
      this.db,
      this.visibleRows(now, streetId).where('i.urgent', '=', 1).orderBy('i.published_at', 'desc').orderBy('i.id').limit(limit),
    );
  }

  /**
   * The next moment after `now` at which the visible set changes by the clock alone — a published item's
   * publish-at or unpublish-at still ahead (every other change writes the outbox) — or null when none is ahead.
   * For every street at once: two MINs over the indexes items_due and items_expiring.
   */
  nextVisibilityChange(now: Date): string | null {
    const t = now.toISOString();
    const published = () => this.k.selectFrom('items').where('status', '=', 'published');
    const boundaries = published()
      .select((eb) => eb.fn.min('publish_at').as('t'))
      .where('publish_at', '>', t)
      .unionAll(published().select((eb) => eb.fn.min('unpublish_at').as('t')).where('unpublish_at', '>', t))
      .as('boundaries');
    return first(this.db, this.k.selectFrom(boundaries).select((eb) => eb.fn.min('boundaries.t').as('t')))!.t ?? null;
  }

  getVisible(id: string, now: Date, streetId: string | null = null): VisibleItemRow | undefined {
    return first(this.db, this.visibleRows(now, streetId).where('i.id', '=', id));
  }
}

// ---- The admin's side: every item with its workflow columns and its asset (cms-server/src/publishing) ----

/** An item as the admin sees it, with its asset's packaging state and the derived `state`. */
export interface AdminItemRow extends ItemContentColumns {
  asset_id: string | null;
  street_id: string | null;
  status: ItemStatus;
  /** status, or 'failed' for a video whose asset's packaging failed. */
  state: ItemStatus | 'failed';
  publish_at: string | null;
  unpublish_at: string | null;
  published_at: string | null;
  created_by: string | null;
  updated_by: string | null;
  submitted_at: string | null;
  submitted_by: string | null;
  reviewed_by: string | null;
  reviewed_at: string | null;
  review_note: string | null;
  created_at: string;
  updated_at: string;
  created_by_name: string | null;
  updated_by_name: string | null;
  asset_status: AssetStatus | null;
  asset_progress: number | null;
  asset_duration_sec: number | null;
  asset_poster: string | null;
  asset_error: string | null;
  asset_error_code: string | null;
}

export interface AdminItemFilter {
  /** Street accounts see their street's items and the district's; undefined = every street. */
  visibleToStreet?: string;
  /** Only this street's items. */
  street?: string;
  section?: SectionId;
  kind?: ItemKind;
  state?: ItemStatus | 'failed';
  limit: number;
  offset: number;
}

/** The columns an edit or a workflow step may set (camelCase → column). */
const CHANGEABLE = {
  sectionId: 'section_id',
  title: 'title',
  summary: 'summary',
  body: 'body',
  urgent: 'urgent',
  data: 'data',
  assetId: 'asset_id',
  status: 'status',
  publishAt: 'publish_at',
  unpublishAt: 'unpublish_at',
  publishedAt: 'published_at',
  submittedAt: 'submitted_at',
  submittedBy: 'submitted_by',
  reviewedBy: 'reviewed_by',
  reviewedAt: 'reviewed_at',
  reviewNote: 'review_note',
} as const;
export type ItemChanges = Partial<{
  sectionId: SectionId;
  title: string;
  summary: string;
  body: string;
  urgent: boolean;
  data: Record<string, unknown>;
  assetId: string | null;
  status: ItemStatus;
  publishAt: string | null;
  unpublishAt: string | null;
  publishedAt: string | null;
  submittedAt: string | null;
  submittedBy: string | null;
  reviewedBy: string | null;
  reviewedAt: string | null;
  reviewNote: string | null;
}>;

/** The admin's rows: an item and its asset (whose packaging state the item's `state` reflects). */
function itemsWithAsset(k: Kdb) {
  return k.selectFrom('items as i').leftJoin('assets as a', 'a.id', 'i.asset_id');
}
type ItemsWithAsset = ReturnType<typeof itemsWithAsset>;
type ItemsWithAssetEb = ItemsWithAsset extends SelectQueryBuilder<infer D, infer T, infer _O> ? ExpressionBuilder<D, T> : never;

/** An item's `state`: its status, or 'failed' for a video whose asset's packaging failed. */
function stateOf(eb: ItemsWithAssetEb) {
  return eb
    .case()
    .when(eb.and([eb('i.kind', '=', 'video'), eb('a.status', '=', 'failed')]))
    .then('failed')
    .else(eb.ref('i.status'))
    .end();
}

/** The conditions of each filter of AdminItemFilter but the state (the state tabs count without it). */
function filtered(q: ItemsWithAsset, f: Omit<AdminItemFilter, 'state' | 'limit' | 'offset'>): ItemsWithAsset {
  const { visibleToStreet, street, section, kind } = f;
  if (visibleToStreet !== undefined) {
    q = q.where((eb) => eb.or([eb('i.street_id', 'is', null), eb('i.street_id', '=', visibleToStreet)]));
  }
  if (street !== undefined) q = q.where('i.street_id', '=', street);
  if (section !== undefined) q = q.where('i.section_id', '=', section);
  if (kind !== undefined) q = q.where('i.kind', '=', kind);
  return q;
}

/** A scheduler candidate: enough to write its audit row. */
export interface DueItemRow {
  id: string;
  street_id: string | null;
  title: string;
  urgent: 0 | 1;
  status: ItemStatus;
  publish_at: string | null;
  unpublish_at: string | null;
}

export class AdminItemRepository {
  private readonly k: Kdb;

  constructor(private readonly db: Db) {
    this.k = kyselyOf(db);
  }

  /** The admin's view of the items of `q`: every column, the derived state, the asset's state, the authors' names. */
  private adminRows(q: ItemsWithAsset) {
    return q
      .select((eb) => [
        'i.id',
        'i.section_id',
        'i.kind',
        'i.title',
        'i.summary',
        'i.body',
        'i.urgent',
        'i.data',
        'i.asset_id',
        'i.street_id',
        'i.status',
        stateOf(eb).as('state'),
        'i.publish_at',
        'i.unpublish_at',
        'i.published_at',
        'i.created_by',
        'i.updated_by',
        'i.submitted_at',
        'i.submitted_by',
        'i.reviewed_by',
        'i.reviewed_at',
        'i.review_note',
        'i.created_at',
        'i.updated_at',
        'a.status as asset_status',
        'a.progress as asset_progress',
        'a.duration_sec as asset_duration_sec',
        'a.poster as asset_poster',
        'a.error as asset_error',
        'a.error_code as asset_error_code',
      ])
      .leftJoin('users as cu', 'cu.id', 'i.created_by')
      .leftJoin('users as uu', 'uu.id', 'i.updated_by')
      .select(['cu.display_name as created_by_name', 'uu.display_name as updated_by_name'])
      .$castTo<AdminItemRow>();
  }

  /** The columns of a scheduler candidate. */
  private dueRows() {
    return this.k
      .selectFrom('items')
      .select(['id', 'street_id', 'title', 'urgent', 'status', 'publish_at', 'unpublish_at'])
      .$castTo<DueItemRow>();
  }

  get(id: string): AdminItemRow | undefined {
    return first(this.db, this.adminRows(itemsWithAsset(this.k).where('i.id', '=', id)));
  }

  list(f: AdminItemFilter): { rows: AdminItemRow[]; total: number } {
    let q = filtered(itemsWithAsset(this.k), f);
    const state = f.state;
    if (state !== undefined) q = q.where((eb) => eb(stateOf(eb), '=', state));
    const rows = all(this.db, this.adminRows(q).orderBy('i.updated_at', 'desc').orderBy('i.id').limit(f.limit).offset(f.offset));
    const total = first(this.db, q.select((eb) => eb.fn.countAll<number>().as('n')))!.n;
    return { rows, total };
  }

  /** How many items are in each state under the same filter, the state itself left out (the admin's tabs). */
  countByState(f: Omit<AdminItemFilter, 'state' | 'limit' | 'offset'>): Record<string, number> {
    const rows = all(
      this.db,
      filtered(itemsWithAsset(this.k), f)
        .select((eb) => [stateOf(eb).as('state'), eb.fn.countAll<number>().as('n')])
        .groupBy('state')
        .$castTo<{ state: string; n: number }>(),
    );
    return Object.fromEntries(rows.map((r) => [r.state, r.n]));
  }

  /** A new item written by a user (seeded items go through ItemRepository.insert). */
  create(item: NewItem, by: string, now: string): void {
    run(
      this.db,
      this.k.insertInto('items').values({ ...itemColumns(item), created_by: by, updated_by: by, created_at: now, updated_at: now }),
    );
  }

  /**
   * Applies `changes` only while the item is still in one of `fromStatuses`: a conditional UPDATE, so two
   * people acting at once (two reviewers approving) cannot both succeed. Returns whether it applied.
   */
  change(id: string, fromStatuses: readonly ItemStatus[], changes: ItemChanges, by: string | null, now: string): boolean {
    const set: Record<string, unknown> = { updated_at: now };
    if (by !== null) set.updated_by = by;
    for (const [key, column] of Object.entries(CHANGEABLE) as [keyof ItemChanges, string][]) {
      if (changes[key] === undefined) continue;
      let value: unknown = changes[key];
      if (key === 'urgent') value = value ? 1 : 0;
      if (key === 'data') value = JSON.stringify(value);
      set[column] = value;
    }
    // No status to move from: nothing can apply (and `IN ()` is not SQL PostgreSQL takes).
    if (fromStatuses.length === 0) return false;
    return (
      run(this.db, this.k.updateTable('items').set(set as Updateable<Items>).where('id', '=', id).where('status', 'in', fromStatuses)) === 1
    );
  }

  delete(id: string, fromStatuses: readonly ItemStatus[]): boolean {
    if (fromStatuses.length === 0) return false;
    return run(this.db, this.k.deleteFrom('items').where('id', '=', id).where('status', 'in', fromStatuses)) === 1;
  }

  // ---- The scheduler's questions and its conditional steps (each re-checks its condition: idempotent) ----

  /** Published or scheduled items whose unpublish-at has come. */
  expired(now: string): DueItemRow[] {
    return all(
      this.db,
      this.dueRows()
        .where('status', 'in', ['published', 'scheduled'])
        .where('unpublish_at', 'is not', null)
        .where('unpublish_at', '<=', now)
        .orderBy('unpublish_at')
        .orderBy('id'),
    );
  }

  /** Published items that show this video: they reach the TVs when it becomes ready. */
  publishedWithAsset(assetId: string): { id: string; street_id: string | null; urgent: 0 | 1 }[] {
    return all(
      this.db,
      this.k
        .selectFrom('items')
        .select(['id', 'street_id', 'urgent'])
        .where('asset_id', '=', assetId)
        .where('status', '=', 'published')
        .orderBy('id')
        .$castTo<{ id: string; street_id: string | null; urgent: 0 | 1 }>(),
    );
  }

  /** Scheduled items whose publish-at has come (and whose window has not already ended). */
  due(now: string): DueItemRow[] {
    return all(
      this.db,
      this.dueRows()
        .where('status', '=', 'scheduled')
        .where((eb) => eb.or([eb('publish_at', 'is', null), eb('publish_at', '<=', now)]))
        .where((eb) => eb.or([eb('unpublish_at', 'is', null), eb('unpublish_at', '>', now)]))
        .orderBy('publish_at')
        .orderBy('id'),
    );
  }

  /** scheduled → published, dated at its publish-at (when it was due), not at the tick that noticed it. */
  publishDue(id: string, now: string): boolean {
    return (
      run(
        this.db,
        this.k
          .updateTable('items')
          .set((eb) => ({ status: 'published', published_at: eb.fn.coalesce('publish_at', eb.val(now)), updated_at: now }))
          .where('id', '=', id)
          .where('status', '=', 'scheduled')
          .where((eb) => eb.or([eb('publish_at', 'is', null), eb('publish_at', '<=', now)]))
          .where((eb) => eb.or([eb('unpublish_at', 'is', null), eb('unpublish_at', '>', now)])),
      ) === 1
    );
  }

  /** published/scheduled → withdrawn once unpublish-at has come. */
  expire(id: string, now: string): boolean {
    return (
      run(
        this.db,
        this.k
          .updateTable('items')
          .set({ status: 'withdrawn', updated_at: now })
          .where('id', '=', id)
          .where('status', 'in', ['published', 'scheduled'])
          .where('unpublish_at', 'is not', null)
          .where('unpublish_at', '<=', now),
      ) === 1
    );
  }
}
