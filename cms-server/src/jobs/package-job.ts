// The "package" job: turns a validated upload (sources/<asset>) into HLS under media/<asset>/ with the
// shared packager, and keeps the asset row (status, progress, error) in step with the job.
//
// A source the TVs can play as it is is first copied into an early rendition (packageEarly: seconds, no
// decoding) and the asset becomes 'playable' — its published items reach the TVs then, announced in the same
// transaction — and then the ladder is encoded; 'ready' once it is in place. A retry keeps a playable video's
// early rendition (TVs may be showing it) and only encodes the ladder again.
//
// A full disk holds the job rather than failing it (`ready`, and ENOSPC mid-way): before it starts there must be
// PACKAGING_SPACE_FACTOR × the source's size free on the media folder's disk, plus DISK_RESERVE_MB; if ffmpeg
// still runs out of space, what it wrote is removed (the packager's temporary folder; a media folder no status
// announces), the video stays as it was (pending, or playable with its complete early rendition) and the job
// waits for space like one that could not start.
import fs from 'node:fs/promises';
import path from 'node:path';
import {
  PACKAGING_SPACE_FACTOR,
  PACKAGER_NICE,
  PACKAGER_TIMEOUT_BASE_S,
  PACKAGER_TIMEOUT_PER_S,
} from '../constants.ts';
import { inTransaction, type Db } from '../db/database.ts';
import type { Logger } from '../logger.ts';
import { AdminItemRepository } from '../content/item-repository.ts';
import { EventRepository } from '../events/event-repository.ts';
import { AssetRepository } from '../media/asset-repository.ts';
import { FfmpegError, probe } from '../media/ffmpeg.ts';
import { hasEarly, packageEarly, packageHls, type PackageResult } from '../media/packager.ts';
import { hasRoomFor, isDiskFullError } from '../storage/disk-space.ts';
import type { JobFailure, JobHold, JobRow } from './job-repository.ts';
import { JobError, JobHeld, type JobContext, type JobHandler } from './worker.ts';
import { removeTmpFoldersOf } from './housekeeping.ts';

export interface PackageJobDeps {
  db: Db;
  log: Logger;
  mediaDir: string;
  sourcesDir: string;
  /** Test only: ffmpeg -readrate (see config.ts TEST_PACKAGE_READRATE). */
  readrate?: number;
  /** Bytes kept free on the media folder's disk beyond what a job needs (config.ts DISK_RESERVE_MB); default 0. */
  diskReserveBytes?: number;
}

export const sourcePath = (sourcesDir: string, assetId: string) => path.join(sourcesDir, assetId);

export class PackageJobHandler implements JobHandler {
  private readonly assets: AssetRepository;
  private readonly items: AdminItemRepository;
  private readonly events: EventRepository;
  /** Results waiting for `succeeded`, which runs in the job's completing transaction. */
  private readonly results = new Map<string, PackageResult>();

  constructor(private readonly d: PackageJobDeps) {
    this.assets = new AssetRepository(d.db);
    this.items = new AdminItemRepository(d.db);
    this.events = new EventRepository(d.db);
  }

  /** Room for the packaged video on the media folder's disk, or the job waits for it (held for 'disk'). */
  async ready(job: JobRow): Promise<JobHeld | undefined> {
    const asset = this.assets.get(job.asset_id);
    const size = asset?.source_size ?? (await fs.stat(sourcePath(this.d.sourcesDir, job.asset_id)).then((s) => s.size, () => 0));
    try {
      const room = await hasRoomFor(this.d.mediaDir, size * PACKAGING_SPACE_FACTOR, this.d.diskReserveBytes ?? 0);
      if (room.fits) return undefined;
      return new JobHeld('disk', `needs ${room.needed} bytes free on the media disk (source ${size} × ${PACKAGING_SPACE_FACTOR} + reserve), ${room.free} free`);
    } catch (e) {
      // The free space could not be read: packaging goes ahead (a full disk is still caught as it happens).
      this.d.log.warn({ asset: job.asset_id, err: detailOf(e) }, 'free disk space could not be read');
      return undefined;
    }
  }

  async run(job: JobRow, ctx: JobContext): Promise<void> {
    try {
      await this.package(job, ctx);
    } catch (e) {
      if (ctx.signal.aborted || !isDiskFullError(e)) throw e;
      await this.removeHalfMade(job.asset_id);
      throw new JobHeld('disk', `ran out of space while packaging: ${detailOf(e).slice(-300)}`);
    }
  }

  /**
   * After running out of space: the packager's temporary folders go (it removes its own; these are any left),
   * and so does the media folder of a video no status announces (it could only be an early rendition whose
   * 'playable' could not be recorded). A playable video keeps its complete early rendition.
   */
  private async removeHalfMade(assetId: string): Promise<void> {
    await removeTmpFoldersOf(this.d.mediaDir, assetId);
    const status = this.assets.get(assetId)?.status;
    if (status !== 'playable' && status !== 'ready') {
      await fs.rm(path.join(this.d.mediaDir, assetId), { recursive: true, force: true });
    }
  }

  private async package(job: JobRow, ctx: JobContext): Promise<void> {
    const source = sourcePath(this.d.sourcesDir, job.asset_id);
    try {
      await fs.access(source);
    } catch {
      throw new JobError('source_missing', '找不到上传的原始视频文件，无法处理。请重新上传。', source, true);
    }
    // We hold the lease: any temporary folder of this asset is left over from an attempt that died.
    await removeTmpFoldersOf(this.d.mediaDir, job.asset_id);
    const info = await probe(source).catch((e: unknown) => {
      throw new JobError('source_unreadable', '原始视频文件读不出来，无法处理。请重新上传。', detailOf(e), true);
    });
    const timeoutMs = (PACKAGER_TIMEOUT_BASE_S + PACKAGER_TIMEOUT_PER_S * info.durationSec) * 1000;
    const outDir = path.join(this.d.mediaDir, job.asset_id);
    if (!(this.assets.get(job.asset_id)?.status === 'playable' && (await hasEarly(outDir)))) {
      try {
        const early = await packageEarly(source, outDir, info, { signal: ctx.signal, nice: PACKAGER_NICE, timeoutMs });
        if (early) this.becamePlayable(job.asset_id, early);
      } catch (e) {
        ctx.signal.throwIfAborted();
        if (isDiskFullError(e)) throw e;
        // Not fatal: the ladder decodes the source and says for itself whether it is broken.
        this.d.log.warn({ asset: job.asset_id, err: detailOf(e) }, 'early rendition failed; encoding the ladder');
      }
    }
    const result = await packageHls(source, outDir, {
      signal: ctx.signal,
      onProgress: ctx.progress,
      nice: PACKAGER_NICE,
      timeoutMs,
      readrate: this.d.readrate,
    });
    this.results.set(job.id, result);
  }

  started(job: JobRow): void {
    // A held job looked at again stays as the hold left it until it really starts (worker.ts calls this again).
    if (!job.held_for) this.assets.markProcessing(job.asset_id);
  }

  /** Waiting for disk space: back to pending (a playable video stays playable: its early rendition is whole). */
  held(job: JobRow, _reason: JobHold): void {
    this.assets.markPending(job.asset_id);
  }

  progressed(job: JobRow, percent: number): void {
    this.assets.setProgress(job.asset_id, percent);
  }

  /** The early rendition is in place: the video is watchable, and its published items reach the TVs now. */
  private becamePlayable(assetId: string, early: PackageResult): void {
    inTransaction(this.d.db, () => {
      if (!this.assets.markPlayable(assetId, early.durationSec, early.renditions)) return;
      const now = new Date();
      for (const item of this.items.publishedWithAsset(assetId)) this.events.itemChanged(true, item, now);
    });
  }

  succeeded(job: JobRow): void {
    const result = this.results.get(job.id);
    if (!result) throw new Error(`no packaging result for job ${job.id}`);
    const wasPlayable = this.assets.get(job.asset_id)?.status === 'playable';
    this.assets.markReady(job.asset_id, result.durationSec, result.renditions);
    // An item approved while its video was still packaging reaches the TVs now: tell them, in this transaction.
    // One already shown early changed (its renditions): the TVs rebuild their catalog, nothing is announced again.
    const now = new Date();
    for (const item of this.items.publishedWithAsset(job.asset_id)) {
      if (wasPlayable) this.events.itemUpdated(item, now);
      else this.events.itemChanged(true, item, now);
    }
  }

  retrying(job: JobRow, _failure: JobFailure): void {
    this.assets.markPending(job.asset_id);
  }

  failed(job: JobRow, failure: JobFailure): void {
    const wasPlayable = this.assets.get(job.asset_id)?.status === 'playable';
    this.assets.markFailed(job.asset_id, failure.message, failure.code);
    // Shown early and now failed: its published items leave the TVs (only a playable or ready video is shown) —
    // told in this transaction, which also makes the TV API rebuild its kept answers (tv-api/answer-cache.ts).
    if (!wasPlayable) return;
    const now = new Date();
    for (const item of this.items.publishedWithAsset(job.asset_id)) this.events.itemChanged(false, item, now);
  }

  async settled(job: JobRow, outcome: 'done' | 'failed' | 'lost'): Promise<void> {
    this.results.delete(job.id);
    const asset = this.assets.get(job.asset_id);
    if (outcome === 'lost' && asset) return; // another worker has the job now
    // Done or failed: the source is not needed any more. Lost because the asset was deleted meanwhile:
    // remove whatever this attempt may have put in place.
    await fs.rm(sourcePath(this.d.sourcesDir, job.asset_id), { force: true });
    if (!asset) {
      await fs.rm(path.join(this.d.mediaDir, job.asset_id), { recursive: true, force: true });
      await removeTmpFoldersOf(this.d.mediaDir, job.asset_id);
    }
  }

  describe(error: unknown): JobFailure {
    const detail = detailOf(error);
    const code = (error as NodeJS.ErrnoException | undefined)?.code;
    if (code === 'ENOSPC' || /No space left on device/i.test(detail)) {
      return { code: 'disk_full', message: '服务器存储空间不足，处理没有完成。请联系管理员清理空间后重新上传。', detail };
    }
    if (error instanceof FfmpegError && /SIGKILL/.test(error.message)) {
      return { code: 'packaging_timeout', message: '处理用时过长，已被停止。请联系管理员。', detail };
    }
    if (error instanceof FfmpegError) {
      return {
        code: 'packaging_failed',
        message: '文件里的画面或声音数据有损坏，无法处理。请用原始文件重新上传。',
        detail,
      };
    }
    return { code: 'packaging_error', message: '处理时服务器出错了。系统会自动重试；如果一直失败，请联系管理员。', detail };
  }
}

function detailOf(e: unknown): string {
  if (e instanceof FfmpegError) return `${e.message}\n${e.stderrTail}`.trim().slice(-2000);
  return e instanceof Error ? e.message : String(e);
}
