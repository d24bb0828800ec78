import type { Db } from '../db/database.ts';
import type { ItemKind, SectionId } from '../seed/content-schema.ts';

export type ItemStatus = 'draft' | 'review' | 'scheduled' | 'published' | 'withdrawn';

export interface NewItem {
  id: string;
  sectionId: SectionId;
  kind: ItemKind;
  title: string;
  summary: string;
  body: string;
  urgent: boolean;
  data: Record<string, unknown>;
  assetId: string | null;
  streetId: string | null;
  status: ItemStatus;
  publishAt: string | null;
  unpublishAt: string | null;
  publishedAt: string | null;
}

/** An item as the TV may see it: published, inside its window, and (for videos) with a ready asset. */
export interface VisibleItemRow {
  id: string;
  section_id: SectionId;
  kind: ItemKind;
  title: string;
  summary: string;
  body: string;
  urgent: 0 | 1;
  data: string;
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
