import type { Db } from '../db/database.ts';
import { whereOf } from '../db/where.ts';
import type { AssetStatus } from '../media/asset-repository.ts';
import type { ItemKind, SectionId } from '../seed/content-schema.ts';

/** The stored workflow statuses (items.status), in workflow order. */
export const ITEM_STATUSES = ['draft', 'review', 'scheduled', 'published', 'withdrawn'] as const;
export type ItemStatus = (typeof ITEM_STATUSES)[number];

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

/** An item as the TV may see it: published, inside its window, and (for videos) with a ready asset. */
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
    AND (i.kind <> 'video' OR a.status = 'ready')
    AND (i.street_id IS NULL OR i.street_id = @street)`;

const COLUMNS = `i.id, i.section_id, i.kind, i.title, i.summary, i.body, i.urgent, i.data, i.published_at,
  i.asset_id, a.duration_sec, a.renditions`;

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
      .prepare(`SELECT ${COLUMNS} ${VISIBLE} ORDER BY i.urgent DESC, i.published_at DESC, i.id`)
      .all({ now: now.toISOString(), street: streetId }) as VisibleItemRow[];
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

  /** Whether a street publishes without review; undefined when there is no such street. */
  streetPublishesDirectly(streetId: string): boolean | undefined {
    const v = this.db.prepare('SELECT publish_directly FROM streets WHERE id = ?').pluck().get(streetId) as
      | number
      | undefined;
    return v === undefined ? undefined : v === 1;
  }

  streetExists(streetId: string): boolean {
    return this.db.prepare('SELECT 1 FROM streets WHERE id = ?').get(streetId) !== undefined;
  }

  // ---- The scheduler's questions and its conditional steps (each re-checks its condition: idempotent) ----

  /** Published or scheduled items whose unpublish-at has come. */
  expired(now: string): DueItemRow[] {
    return this.db
      .prepare(
        `SELECT id, street_id, title, status, publish_at, unpublish_at FROM items
         WHERE status IN ('published', 'scheduled') AND unpublish_at IS NOT NULL AND unpublish_at <= ? ORDER BY unpublish_at, id`,
      )
      .all(now) as DueItemRow[];
  }

  /** Scheduled items whose publish-at has come (and whose window has not already ended). */
  due(now: string): DueItemRow[] {
    return this.db
      .prepare(
        `SELECT id, street_id, title, status, publish_at, unpublish_at FROM items
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
