// A fresh install starts with the ten sections and the sample content; seeding happens once, into an
// empty database, so an operator's later edits are never overwritten by a restart.
import { inTransaction, type Db } from '../db/database.ts';
import { ItemRepository } from '../content/item-repository.ts';
import { SectionRepository } from '../content/section-repository.ts';
import { AssetRepository } from '../media/asset-repository.ts';
import type { SeedContent } from './load-content.ts';

/** Seed items are dated "publishedAt" at 09:00 Beijing time (01:00 UTC). */
const toPublishedAt = (date: string) => `${date}T01:00:00.000Z`;

export function seedIfEmpty(db: Db, content: SeedContent): { seeded: boolean; sections: number; items: number } {
  const sections = new SectionRepository(db);
  if (sections.count() > 0) return { seeded: false, sections: 0, items: 0 };
  const items = new ItemRepository(db);
  const assets = new AssetRepository(db);
  const recipeTitle = new Map(content.videos.map((v) => [v.id, v.title]));
  let itemCount = 0;
  // IMMEDIATE, and empty looked at again inside: two CMS processes starting on a new database at once seed it once.
  const seeded = inTransaction(db, (): boolean => {
    if (sections.count() > 0) return false;
    content.sections.forEach((file, position) => {
      const s = file.section;
      sections.upsert({ id: s.id, digit: s.key, title: s.title, description: s.description, position });
      for (const it of file.items) {
        // A sample video's asset id is its recipe id; the asset is made by ffmpeg at start-up.
        // Its title is what the admin's video list shows.
        if (it.video) {
          const sample = it.video.sample;
          assets.create(sample, `sample:${sample}`, `示例视频：${recipeTitle.get(sample) ?? sample}`);
        }
        items.insert({
          id: it.id,
          sectionId: s.id,
          kind: it.kind,
          title: it.title,
          summary: it.summary,
          body: it.body,
          urgent: it.urgent ?? false,
          data: it.guide ? { guide: it.guide } : it.recruitment ? { recruitment: it.recruitment } : {},
          assetId: it.video?.sample ?? null,
          streetId: null,
          status: 'published',
          publishAt: null,
          unpublishAt: null,
          publishedAt: toPublishedAt(it.publishedAt),
        });
        itemCount++;
      }
    });
    return true;
  });
  if (!seeded) return { seeded: false, sections: 0, items: 0 };
  return { seeded: true, sections: content.sections.length, items: itemCount };
}
