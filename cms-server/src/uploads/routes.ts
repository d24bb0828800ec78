// Admin routes for videos (the protocol and codes are in the README, "The admin API"):
//   /api/admin/uploads  — resumable uploads, tus 1.0 (@tus/server, files streamed to DATA_DIR/uploads/)
//   /api/admin/assets   — the uploaded videos: packaging status and progress, list, delete
// Each route reads as a pipeline: actor (set upstream by the admin session) → role → validate → handler.
// Mounted by admin/router.ts behind the session, CSRF and password-change checks.
import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import express, { Router, type RequestHandler } from 'express';
import { FileStore } from '@tus/file-store';
import { ERRORS, Metadata, Server as TusServer, TUS_RESUMABLE } from '@tus/server';
import { z } from 'zod';
import type { Actor } from '../auth/actor.ts';
import { MAX_CAPTIONS_BYTES, MAX_UPLOAD_BYTES, MIN_FREE_DISK_BYTES } from '../constants.ts';
import type { Db } from '../db/database.ts';
import { AppError } from '../http/errors.ts';
import type { Logger } from '../logger.ts';
import { AssetRepository } from '../media/asset-repository.ts';
import { actorOf, requireRole } from '../auth/policy.ts';
import { DELETE_ROLES, READ_ROLES, UPLOAD_ROLES } from './policy.ts';
import { ASSET_ID, OWNER_KEY, parseUploadMetadata, UploadService } from './upload-service.ts';
import { uploadErrors } from './validate-video.ts';

/** Sent with the response that completes an upload: the id of the new asset (the same as the upload's). */
export const ASSET_ID_HEADER = 'Keting-Asset-Id';

export interface UploadRouterDeps {
  db: Db;
  log: Logger;
  uploadsDir: string;
  sourcesDir: string;
  mediaDir: string;
  /** Where the tus router is mounted; the Location of a new upload is `${uploadsPath}/<id>`. */
  uploadsPath?: string;
}

const UPLOAD_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The Express request behind the web Request that @tus/server hands to its hooks. */
function expressRequestOf(req: unknown): express.Request {
  const node = (req as { runtime?: { node?: { req?: unknown } } }).runtime?.node?.req;
  if (!node) throw new Error('tus hook called without the Node.js request');
  return node as express.Request;
}

/** @tus/server's own errors, in our shape: a stable code and a Chinese message. */
function tusErrorToApp(err: unknown): AppError | undefined {
  const is = (e: { status_code: number; body: string }) =>
    typeof err === 'object' && err !== null && (err as { body?: string }).body === e.body;
  if (is(ERRORS.ERR_MAX_SIZE_EXCEEDED) || is(ERRORS.ERR_SIZE_EXCEEDED)) return uploadErrors.tooLarge();
  if (is(ERRORS.INVALID_OFFSET))
    return new AppError(409, 'upload_offset_mismatch', '续传位置和服务器上已收到的不一致，请先询问（HEAD）服务器已收到多少再继续。');
  if (is(ERRORS.FILE_NOT_FOUND) || is(ERRORS.FILE_NO_LONGER_EXISTS))
    return new AppError(404, 'not_found', '找不到这次上传，它可能已过期或已被取消。请重新上传。');
  if (is(ERRORS.INVALID_CONTENT_TYPE))
    return new AppError(415, 'invalid_content_type', '上传数据的类型必须是 application/offset+octet-stream。');
  if (is(ERRORS.MISSING_OFFSET)) return new AppError(400, 'invalid_upload_offset', '缺少 Upload-Offset（续传位置）。');
  if (is(ERRORS.INVALID_LENGTH) || is(ERRORS.UNSUPPORTED_CREATION_DEFER_LENGTH_EXTENSION))
    return new AppError(400, 'upload_length_required', '开始上传时需要告诉服务器文件大小（Upload-Length）。');
  if (is(ERRORS.INVALID_METADATA)) return new AppError(400, 'invalid_metadata', '上传信息（Upload-Metadata）的格式不正确。');
  if (is(ERRORS.ABORTED)) return new AppError(400, 'upload_interrupted', '上传连接中断了，请继续上传。');
  if (is(ERRORS.ERR_LOCK_TIMEOUT)) return new AppError(423, 'upload_locked', '这次上传正被另一个连接写入，请稍后再试。');
  if (is(ERRORS.FILE_WRITE_ERROR)) return new AppError(500, 'upload_write_failed', '服务器保存上传的数据时出错，请稍后继续上传。');
  if (is(ERRORS.UNSUPPORTED_CONCATENATION_EXTENSION))
    return new AppError(501, 'upload_concat_unsupported', '不支持分片并行上传，请关闭上传客户端的并行上传。');
  return undefined;
}

/**
 * Makes @tus/server's error responses JSON: the body comes from `onResponseError`, which marks the response;
 * the content type is set here because @tus/server always answers errors as text/plain.
 */
function jsonErrorContentType(res: ServerResponse & { locals?: Record<string, unknown> }): void {
  const writeHead = res.writeHead.bind(res) as (...args: unknown[]) => ServerResponse;
  res.writeHead = ((status: number, ...rest: unknown[]) => {
    if (status >= 400 && res.locals?.tusJsonError) {
      const json = 'application/json; charset=utf-8';
      rest = rest.map((h) => {
        if (Array.isArray(h)) {
          const out: unknown[] = [];
          for (let i = 0; i < h.length; i += 2) {
            if (String(h[i]).toLowerCase() !== 'content-type') out.push(h[i], h[i + 1]);
          }
          return [...out, 'Content-Type', json];
        }
        if (h && typeof h === 'object') {
          const out = Object.fromEntries(Object.entries(h).filter(([k]) => k.toLowerCase() !== 'content-type'));
          return { ...out, 'Content-Type': json };
        }
        return h;
      });
      if (!rest.some((h) => typeof h === 'object')) res.setHeader('Content-Type', json);
    }
    return writeHead(status, ...rest);
  }) as typeof res.writeHead;
}

export function uploadRouters(d: UploadRouterDeps): { uploads: Router; assets: Router; service: UploadService } {
  const service = new UploadService(d);
  const assets = new AssetRepository(d.db);
  // req.actor is set by the admin session middleware mounted upstream (admin/router.ts); deny without one.
  const requireActor: RequestHandler = (req, _res, next) => {
    actorOf(req);
    next();
  };
  // No expiry here: with one, @tus/server re-reads a just-created upload after onUploadFinish has moved it
  // away (and answers 404). Partial uploads older than UPLOAD_EXPIRY_H are removed by jobs/housekeeping.ts.
  const datastore = new FileStore({ directory: d.uploadsDir });

  const tus = new TusServer({
    path: d.uploadsPath ?? '/api/admin/uploads',
    datastore,
    relativeLocation: true,
    maxSize: MAX_UPLOAD_BYTES,
    // Same-origin admin pages only: no cross-origin reads of upload responses.
    allowedOrigins: [],
    exposedHeaders: [ASSET_ID_HEADER],
    // The upload id becomes the asset id (and the media folder name): lowercase, unique, unguessable.
    namingFunction: () => crypto.randomUUID(),
    async onUploadCreate(req, upload) {
      const actor = actorOf(expressRequestOf(req));
      return { metadata: service.stampOwner(parseUploadMetadata(upload.metadata), actor) };
    },
    async onUploadFinish(_req, upload) {
      const asset = await service.finish(upload);
      return { headers: { [ASSET_ID_HEADER]: asset.id } };
    },
    onResponseError(req, err) {
      let app = err instanceof AppError ? err : tusErrorToApp(err);
      if (!app) {
        d.log.error({ err }, 'upload request failed');
        app = new AppError(500, 'internal_error', '服务器出了点问题，请稍后继续上传。');
      }
      const res = expressRequestOf(req).res;
      if (res) res.locals.tusJsonError = true;
      return { status_code: app.status, body: JSON.stringify({ error: { code: app.code, message: app.message } }) };
    },
  });

  const handle: RequestHandler = (req, res, next) => {
    jsonErrorContentType(res);
    tus.handle(req, res).catch(next);
  };

  const tusVersion: RequestHandler = (req, _res, next) => {
    if (req.method !== 'OPTIONS' && req.get('Tus-Resumable') !== TUS_RESUMABLE) {
      throw new AppError(412, 'tus_version_required', `上传请求需要 Tus-Resumable: ${TUS_RESUMABLE} 头（请使用 tus 上传客户端）。`);
    }
    next();
  };

  const validateCreation: RequestHandler = async (req, _res, next) => {
    if (req.get('Upload-Defer-Length') !== undefined || req.get('Upload-Length') === undefined) {
      throw new AppError(400, 'upload_length_required', '开始上传时需要告诉服务器文件大小（Upload-Length）。');
    }
    const lengthText = req.get('Upload-Length')!;
    if (!/^\d{1,16}$/.test(lengthText)) throw new AppError(400, 'invalid_upload_length', '文件大小（Upload-Length）必须是一个整数。');
    const length = Number(lengthText);
    if (length === 0) throw uploadErrors.empty();
    if (length > MAX_UPLOAD_BYTES) throw uploadErrors.tooLarge();
    if (req.get('Upload-Concat') !== undefined) {
      throw new AppError(501, 'upload_concat_unsupported', '不支持分片并行上传，请关闭上传客户端的并行上传。');
    }
    let raw: Record<string, string | null> = {};
    const header = req.get('Upload-Metadata');
    if (header !== undefined) {
      try {
        raw = Metadata.parse(header);
      } catch {
        throw new AppError(400, 'invalid_metadata', '上传信息（Upload-Metadata）的格式不正确。');
      }
    }
    parseUploadMetadata(raw);
    await fs.mkdir(d.uploadsDir, { recursive: true });
    const disk = await fs.statfs(d.uploadsDir);
    if (disk.bavail * disk.bsize < length + MIN_FREE_DISK_BYTES) {
      throw new AppError(507, 'insufficient_storage', '服务器存储空间不足，放不下这个视频。请联系管理员清理空间。');
    }
    next();
  };

  /** The upload must exist and be the actor's own; otherwise it is "not found" (no probing of others' ids). */
  const ownUpload: RequestHandler = async (req, res, next) => {
    const id = String(req.params.id);
    const actor = actorOf(req);
    const info = UPLOAD_ID.test(id) ? await datastore.configstore.get(id) : undefined;
    if (info && info.metadata?.[OWNER_KEY] === actor.userId) return next();
    // The last response of a finished upload may have been lost: a client that asks again (HEAD) learns
    // that every byte arrived, and which asset it became, instead of starting over.
    const asset = UPLOAD_ID.test(id) && req.method === 'HEAD' ? assets.get(id) : undefined;
    if (asset && asset.created_by === actor.userId && asset.source_size !== null) {
      res
        .status(200)
        .set({
          'Tus-Resumable': TUS_RESUMABLE,
          'Upload-Offset': String(asset.source_size),
          'Upload-Length': String(asset.source_size),
          [ASSET_ID_HEADER]: asset.id,
          'Cache-Control': 'no-store',
        })
        .end();
      return;
    }
    throw new AppError(404, 'not_found', '找不到这次上传，它可能已过期、已完成或已被取消。');
  };

  const validatePatch: RequestHandler = (req, _res, next) => {
    if (!/^\d{1,16}$/.test(req.get('Upload-Offset') ?? '')) {
      throw new AppError(400, 'invalid_upload_offset', '续传位置（Upload-Offset）必须是一个整数。');
    }
    if (req.get('Content-Type') !== 'application/offset+octet-stream') {
      throw new AppError(415, 'invalid_content_type', '上传数据的类型必须是 application/offset+octet-stream。');
    }
    next();
  };

  const uploads = Router();
  uploads.use(requireActor, requireRole(UPLOAD_ROLES, '上传视频'), tusVersion);
  uploads.options('/', handle);
  uploads.post('/', validateCreation, handle);
  uploads.head('/:id', ownUpload, handle);
  uploads.patch('/:id', ownUpload, validatePatch, handle);
  uploads.delete('/:id', ownUpload, handle);

  const listQuery = z.object({
    status: z.enum(['pending', 'processing', 'ready', 'failed']).optional(),
    limit: z.coerce.number().int().min(1).max(100).default(50),
    offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
  });
  const assetId = (raw: unknown): string => {
    const id = String(raw);
    if (!ASSET_ID.test(id)) throw new AppError(400, 'invalid_id', '视频编号的格式不对。');
    return id;
  };

  const assetsRouter = Router();
  assetsRouter.use(requireActor);
  assetsRouter.get('/', requireRole(READ_ROLES, '查看视频'), (req, res) => {
    const q = listQuery.safeParse(req.query);
    if (!q.success) throw new AppError(400, 'invalid_query', '查询条件不正确：status 只能是 pending、processing、ready 或 failed，limit 为 1–100。');
    res.json(service.list(actorOf(req), q.data));
  });
  assetsRouter.get('/:id', requireRole(READ_ROLES, '查看视频'), (req, res) => {
    const actor: Actor = actorOf(req);
    res.json(service.view(service.visibleAsset(actor, assetId(req.params.id))));
  });
  assetsRouter.delete('/:id', requireRole(DELETE_ROLES, '删除视频'), async (req, res) => {
    await service.delete(actorOf(req), assetId(req.params.id));
    res.status(204).end();
  });

  // The caption file's raw bytes (not express.text): the body must be checked as strict UTF-8, and a text
  // parser would silently turn a GBK file into replacement characters.
  const captionsBody = express.raw({ type: 'text/vtt', limit: MAX_CAPTIONS_BYTES });
  const requireVtt: RequestHandler = (req, _res, next) => {
    if (!req.is('text/vtt')) {
      throw new AppError(415, 'captions_type_required', '字幕要以 WebVTT 格式（Content-Type: text/vtt）上传，请选择 .vtt 文件。');
    }
    next();
  };
  const tooLarge: express.ErrorRequestHandler = (err, _req, _res, next) => {
    if ((err as { type?: string }).type === 'entity.too.large') {
      return next(new AppError(413, 'captions_too_large', `字幕文件太大了：最多 ${MAX_CAPTIONS_BYTES / 1024 ** 2} MB。`));
    }
    next(err);
  };
  const setCaptions: RequestHandler = async (req, res) => {
    const id = assetId(req.params.id);
    const body: unknown = req.body;
    if (!Buffer.isBuffer(body) || body.length === 0) throw new AppError(422, 'captions_empty', '字幕文件是空的。');
    res.json(await service.setCaptions(actorOf(req), id, body));
  };
  assetsRouter.put('/:id/captions', requireRole(DELETE_ROLES, '修改视频字幕'), requireVtt, captionsBody, tooLarge, setCaptions);
  assetsRouter.delete('/:id/captions', requireRole(DELETE_ROLES, '删除视频字幕'), async (req, res) => {
    await service.removeCaptions(actorOf(req), assetId(req.params.id));
    res.status(204).end();
  });

  return { uploads, assets: assetsRouter, service };
}
