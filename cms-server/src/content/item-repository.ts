import type { Db } from '../db/database.ts';
import { whereOf } from '../db/where.ts';
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

// The one definition of "a TV may show this"; both the catalog and the item endpoint use it, so a
// withdrawn or not-yet-due item can never be opened by id either.
const VISIBLE = `
  FROM items i
  LEFT JOIN assets a ON a.id = i.asset_id
  WHERE i.status = 'published'
    AND (i.publish_at IS NULL OR i.publish_at <= @now)
    AND (i.unpublish_at IS NULL OR i.unpublish_at > @now)
    AND (i.kind <> 'video' OR a.status IN ('playable', 'ready'))
    AND (i.street_id IS NULL OR i.street_id = @street)`;

const COLUMNS = `i.id, i.section_id, i.kind, i.title, i.summary, i.body, i.urgent, i.data, i.published_at,
  i.asset_id, a.duration_sec, a.renditions`;

/** The order of a section's list on the TV (v1's catalog and v2's pages alike). */
const LIST_ORDER = 'ORDER BY i.urgent DESC, i.published_at DESC, i.id';

/** A place in a section's list (the keyset of its order): what a page cursor holds. */
export interface ListPosition {
  urgent: boolean;
  publishedAt: string;
  id: string;
}

export class ItemRepository {
  constructor(private readonly db: Db) {}

  insert(item: NewItem): void {
    const now = new Date().toISOString();
    this.db
      .prepare(
        `INSERT INTO items (id, section_id, kind, title, summary, body, urgent, data, asset_id, street_id, status,
           publish_at, unpublish_at, published_at, created_at, updated_at)
         VALUES (@id, @sectionId, @kind, @title, @summary, @body, @urgent, @data, @assetId, @streetId, @status,
           @publishAt, @unpublishAt, @publishedAt, @now, @now)`,
      )
      .run({ ...item, urgent: item.urgent ? 1 : 0, data: JSON.stringify(item.data), now });
  }

  exists(id: string): boolean {
    return this.db.prepare('SELECT 1 FROM items WHERE id = ?').get(id) !== undefined;
  }

  /** Visible items of every section, newest first within a section (urgent notices first). */
  listVisible(now: Date, streetId: string | null = null): VisibleItemRow[] {
    return this.db
      .prepare(`SELECT ${COLUMNS} ${VISIBLE} ${LIST_ORDER}`)
      .all({ now: now.toISOString(), street: streetId }) as VisibleItemRow[];
  }

  /**
   * One section's visible items in list order (urgent first, newest published first, then id) after the keyset
   * position `after` (exclusive), at most `limit`: a walk of the index items_tv_list (migration 010) that stops
   * after LIMIT rows, whatever the section's size. Portable SQL (no row values: the order mixes DESC and ASC).
   */
  pageVisible(now: Date, streetId: string | null, sectionId: SectionId, after: ListPosition | null, limit: number): VisibleItemRow[] {
    const keyset = after
      ? `AND (i.urgent < @u OR (i.urgent = @u AND (i.published_at < @p OR (i.published_at = @p AND i.id > @after))))`
      : '';
    return this.db
      .prepare(`SELECT ${COLUMNS} ${VISIBLE} AND i.section_id = @section ${keyset} ${LIST_ORDER} LIMIT @limit`)
      .all({
        now: now.toISOString(),
        street: streetId,
        section: sectionId,
        limit,
        ...(after ? { u: after.urgent ? 1 : 0, p: after.publishedAt, after: after.id } : {}),
      }) as VisibleItemRow[];
  }

  /** How many items a box of `streetId` sees in each section now (sections without any are absent). */
  countVisibleBySection(now: Date, streetId: string | null): Map<SectionId, number> {
    const rows = this.db
      .prepare(`SELECT i.section_id AS section_id, COUNT(*) AS n ${VISIBLE} GROUP BY i.section_id`)
      .all({ now: now.toISOString(), street: streetId }) as { section_id: SectionId; n: number }[];
    return new Map(rows.map((r) => [r.section_id, r.n]));
  }

  /** How many items a box of `streetId` sees in one section now (items_tv_list: the section's published rows). */
  countVisible(now: Date, streetId: string | null, sectionId: SectionId): number {
    return this.db
      .prepare(`SELECT COUNT(*) ${VISIBLE} AND i.section_id = @section`)
      .pluck()
      .get({ now: now.toISOString(), street: streetId, section: sectionId }) as number;
  }

  /** The urgent notices a box of `streetId` sees now, newest first, at most `limit`. */
  urgentVisible(now: Date, streetId: string | null, limit: number): VisibleItemRow[] {
    return this.db
      .prepare(`SELECT ${COLUMNS} ${VISIBLE} AND i.urgent = 1 ORDER BY i.published_at DESC, i.id LIMIT @limit`)
      .all({ now: now.toISOString(), street: streetId, limit }) as VisibleItemRow[];
  }

  /**
   * The next moment after `now` at which the visible set changes by the clock alone — a published item's
   * publish-at or unpublish-at still ahead (every other change writes the outbox) — or null when none is ahead.
   * For every street at once: two MINs over the indexes items_due and items_expiring.
   */
  nextVisibilityChange(now: Date): string | null {
    return this.db
      .prepare(
        `SELECT MIN(t) FROM (
           SELECT MIN(publish_at) AS t FROM items WHERE status = 'published' AND publish_at > @now
           UNION ALL
           SELECT MIN(unpublish_at) AS t FROM items WHERE status = 'published' AND unpublish_at > @now
         ) boundaries`,
      )
      .pluck()
      .get({ now: now.toISOString() }) as string | null;
  }

  getVisible(id: string, now: Date, streetId: string | null = null): VisibleItemRow | undefined {
    return this.db
      .prepare(`SELECT ${COLUMNS} ${VISIBLE} AND i.id = @id`)
      .get({ id, now: now.toISOString(), street: streetId }) as VisibleItemRow | undefined;
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

const STATE_SQL = `CASE WHEN i.kind = 'video' AND a.status = 'failed' THEN 'failed' ELSE i.status END`;
const ADMIN_SELECT = `SELECT i.id, i.section_id, i.kind, i.title, i.summary, i.body, i.urgent, i.data, i.asset_id,
    i.street_id, i.status, ${STATE_SQL} AS state, i.publish_at, i.unpublish_at, i.published_at, i.created_by,
    i.updated_by, i.submitted_at, i.submitted_by, i.reviewed_by, i.reviewed_at, i.review_note, i.created_at,
    i.updated_at, cu.display_name AS created_by_name, uu.display_name AS updated_by_name,
    a.status AS asset_status, a.progress AS asset_progress, a.duration_sec AS asset_duration_sec,
    a.poster AS asset_poster, a.error AS asset_error, a.error_code AS asset_error_code
  FROM items i
  LEFT JOIN assets a ON a.id = i.asset_id
  LEFT JOIN users cu ON cu.id = i.created_by
  LEFT JOIN users uu ON uu.id = i.updated_by`;

/** The condition of each filter of AdminItemFilter but the state (the state tabs count without it). */
const FILTERS = {
  visibleToStreet: '(i.street_id IS NULL OR i.street_id = @visibleToStreet)',
  street: 'i.street_id = @street',
  section: 'i.section_id = @section',
  kind: 'i.kind = @kind',
};

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
  constructor(private readonly db: Db) {}

  get(id: string): AdminItemRow | undefined {
    return this.db.prepare(`${ADMIN_SELECT} WHERE i.id = ?`).get(id) as AdminItemRow | undefined;
  }

  list(f: AdminItemFilter): { rows: AdminItemRow[]; total: number } {
    const { clause, params } = whereOf({ ...FILTERS, state: `${STATE_SQL} = @state` }, f);
    const rows = this.db
      .prepare(`${ADMIN_SELECT} ${clause} ORDER BY i.updated_at DESC, i.id LIMIT @limit OFFSET @offset`)
      .all({ ...params, limit: f.limit, offset: f.offset }) as AdminItemRow[];
    const total = this.db
      .prepare(`SELECT COUNT(*) FROM items i LEFT JOIN assets a ON a.id = i.asset_id ${clause}`)
      .pluck()
      .get(params) as number;
    return { rows, total };
  }

  /** How many items are in each state under the same filter, the state itself left out (the admin's tabs). */
  countByState(f: Omit<AdminItemFilter, 'state' | 'limit' | 'offset'>): Record<string, number> {
    const { clause, params } = whereOf(FILTERS, f);
    const rows = this.db
      .prepare(`SELECT ${STATE_SQL} AS state, COUNT(*) AS n FROM items i LEFT JOIN assets a ON a.id = i.asset_id ${clause} GROUP BY 1`)
      .all(params) as { state: string; n: number }[];
    return Object.fromEntries(rows.map((r) => [r.state, r.n]));
  }

  /** A new item written by a user (seeded items go through ItemRepository.insert). */
  create(item: NewItem, by: string, now: string): void {
    this.db
      .prepare(
        `INSERT INTO items (id, section_id, kind, title, summary, body, urgent, data, asset_id, street_id, status,
           publish_at, unpublish_at, published_at, created_by, updated_by, created_at, updated_at)
         VALUES (@id, @sectionId, @kind, @title, @summary, @body, @urgent, @data, @assetId, @streetId, @status,
           @publishAt, @unpublishAt, @publishedAt, @by, @by, @now, @now)`,
      )
      .run({ ...item, urgent: item.urgent ? 1 : 0, data: JSON.stringify(item.data), by, now });
  }

  /**
   * Applies `changes` only while the item is still in one of `fromStatuses`: a conditional UPDATE, so two
   * people acting at once (two reviewers approving) cannot both succeed. Returns whether it applied.
   */
  change(id: string, fromStatuses: readonly ItemStatus[], changes: ItemChanges, by: string | null, now: string): boolean {
    const sets = ['updated_at = @now'];
    const params: Record<string, unknown> = { id, now };
    if (by !== null) {
      sets.push('updated_by = @by');
      params.by = by;
    }
    for (const [key, column] of Object.entries(CHANGEABLE) as [keyof ItemChanges, string][]) {
      if (changes[key] === undefined) continue;
      let value: unknown = changes[key];
      if (key === 'urgent') value = value ? 1 : 0;
      if (key === 'data') value = JSON.stringify(value);
      sets.push(`${column} = @${key}`);
      params[key] = value;
    }
    const statuses = fromStatuses.map((_, n) => `@from${n}`);
    fromStatuses.forEach((s, n) => (params[`from${n}`] = s));
    return (
      this.db.prepare(`UPDATE items SET ${sets.join(', ')} WHERE id = @id AND status IN (${statuses.join(', ')})`).run(params)
        .changes === 1
    );
  }

  delete(id: string, fromStatuses: readonly ItemStatus[]): boolean {
    const marks = fromStatuses.map(() => '?').join(', ');
    return this.db.prepare(`DELETE FROM items WHERE id = ? AND status IN (${marks})`).run(id, ...fromStatuses).changes === 1;
  }

  // ---- The scheduler's questions and its conditional steps (each re-checks its condition: idempotent) ----

  /** Published or scheduled items whose unpublish-at has come. */
  expired(now: string): DueItemRow[] {
    return this.db
      .prepare(
        `SELECT id, street_id, title, urgent, status, publish_at, unpublish_at FROM items
         WHERE status IN ('published', 'scheduled') AND unpublish_at IS NOT NULL AND unpublish_at <= ? ORDER BY unpublish_at, id`,
      )
      .all(now) as DueItemRow[];
  }

  /** Published items that show this video: they reach the TVs when it becomes ready. */
  publishedWithAsset(assetId: string): { id: string; street_id: string | null; urgent: 0 | 1 }[] {
    return this.db
      .prepare("SELECT id, street_id, urgent FROM items WHERE asset_id = ? AND status = 'published' ORDER BY id")
      .all(assetId) as { id: string; street_id: string | null; urgent: 0 | 1 }[];
  }

  /** Scheduled items whose publish-at has come (and whose window has not already ended). */
  due(now: string): DueItemRow[] {
    return this.db
      .prepare(
        `SELECT id, street_id, title, urgent, status, publish_at, unpublish_at FROM items
         WHERE status = 'scheduled' AND (publish_at IS NULL OR publish_at <= @now)
           AND (unpublish_at IS NULL OR unpublish_at > @now) ORDER BY publish_at, id`,
      )
      .all({ now }) as DueItemRow[];
  }

  /** scheduled → published, dated at its publish-at (when it was due), not at the tick that noticed it. */
  publishDue(id: string, now: string): boolean {
    return (
      this.db
        .prepare(
          `UPDATE items SET status = 'published', published_at = COALESCE(publish_at, @now), updated_at = @now
           WHERE id = @id AND status = 'scheduled' AND (publish_at IS NULL OR publish_at <= @now)
             AND (unpublish_at IS NULL OR unpublish_at > @now)`,
        )
        .run({ id, now }).changes === 1
    );
  }

  /** published/scheduled → withdrawn once unpublish-at has come. */
  expire(id: string, now: string): boolean {
    return (
      this.db
        .prepare(
          `UPDATE items SET status = 'withdrawn', updated_at = @now
           WHERE id = @id AND status IN ('published', 'scheduled') AND unpublish_at IS NOT NULL AND unpublish_at <= @now`,
        )
        .run({ id, now }).changes === 1
    );
  }
}
