// The rules of uploads and assets: what a finished upload becomes (a validated source, an asset owned by
// the uploader's street and a queued packaging job), who sees which asset, and what deleting one removes.
// Scope: a street account sees its street's videos and the district's, and deletes its street's only; a
// district account sees and deletes every street's.
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Upload } from '@tus/server';
import { z } from 'zod';
import { AuditLog } from '../audit/audit-log.ts';
import type { Actor } from '../auth/actor.ts';
import { JOB_MAX_ATTEMPTS, MAX_ASSET_TITLE_CHARS, MAX_UPLOAD_FILENAME_CHARS } from '../constants.ts';
import type { Db } from '../db/database.ts';
import { AppError, notFound } from '../http/errors.ts';
import { JobRepository, type JobRow } from '../jobs/job-repository.ts';
import { removeTmpFoldersOf } from '../jobs/housekeeping.ts';
import { sourcePath } from '../jobs/package-job.ts';
import type { Logger } from '../logger.ts';
import { AssetRepository, type AssetRow, type AssetStatus, type Rendition } from '../media/asset-repository.ts';
import { hasCaptions, packageCaptions, parseCaptions, removeCaptions } from '../media/captions.ts';
import { mediaUrl } from '../media/routes.ts';
import { canChange, canSee, scopeOf } from '../auth/policy.ts';
import { uploadErrors, validateVideoFile } from './validate-video.ts';

/** What an asset id looks like (also a folder name under media/). */
export const ASSET_ID = /^[a-z0-9][a-z0-9-]{0,62}$/;

/** Metadata keys the server writes into an upload at creation (a client's own values are replaced). */
export const OWNER_KEY = 'keting_user';
export const STREET_KEY = 'keting_street';
export const OWNER_NAME_KEY = 'keting_user_name';

// Control characters and path separators have no place in a file name shown to people.
const BAD_NAME_CHARS = /[/\\\u0000-\u001f\u007f]/;

/** The tus Upload-Metadata a client may send (tus-js-client and Uppy send filename and filetype). */
export const uploadMetadataSchema = z.object({
  filename: z
    .string({ error: '上传信息里缺少文件名（filename）。' })
    .trim()
    .min(1, { error: '文件名不能为空。' })
    .max(MAX_UPLOAD_FILENAME_CHARS, { error: `文件名太长了：最多 ${MAX_UPLOAD_FILENAME_CHARS} 个字。` })
    .refine((s) => !BAD_NAME_CHARS.test(s), { error: '文件名里不能有 /、\\ 或控制字符。' }),
  filetype: z.string().max(255).nullish(),
  title: z
    .string()
    .trim()
    .min(1, { error: '标题不能为空（不需要标题时请不要填这一项）。' })
    .max(MAX_ASSET_TITLE_CHARS, { error: `标题太长了：最多 ${MAX_ASSET_TITLE_CHARS} 个字。` })
    .nullish(),
});
export type UploadMetadata = z.infer<typeof uploadMetadataSchema>;

export function parseUploadMetadata(raw: Record<string, string | null> | undefined): UploadMetadata {
  const parsed = uploadMetadataSchema.safeParse(raw ?? {});
  if (!parsed.success) {
    throw new AppError(400, 'invalid_metadata', parsed.error.issues[0]?.message ?? '上传信息不正确。');
  }
  const declared = parsed.data.filetype;
  // What the browser says the file is (from its name): refuse an obvious non-video before any byte is
  // sent. Not trusted: the finished file is checked by its magic bytes.
  if (declared && !/^(video|audio)\//i.test(declared) && declared !== 'application/octet-stream') {
    throw uploadErrors.unsupportedType();
  }
  return parsed.data;
}

export interface AssetView {
  id: string;
  title: string | null;
  sourceName: string | null;
  sourceSize: number | null;
  status: AssetStatus;
  /** Packaging progress in percent. */
  progress: number;
  durationSec: number | null;
  renditions: Rendition[];
  /** The master playlist, once ready. */
  hls: string | null;
  poster: string | null;
  error: { code: string; message: string } | null;
  streetId: string | null;
  createdBy: string | null;
  createdAt: string;
  updatedAt: string;
  job: { state: JobRow['state']; attempts: number; maxAttempts: number; lastError: string | null } | null;
  /** Whether Chinese captions are packaged with the video (PUT/DELETE /api/admin/assets/:id/captions). */
  captions?: boolean;
}

export function toAssetView(a: AssetRow, job: JobRow | undefined): AssetView {
  const ready = a.status === 'ready';
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
    error: a.status === 'failed' ? { code: a.error_code ?? 'packaging_failed', message: a.error ?? '转码失败。' } : null,
    streetId: a.street_id,
    createdBy: a.created_by,
    createdAt: a.created_at,
    updatedAt: a.updated_at,
    job: job
      ? { state: job.state, attempts: job.attempts, maxAttempts: job.max_attempts, lastError: job.last_error }
      : null,
  };
}

export interface UploadServiceDeps {
  db: Db;
  log: Logger;
  uploadsDir: string;
  sourcesDir: string;
  mediaDir: string;
}

export class UploadService {
  private readonly assets: AssetRepository;
  private readonly jobs: JobRepository;
  private readonly audit: AuditLog;

  constructor(private readonly d: UploadServiceDeps) {
    this.assets = new AssetRepository(d.db);
    this.jobs = new JobRepository(d.db);
    this.audit = new AuditLog(d.db);
  }

  /** The metadata stored with a new upload: the client's, cleaned, plus who uploads it. */
  stampOwner(meta: UploadMetadata, actor: Actor): Record<string, string> {
    const out: Record<string, string> = {
      filename: meta.filename,
      [OWNER_KEY]: actor.userId,
      [OWNER_NAME_KEY]: actor.displayName,
      [STREET_KEY]: actor.streetId ?? '',
    };
    if (meta.filetype) out.filetype = meta.filetype;
    if (meta.title) out.title = meta.title;
    return out;
  }

  /**
   * The last byte of an upload arrived: validate the file, move it to sources/ and queue its packaging.
   * On any refusal the partial upload is removed, so nothing is left behind.
   */
  async finish(upload: Upload): Promise<AssetRow> {
    const file = path.join(this.d.uploadsDir, upload.id);
    const source = sourcePath(this.d.sourcesDir, upload.id);
    const meta = upload.metadata ?? {};
    try {
      const video = await validateVideoFile(file);
      await fs.mkdir(this.d.sourcesDir, { recursive: true });
      await fs.rename(file, source);
      await fs.rm(`${file}.json`, { force: true });
      this.d.db.transaction(() => {
        this.assets.createUploaded({
          id: upload.id,
          sourceName: meta.filename ?? upload.id,
          title: meta.title ?? null,
          sourceSize: video.sizeBytes,
          streetId: meta[STREET_KEY] || null,
          createdBy: meta[OWNER_KEY] ?? 'unknown',
        });
        this.jobs.enqueue('package', upload.id, JOB_MAX_ATTEMPTS);
        this.audit.record({
          actor: { userId: meta[OWNER_KEY] ?? 'unknown', displayName: meta[OWNER_NAME_KEY] ?? meta[OWNER_KEY] ?? '未知' },
          action: 'asset_uploaded',
          targetType: 'asset',
          targetId: upload.id,
          streetId: meta[STREET_KEY] || null,
          detail: { filename: meta.filename, bytes: video.sizeBytes, durationSec: video.durationSec },
        });
      })();
      this.d.log.info(
        { asset: upload.id, bytes: video.sizeBytes, container: video.container, durationSec: video.durationSec, height: video.height },
        'upload validated; packaging queued',
      );
      return this.assets.get(upload.id)!;
    } catch (e) {
      await this.removeUpload(upload.id);
      await fs.rm(source, { force: true });
      if (!(e instanceof AppError)) this.d.log.error({ err: e, upload: upload.id }, 'finishing an upload failed');
      throw e;
    }
  }

  async removeUpload(id: string): Promise<void> {
    const file = path.join(this.d.uploadsDir, id);
    await fs.rm(file, { force: true });
    await fs.rm(`${file}.json`, { force: true });
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
      throw new AppError(409, 'asset_not_ready', '视频还没有转码完成，完成后才能添加或删除字幕。');
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
      this.d.db.transaction(() => {
        this.audit.record({ actor, action: 'asset_captions_set', targetType: 'asset', targetId: id, streetId: asset.street_id, detail: { cues: captions.cues, bytes: bytes.length } });
      })();
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
      this.d.db.transaction(() => {
        this.audit.record({ actor, action: 'asset_captions_removed', targetType: 'asset', targetId: id, streetId: asset.street_id });
      })();
      this.d.log.info({ asset: id, by: actor.userId }, 'captions removed');
    });
  }

  list(actor: Actor, q: { status?: AssetStatus; limit: number; offset: number }): { assets: AssetView[]; total: number } {
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
    const deleted = this.d.db.transaction(() => {
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
    })();
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
  if (!ASSET_ID.test(assetId)) throw new Error(`not an asset id: ${JSON.stringify(assetId)}`);
  await fs.rm(path.join(dirs.mediaDir, assetId), { recursive: true, force: true });
  await removeTmpFoldersOf(dirs.mediaDir, assetId);
  await fs.rm(sourcePath(dirs.sourcesDir, assetId), { force: true });
}
