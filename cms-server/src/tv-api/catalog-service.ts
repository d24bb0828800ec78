// Turns stored rows into the TV API's JSON (see contract.ts).
import crypto from 'node:crypto';
import type { Db } from '../db/database.ts';
import { AdminItemRepository, ItemRepository, type VisibleItemRow } from '../content/item-repository.ts';
import { SectionRepository } from '../content/section-repository.ts';
import type { Rendition } from '../media/asset-repository.ts';
import { mediaUrl } from '../media/routes.ts';
import type { CatalogResponse, ItemDetail, ItemSummary, SectionWithItems } from './contract.ts';

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

  streetExists(streetId: string): boolean {
    return new AdminItemRepository(this.db).streetExists(streetId);
  }

  item(id: string, streetId: string | null = null): ItemDetail | undefined {
    const row = this.items.getVisible(id, this.clock(), streetId);
    return row ? toDetail(row) : undefined;
  }
}
