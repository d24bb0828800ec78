// Uploaded videos once they are assets: who sees which (a street account its street's and the district's, a
// district account every street's), their packaging state for the admin, captions, and deleting one with its
// files. Uploading itself (tus, checks, the packaging job) is uploads/.
import fs from 'node:fs/promises';
import path from 'node:path';
import type { AssetListResponse, AssetView } from '../admin/contract.ts';
import { AuditLog } from '../audit/audit-log.ts';
import { inTransaction, type Db } from '../db/database.ts';
import { AppError, notFound } from '../domain/errors.ts';
import { ID_PATTERN } from '../domain/ids.ts';
import { ASSET_STATUS_LABELS } from '../domain/labels.ts';
import { canChange, canSee, scopeOf, type Actor } from '../domain/scope.ts';
import { removeTmpFoldersOf } from '../jobs/housekeeping.ts';
import { JobRepository, type JobRow } from '../jobs/job-repository.ts';
import { sourcePath } from '../jobs/package-job.ts';
import type { Logger } from '../logger.ts';
import { AssetRepository, type AssetRow, type AssetStatus, type Rendition } from './asset-repository.ts';
import { hasCaptions, packageCaptions, parseCaptions, removeCaptions } from './captions.ts';
import { mediaUrl } from './routes.ts';

export type { AssetView };

/** Why a video failed, as the admin shows it: the stored reason, else the failure's own name. */
export function assetError(status: AssetStatus, code: string | null, message: string | null): AssetView['error'] {
  return status === 'failed' ? { code: code ?? 'packaging_failed', message: message ?? `${ASSET_STATUS_LABELS.failed}。` } : null;
}

export function toAssetView(a: AssetRow, job: JobRow | undefined): AssetView {
  // Watchable: the whole ladder, or the early rendition while the rungs are encoded.
  const ready = a.status === 'ready' || a.status === 'playable';
  return {
    id: a.id,
    title: a.title,
    sourceName: a.source_name,
    sourceSize: a.source_size,
    status: a.status,
    progress: a.progress,
    durationSec: a.duration_sec,
    renditions: JSON.parse(a.renditions) as Rendition[],
    hls: ready ? mediaUrl(a.id, 'master.m3u8') : null,
    poster: ready && a.poster ? mediaUrl(a.id, a.poster) : null,
    error: assetError(a.status, a.error_code, a.error),
    streetId: a.street_id,
    createdBy: a.created_by,
    createdAt: a.created_at,
    updatedAt: a.updated_at,
    job: job
      ? { state: job.state, attempts: job.attempts, maxAttempts: job.max_attempts, lastError: job.last_error }
      : null,
    // Waiting for disk space (jobs/worker.ts): not failed, not processing; it goes on by itself.
    heldFor: job && (job.state === 'queued' || job.state === 'running') && a.status !== 'ready' ? job.held_for : null,
  };
}

export interface AssetServiceDeps {
  db: Db;
  log: Logger;
  sourcesDir: string;
  mediaDir: string;
}

export class AssetService {
  private readonly assets: AssetRepository;
  private readonly jobs: JobRepository;
  private readonly audit: AuditLog;

  constructor(private readonly d: AssetServiceDeps) {
    this.assets = new AssetRepository(d.db);
    this.jobs = new JobRepository(d.db);
    this.audit = new AuditLog(d.db);
  }

  /**
   * An asset the actor may see: its street's or a district video (a street's items may use those), or 404
   * (another street's asset is not found, rather than forbidden, so ids cannot be probed).
   */
  visibleAsset(actor: Actor, id: string): AssetRow {
    const asset = this.assets.get(id);
    if (!asset || !canSee(actor, asset)) throw notFound('视频');
    return asset;
  }

  view(asset: AssetRow): AssetView {
    return { ...toAssetView(asset, this.jobs.latestForAsset(asset.id)), captions: asset.status === 'ready' && hasCaptions(this.d.mediaDir, asset.id) };
  }

  /** Captions are changed like the video itself: by the people who may delete it. */
  private captionableAsset(actor: Actor, id: string): AssetRow & { duration_sec: number } {
    const asset = this.visibleAsset(actor, id);
    if (!canChange(actor, asset)) {
      throw new AppError(403, 'forbidden', '这是全区共用的视频，只有区级账号可以修改它的字幕。');
    }
    if (asset.status !== 'ready' || asset.duration_sec === null) {
      throw new AppError(409, 'asset_not_ready', '视频还没有处理完成，完成后才能添加或删除字幕。');
    }
    return asset as AssetRow & { duration_sec: number };
  }

  // One caption change per asset at a time: two editors saving at once must not interleave their files.
  private readonly captionLocks = new Map<string, Promise<unknown>>();
  private async serially<T>(id: string, work: () => Promise<T>): Promise<T> {
    const before = this.captionLocks.get(id) ?? Promise.resolve();
    const mine = before.catch(() => undefined).then(work);
    this.captionLocks.set(id, mine);
    try {
      return await mine;
    } finally {
      if (this.captionLocks.get(id) === mine) this.captionLocks.delete(id);
    }
  }

  /** Packages a WebVTT file (the request body's bytes) as the video's Chinese captions, replacing any. */
  async setCaptions(actor: Actor, id: string, bytes: Buffer): Promise<AssetView> {
    const asset = this.captionableAsset(actor, id);
    const captions = parseCaptions(bytes, asset.duration_sec);
    return this.serially(id, async () => {
      await packageCaptions(path.join(this.d.mediaDir, id), captions, asset.duration_sec);
      inTransaction(this.d.db, () => {
        this.audit.record({ actor, action: 'asset_captions_set', targetType: 'asset', targetId: id, streetId: asset.street_id, detail: { cues: captions.cues, bytes: bytes.length } });
      });
      this.d.log.info({ asset: id, by: actor.userId, cues: captions.cues }, 'captions set');
      return this.view(this.assets.get(id) ?? asset);
    });
  }

  /** Takes the captions off the video; the master playlist is as packaged again. */
  async removeCaptions(actor: Actor, id: string): Promise<void> {
    const asset = this.captionableAsset(actor, id);
    await this.serially(id, async () => {
      if (!hasCaptions(this.d.mediaDir, id)) throw new AppError(404, 'captions_not_found', '这个视频没有字幕，不需要删除。');
      await removeCaptions(path.join(this.d.mediaDir, id));
      inTransaction(this.d.db, () => {
        this.audit.record({ actor, action: 'asset_captions_removed', targetType: 'asset', targetId: id, streetId: asset.street_id });
      });
      this.d.log.info({ asset: id, by: actor.userId }, 'captions removed');
    });
  }

  list(actor: Actor, q: { status?: AssetStatus; limit: number; offset: number }): AssetListResponse {
    const { rows, total } = this.assets.list(scopeOf(actor), q);
    return { assets: rows.map((a) => this.view(a)), total };
  }

  /**
   * Deletes an asset and its files. Refused while an item still shows it: the item must first be deleted
   * or given another video (deleting it silently would leave a lesson without a picture on the TVs).
   * A packaging job still running is cancelled: its worker loses the lease and removes what it wrote.
   */
  async delete(actor: Actor, id: string): Promise<void> {
    const asset = this.visibleAsset(actor, id);
    // A street account sees a district video, so "not found" would be untrue: it is told who may delete it.
    if (!canChange(actor, asset)) {
      throw new AppError(403, 'forbidden', '这是全区共用的视频，只有区级账号可以删除。');
    }
    const deleted = inTransaction(this.d.db, () => {
      const users = this.assets.usedBy(id);
      if (users.length > 0) {
        const names = users.slice(0, 3).map((u) => `《${u.title}》`).join('、');
        throw new AppError(409, 'asset_in_use', `这个视频还在被内容${names}使用，请先删除这些内容或给它们换一个视频。`);
      }
      const done = this.assets.delete(id);
      if (done) {
        this.audit.record({ actor, action: 'asset_deleted', targetType: 'asset', targetId: id, streetId: asset.street_id, detail: { title: asset.title ?? asset.source_name } });
      }
      return done;
    });
    if (!deleted) throw notFound('视频');
    await removeAssetFiles(this.d, id);
    this.d.log.info({ asset: id, by: actor.userId }, 'asset deleted');
  }
}

/**
 * Removes every file of an asset: its HLS folder, packager temporary folders and its source. For the items
 * API: call this after deleting a video item's asset row, so files of deleted items are removed too.
 */
export async function removeAssetFiles(dirs: { mediaDir: string; sourcesDir: string }, assetId: string): Promise<void> {
  // Asset ids are media folder names (media/routes.ts); anything else must never reach path.join.
  if (!ID_PATTERN.test(assetId)) throw new Error(`not an asset id: ${JSON.stringify(assetId)}`);
  await fs.rm(path.join(dirs.mediaDir, assetId), { recursive: true, force: true });
  await removeTmpFoldersOf(dirs.mediaDir, assetId);
  await fs.rm(sourcePath(dirs.sourcesDir, assetId), { force: true });
}
