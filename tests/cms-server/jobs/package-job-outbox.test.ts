// The packaging job tells the TVs whenever what they may show changes (issue 15: the TV API's kept answers rebuild
// on the outbox): a video shown early whose ladder then fails for good takes its published items off the TVs, in
// the same transaction as the failure.
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../cms-server/src/db/database.ts';
import { EventRepository } from '../../../cms-server/src/events/event-repository.ts';
import { PackageJobHandler } from '../../../cms-server/src/jobs/package-job.ts';
import type { JobRow } from '../../../cms-server/src/jobs/job-repository.ts';
import { createLogger } from '../../../cms-server/src/logger.ts';
import { AssetRepository } from '../../../cms-server/src/media/asset-repository.ts';
import { loadContent } from '../../../cms-server/src/seed/load-content.ts';
import { seedIfEmpty } from '../../../cms-server/src/seed/seed.ts';
import { AnswerCache } from '../../../cms-server/src/tv-api/answer-cache.ts';
import { CatalogService } from '../../../cms-server/src/tv-api/catalog-service.ts';
import type { HomeResponse } from '../../../cms-server/src/tv-api/contract.ts';
import { ROOT } from '../../helpers/server.ts';

describe('the packaging job and the outbox', () => {
  it('when a video shown early fails for good, then its published items leave the TVs with an item_hidden row, and the kept home drops them', () => {
    const db = openDatabase(':memory:');
    seedIfEmpty(db, loadContent(`${ROOT}/content`));
    const video = db.prepare("SELECT id, asset_id, section_id FROM items WHERE kind = 'video' AND status = 'published' LIMIT 1").get() as {
      id: string; asset_id: string; section_id: string;
    };
    const outbox = new EventRepository(db);
    const cache = new AnswerCache(new CatalogService(db), () => outbox.lastId());
    const shown = () =>
      (JSON.parse(cache.home(null).body.toString()) as HomeResponse).sections.find((s) => s.id === video.section_id)!.items.map((i) => i.id);

    new AssetRepository(db).markPlayable(video.asset_id, 60, [{ height: 720, bandwidth: 2_000_000 }]);
    outbox.itemChanged(true, { id: video.id, street_id: null, urgent: 0 }, new Date()); // as the job does
    expect(shown()).toContain(video.id);

    const handler = new PackageJobHandler({ db, log: createLogger('silent'), mediaDir: '/nonexistent', sourcesDir: '/nonexistent' });
    const before = outbox.lastId();
    db.transaction(() => handler.failed({ asset_id: video.asset_id } as JobRow, { code: 'packaging_failed', message: '失败', detail: '' }))();

    const rows = outbox.after(before, 10);
    expect(rows.map((r) => [r.type, JSON.parse(r.data).itemId])).toContainEqual(['item_hidden', video.id]);
    expect(shown()).not.toContain(video.id);
  });
});
