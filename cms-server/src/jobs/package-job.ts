// The "package" job: turns a validated upload (sources/<asset>) into HLS under media/<asset>/ with the
// shared packager, and keeps the asset row (status, progress, error) in step with the job.
import fs from 'node:fs/promises';
import path from 'node:path';
import {
  PACKAGER_NICE,
  PACKAGER_TIMEOUT_BASE_S,
  PACKAGER_TIMEOUT_PER_S,
} from '../constants.ts';
import type { Db } from '../db/database.ts';
import type { Logger } from '../logger.ts';
import { AssetRepository } from '../media/asset-repository.ts';
import { FfmpegError, probe } from '../media/ffmpeg.ts';
import { packageHls, type PackageResult } from '../media/packager.ts';
import type { JobFailure, JobRow } from './job-repository.ts';
import { JobError, type JobContext, type JobHandler } from './worker.ts';
import { removeTmpFoldersOf } from './housekeeping.ts';

export interface PackageJobDeps {
  db: Db;
  log: Logger;
  mediaDir: string;
  sourcesDir: string;
  /** Test only: ffmpeg -readrate (see config.ts TEST_PACKAGE_READRATE). */
  readrate?: number;
}

export const sourcePath = (sourcesDir: string, assetId: string) => path.join(sourcesDir, assetId);

export class PackageJobHandler implements JobHandler {
  private readonly assets: AssetRepository;
  /** Results waiting for `succeeded`, which runs in the job's completing transaction. */
  private readonly results = new Map<string, PackageResult>();

  constructor(private readonly d: PackageJobDeps) {
    this.assets = new AssetRepository(d.db);
  }

  async run(job: JobRow, ctx: JobContext): Promise<void> {
    const source = sourcePath(this.d.sourcesDir, job.asset_id);
    try {
      await fs.access(source);
    } catch {
      throw new JobError('source_missing', '找不到上传的原始视频文件，无法转码。请重新上传。', source, true);
    }
    // We hold the lease: any temporary folder of this asset is left over from an attempt that died.
    await removeTmpFoldersOf(this.d.mediaDir, job.asset_id);
    const info = await probe(source).catch((e: unknown) => {
      throw new JobError('source_unreadable', '原始视频文件读不出来，无法转码。请重新上传。', detailOf(e), true);
    });
    const timeoutMs = (PACKAGER_TIMEOUT_BASE_S + PACKAGER_TIMEOUT_PER_S * info.durationSec) * 1000;
    const result = await packageHls(source, path.join(this.d.mediaDir, job.asset_id), {
      signal: ctx.signal,
      onProgress: ctx.progress,
      nice: PACKAGER_NICE,
      timeoutMs,
      readrate: this.d.readrate,
    });
    this.results.set(job.id, result);
  }

  started(job: JobRow): void {
    this.assets.markProcessing(job.asset_id);
  }

  progressed(job: JobRow, percent: number): void {
    this.assets.setProgress(job.asset_id, percent);
  }

  succeeded(job: JobRow): void {
    const result = this.results.get(job.id);
    if (!result) throw new Error(`no packaging result for job ${job.id}`);
    this.assets.markReady(job.asset_id, result.durationSec, result.renditions);
  }

  retrying(job: JobRow, _failure: JobFailure): void {
    this.assets.markPending(job.asset_id);
  }

  failed(job: JobRow, failure: JobFailure): void {
    this.assets.markFailed(job.asset_id, failure.message, failure.code);
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
      return { code: 'disk_full', message: '服务器存储空间不足，转码没有完成。请联系管理员清理空间后重新上传。', detail };
    }
    if (error instanceof FfmpegError && /SIGKILL/.test(error.message)) {
      return { code: 'packaging_timeout', message: '转码用时过长，已被停止。请联系管理员。', detail };
    }
    if (error instanceof FfmpegError) {
      return {
        code: 'packaging_failed',
        message: '视频转码失败：文件里的画面或声音数据有损坏。请用原始文件重新上传。',
        detail,
      };
    }
    return { code: 'packaging_error', message: '转码时服务器出错了。系统会自动重试；如果一直失败，请联系管理员。', detail };
  }
}

function detailOf(e: unknown): string {
  if (e instanceof FfmpegError) return `${e.message}\n${e.stderrTail}`.trim().slice(-2000);
  return e instanceof Error ? e.message : String(e);
}
