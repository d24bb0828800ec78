// Tidying what crashes and abandoned uploads leave on disk, at boot and then every HOUSEKEEPING_INTERVAL_MIN:
// - packager temporary folders (media/.tmp-<asset>-<hex>) of assets this database knows and that no live
//   lease covers (a packaging run that died). Folders of assets this database does not know are left
//   alone: the media folder may be shared with other nodes (or test servers) with other databases.
// - source files (sources/<asset>) whose asset is gone or whose job has ended, once older than
//   ORPHAN_SOURCE_GRACE_MIN (a finishing upload moves its file in just before it writes its rows).
// - partial tus uploads older than UPLOAD_EXPIRY_H (the tus file store's own expiry).
// - rate-limit counters whose window ended, upload locks that expired.
import fs from 'node:fs/promises';
import path from 'node:path';
import { FileStore } from '@tus/file-store';
import { EVENTS_KEEP_HOURS, ORPHAN_SOURCE_GRACE_MIN, UPLOAD_EXPIRY_H, VIEWING_PROGRESS_KEEP_DAYS } from '../constants.ts';
import { ProgressRepository } from '../tv-api/progress-repository.ts';
import { EventRepository } from '../events/event-repository.ts';
import type { Db } from '../db/database.ts';
import { kyselyOf } from '../db/kysely.ts';
import type { Logger } from '../logger.ts';
import { AssetRepository } from '../media/asset-repository.ts';
import { tmpFolderAsset } from '../media/packager.ts';
import { JobRepository } from './job-repository.ts';
import { LimitRepository } from '../limits/limit-repository.ts';
import { UploadLockRepository } from '../uploads/upload-lock-repository.ts';

async function list(dir: string): Promise<string[]> {
  try {
    return await fs.readdir(dir);
  } catch {
    return [];
  }
}

/** Removes every packager temporary folder of one asset (the caller holds its job's lease). */
export async function removeTmpFoldersOf(mediaDir: string, assetId: string): Promise<number> {
  let n = 0;
  for (const name of await list(mediaDir)) {
    if (tmpFolderAsset(name) === assetId) {
      await fs.rm(path.join(mediaDir, name), { recursive: true, force: true });
      n++;
    }
  }
  return n;
}

export interface HousekeepingDirs {
  mediaDir: string;
  sourcesDir: string;
  uploadsDir: string;
}

export async function housekeeping(db: Db, dirs: HousekeepingDirs, log: Logger): Promise<{ tmp: number; sources: number; uploads: number; events: number; progress: number }> {
  const jobs = new JobRepository(db);
  const assets = new AssetRepository(db);
  const known = (id: string) => assets.get(id) !== undefined;

  let tmp = 0;
  const leased = jobs.assetsUnderLiveLease();
  for (const name of await list(dirs.mediaDir)) {
    const asset = tmpFolderAsset(name);
    if (asset === undefined || !known(asset) || leased.has(asset)) continue;
    await fs.rm(path.join(dirs.mediaDir, name), { recursive: true, force: true });
    tmp++;
  }

  let sources = 0;
  const open = jobs.assetsWithOpenJobs();
  const graceStart = Date.now() - ORPHAN_SOURCE_GRACE_MIN * 60_000;
  for (const name of await list(dirs.sourcesDir)) {
    if (open.has(name)) continue;
    const stat = await fs.stat(path.join(dirs.sourcesDir, name)).catch(() => undefined);
    if (!stat || stat.mtimeMs > graceStart) continue;
    await fs.rm(path.join(dirs.sourcesDir, name), { recursive: true, force: true });
    sources++;
  }

  let uploads = 0;
  await fs.mkdir(dirs.uploadsDir, { recursive: true });
  try {
    uploads = await new FileStore({
      directory: dirs.uploadsDir,
      expirationPeriodInMilliseconds: UPLOAD_EXPIRY_H * 3600_000,
    }).deleteExpired();
  } catch (e) {
    log.warn({ err: e }, 'housekeeping: could not remove expired uploads');
  }

  // Events older than a reconnecting box may ask for (it refetches the catalog instead).
  const events = new EventRepository(db).prune(new Date(Date.now() - EVENTS_KEEP_HOURS * 3600_000));

  // A box's position in a video it has not touched for VIEWING_PROGRESS_KEEP_DAYS: nobody resumes it any more. The
  // members' study records (study/: per item and per day) are the summaries and stay.
  const progress = new ProgressRepository(db).pruneBefore(new Date(Date.now() - VIEWING_PROGRESS_KEEP_DAYS * 86_400_000).toISOString());

  // Rate-limit windows that have ended, and upload locks whose process died holding them (both are also replaced
  // when their key comes again): rows nobody will ask for.
  await new LimitRepository(kyselyOf(db)).purgeExpired(Date.now());
  await new UploadLockRepository(kyselyOf(db)).purgeExpired(Date.now());

  if (tmp + sources + uploads + events + progress > 0) {
    log.info({ tmp, sources, uploads, events, progress }, 'housekeeping removed leftovers');
  }
  return { tmp, sources, uploads, events, progress };
}
