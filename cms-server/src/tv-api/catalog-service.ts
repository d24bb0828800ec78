// Turns stored rows into the TV API's JSON (see contract.ts).
import crypto from 'node:crypto';
import type { Db } from '../db/database.ts';
import { StreetRepository } from '../accounts/street-repository.ts';
import { ItemRepository, type ListPosition, type VisibleItemRow } from '../content/item-repository.ts';
import { SectionRepository } from '../content/section-repository.ts';
import type { Rendition } from '../media/asset-repository.ts';
import { mediaUrl } from '../media/routes.ts';
import { HOME_ITEMS_PER_SECTION, HOME_URGENT_MAX } from '../constants.ts';
import type { SectionId } from '../domain/vocabulary.ts';
import type { CatalogResponse, HomeResponse, HomeSection, ItemDetail, ItemSummary, SectionPage, SectionWithItems } from './contract.ts';
import { encodeCursor } from './cursor.ts';

function toSummary(row: VisibleItemRow): ItemSummary {
  const data = JSON.parse(row.data) as Pick<ItemDetail, 'guide' | 'recruitment'>;
  const summary: ItemSummary = {
    id: row.id,
    sectionId: row.section_id,
    kind: row.kind,
    title: row.title,
    summary: row.summary,
    publishedAt: row.published_at,
    urgent: row.urgent === 1,
  };
  if (row.asset_id) {
    summary.poster = mediaUrl(row.asset_id, 'poster.jpg');
    summary.durationSec = Math.round(row.duration_sec ?? 0);
  }
  if (data.recruitment) summary.deadline = data.recruitment.deadline;
  return summary;
}

function toDetail(row: VisibleItemRow): ItemDetail {
  const data = JSON.parse(row.data) as Pick<ItemDetail, 'guide' | 'recruitment'>;
  const detail: ItemDetail = { ...toSummary(row), body: row.body, ...data };
  if (row.asset_id) {
    detail.video = {
      hls: mediaUrl(row.asset_id, 'master.m3u8'),
      poster: mediaUrl(row.asset_id, 'poster.jpg'),
      durationSec: row.duration_sec ?? 0,
      renditions: JSON.parse(row.renditions ?? '[]') as Rendition[],
    };
  }
  return detail;
}

/** A short, stable fingerprint of a JSON value: the same catalog always gets the same version. */
export const fingerprint = (value: unknown) =>
  crypto.createHash('sha256').update(JSON.stringify(value)).digest('base64url').slice(0, 16);

export class CatalogService {
  private readonly sections: SectionRepository;
  private readonly items: ItemRepository;

  constructor(private readonly db: Db, private readonly clock: () => Date = () => new Date()) {
    this.sections = new SectionRepository(db);
    this.items = new ItemRepository(db);
  }

  catalog(streetId: string | null = null): CatalogResponse {
    const bySection = new Map<string, ItemSummary[]>();
    for (const row of this.items.listVisible(this.clock(), streetId)) {
      const list = bySection.get(row.section_id) ?? [];
      list.push(toSummary(row));
      bySection.set(row.section_id, list);
    }
    const sections: SectionWithItems[] = this.sections.all().map((s) => ({
      id: s.id,
      key: s.digit,
      title: s.title,
      description: s.description,
      items: bySection.get(s.id) ?? [],
    }));
    return { version: fingerprint(sections), sections };
  }

  /**
   * Home (v2): each section's count and first items, and the urgent notices — a fixed number of small indexed
   * queries, whatever the archive's size. `version` is the answer's fingerprint, as v1's.
   */
  home(streetId: string | null = null): HomeResponse {
    const now = this.clock();
    const counts = this.items.countVisibleBySection(now, streetId);
    const sections: HomeSection[] = this.sections.all().map((s) => ({
      id: s.id,
      key: s.digit,
      title: s.title,
      description: s.description,
      count: counts.get(s.id) ?? 0,
      items: this.items.pageVisible(now, streetId, s.id, null, HOME_ITEMS_PER_SECTION).map(toSummary),
    }));
    const urgent = this.items.urgentVisible(now, streetId, HOME_URGENT_MAX).map(toSummary);
    return { version: fingerprint({ sections, urgent }), sections, urgent };
  }

  /** Whether `id` is one of the ten sections. */
  sectionExists(id: string): id is SectionId {
    return this.sections.all().some((s) => s.id === id);
  }

  /** One page of a section's list after `after` (null: the first page), and the cursor that continues it. */
  page(streetId: string | null, sectionId: SectionId, after: ListPosition | null, limit: number): SectionPage {
    const now = this.clock();
    // One row more than asked tells whether another page follows, so the last page says null at once.
    const rows = this.items.pageVisible(now, streetId, sectionId, after, limit + 1);
    const items = rows.slice(0, limit).map(toSummary);
    const last = rows.length > limit ? rows[limit - 1]! : undefined;
    const total = this.items.countVisible(now, streetId, sectionId);
    return {
      sectionId,
      total,
      items,
      nextCursor: last ? encodeCursor({ urgent: last.urgent === 1, publishedAt: last.published_at, id: last.id }) : null,
    };
  }

  /** The next moment the visible set changes by the clock alone (a publish-at or unpublish-at), or null. */
  nextVisibilityChange(): Date | null {
    const at = this.items.nextVisibilityChange(this.clock());
    return at === null ? null : new Date(at);
  }

  streetExists(streetId: string): boolean {
    return new StreetRepository(this.db).exists(streetId);
  }

  /** The version of the catalog a box of `streetId` sees now (what `catalog()` would answer). */
  version(streetId: string | null = null): string {
    return this.catalog(streetId).version;
  }

  /** One item as the catalog lists it, if a box of `streetId` may see it now. */
  summary(id: string, streetId: string | null = null): ItemSummary | undefined {
    const row = this.items.getVisible(id, this.clock(), streetId);
    return row ? toSummary(row) : undefined;
  }

  item(id: string, streetId: string | null = null): ItemDetail | undefined {
    const row = this.items.getVisible(id, this.clock(), streetId);
    return row ? toDetail(row) : undefined;
  }
}
