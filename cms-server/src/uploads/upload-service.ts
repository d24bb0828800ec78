// The rules of uploads: the metadata a client may send, and what a finished upload becomes (a validated source,
// an asset owned by the uploader's street and a queued packaging job). The assets themselves are media/.
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Upload } from '@tus/server';
import { z } from 'zod';
import { AuditLog } from '../audit/audit-log.ts';
import type { Actor } from '../domain/scope.ts';
import { JOB_MAX_ATTEMPTS, MAX_ASSET_TITLE_CHARS, MAX_UPLOAD_FILENAME_CHARS } from '../constants.ts';
import { inTransaction, type Db } from '../db/database.ts';
import { AppError } from '../domain/errors.ts';
import { JobRepository } from '../jobs/job-repository.ts';
import { sourcePath } from '../jobs/package-job.ts';
import type { Logger } from '../logger.ts';
import { AssetRepository, type AssetRow } from '../media/asset-repository.ts';
import { uploadErrors, validateVideoFile } from './validate-video.ts';

const exists = (file: string): Promise<boolean> => fs.access(file).then(() => true, () => false);

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

/**
 * What the browser says the file is (from its name): an obvious non-video is refused before any byte is sent.
 * Not trusted: the finished file is checked by its magic bytes.
 */
export function refuseDeclaredNonVideo(meta: UploadMetadata): UploadMetadata {
  const declared = meta.filetype;
  if (declared && !/^(video|audio)\//i.test(declared) && declared !== 'application/octet-stream') {
    throw uploadErrors.unsupportedType();
  }
  return meta;
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
   *
   * Moving the file to sources/ is the claim: tus finishes an upload after its lock is released, so two requests
   * (through one process or two) may both reach here with every byte on disk; only the one whose rename moved the
   * file goes on, and the other is told the upload is gone without touching what the first moved.
   */
  async finish(upload: Upload): Promise<AssetRow> {
    const file = path.join(this.d.uploadsDir, upload.id);
    const source = sourcePath(this.d.sourcesDir, upload.id);
    const meta = upload.metadata ?? {};
    let moved = false;
    try {
      const video = await validateVideoFile(file);
      await fs.mkdir(this.d.sourcesDir, { recursive: true });
      await fs.rename(file, source);
      moved = true;
      await fs.rm(`${file}.json`, { force: true });
      inTransaction(this.d.db, () => {
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
      });
      this.d.log.info(
        { asset: upload.id, bytes: video.sizeBytes, container: video.container, durationSec: video.durationSec, height: video.height },
        'upload validated; packaging queued',
      );
      return this.assets.get(upload.id)!;
    } catch (e) {
      if (!moved && !(await exists(file))) {
        // Another request finished (or cancelled) this upload meanwhile: its source and rows are its own.
        throw new AppError(404, 'not_found', '这次上传已经完成或已被取消。');
      }
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


}
