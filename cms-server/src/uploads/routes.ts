// /api/admin/uploads — resumable video uploads, tus 1.0 (@tus/server, files streamed to DATA_DIR/uploads/); the
// protocol and codes are in the README, "The admin API". What an upload becomes is media/ (assets API).
// Each route reads as a pipeline: actor (set upstream by the admin session) → role → validate → handler.
// Mounted by admin/router.ts behind the session, CSRF and password-change checks.
import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import express, { Router, type RequestHandler } from 'express';
import { ERRORS, Metadata, Server as TusServer, TUS_RESUMABLE } from '@tus/server';
import { MAX_UPLOAD_BYTES } from '../constants.ts';
import type { Db } from '../db/database.ts';
import { kyselyOf } from '../db/kysely.ts';
import { AppError } from '../domain/errors.ts';
import { UUID_PATTERN } from '../domain/ids.ts';
import { issueMessage, parse } from '../http/validate.ts';
import type { Logger } from '../logger.ts';
import { AssetRepository } from '../media/asset-repository.ts';
import { actorOf, requireRole } from '../auth/policy.ts';
import { UPLOAD_ROLES } from '../media/asset-policy.ts';
import { hasRoomFor, isDiskFullError } from '../storage/disk-space.ts';
import { OWNER_KEY, refuseDeclaredNonVideo, UploadService, uploadMetadataSchema, type UploadMetadata } from './upload-service.ts';
import { diskFull, UploadStore } from './upload-store.ts';
import { SharedUploadLocker } from './upload-lock.ts';
import { uploadErrors } from './validate-video.ts';

/** Sent with the response that completes an upload: the id of the new asset (the same as the upload's). */
export const ASSET_ID_HEADER = 'Keting-Asset-Id';

export interface UploadRouterDeps {
  db: Db;
  log: Logger;
  uploadsDir: string;
  sourcesDir: string;
  mediaDir: string;
  /** Bytes kept free on the uploads' disk beyond an upload's own size (config.ts DISK_RESERVE_MB). */
  diskReserveBytes: number;
  /** Where the tus router is mounted; the Location of a new upload is `${uploadsPath}/<id>`. */
  uploadsPath?: string;
}

const UPLOAD_ID = UUID_PATTERN;

/** The tus Upload-Metadata a client sent, checked: its first problem a 400 `invalid_metadata` in its own words. */
const uploadMetadataOf = (raw: Record<string, string | null> | undefined): UploadMetadata =>
  refuseDeclaredNonVideo(parse(uploadMetadataSchema, raw ?? {}, issueMessage('invalid_metadata')));

/** The Express request behind the web Request that @tus/server hands to its hooks. */
function expressRequestOf(req: unknown): express.Request {
  const node = (req as { runtime?: { node?: { req?: unknown } } }).runtime?.node?.req;
  if (!node) throw new Error('tus hook called without the Node.js request');
  return node as express.Request;
}

const uploadNotFound = () => new AppError(404, 'not_found', '找不到这次上传，它可能已过期、已完成或已被取消。');

/**
 * The upload id of a tus request: the Express route's `:id` when it is a well-formed upload id and the request's
 * path ends with exactly that segment; otherwise undefined (the request then names no upload).
 */
function routeUploadId(req: { url: string }): string | undefined {
  const id = expressRequestOf(req).params?.id;
  if (typeof id !== 'string' || !UPLOAD_ID.test(id)) return undefined;
  return new URL(req.url, 'http://x').pathname.endsWith(`/${id}`) ? id : undefined;
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

export function uploadRouter(d: UploadRouterDeps): { uploads: Router; service: UploadService } {
  const service = new UploadService(d);
  const assets = new AssetRepository(d.db);
  // req.actor is set by the admin session middleware mounted upstream (admin/router.ts); deny without one.
  const requireActor: RequestHandler = (req, _res, next) => {
    actorOf(req);
    next();
  };
  // No expiry here: with one, @tus/server re-reads a just-created upload after onUploadFinish has moved it
  // away (and answers 404). Partial uploads older than UPLOAD_EXPIRY_H are removed by jobs/housekeeping.ts.
  // A write that meets a full disk keeps what it wrote and answers 507 (upload-store.ts).
  const datastore = new UploadStore(d.uploadsDir, (id, offset, err) =>
    d.log.warn({ upload: id, offset, err: String(err) }, 'upload stopped: the disk is full; the partial upload is kept'),
  );

  // Writes (PATCH, DELETE, the creation) lock the upload across every CMS process on this database; a HEAD only
  // reads its size and is locked within this process only (upload-lock.ts).
  const locker = new SharedUploadLocker(kyselyOf(d.db));

  const tus = new TusServer({
    path: d.uploadsPath ?? '/api/admin/uploads',
    datastore,
    // Locked across every CMS process on this database, not just this one: an upload may be resumed through any.
    locker: (req) => (req.method === 'HEAD' ? locker.local : locker),
    relativeLocation: true,
    maxSize: MAX_UPLOAD_BYTES,
    // Same-origin admin pages only: no cross-origin reads of upload responses.
    allowedOrigins: [],
    exposedHeaders: [ASSET_ID_HEADER],
    // The upload id becomes the asset id (and the media folder name): lowercase, unique, unguessable.
    namingFunction: () => crypto.randomUUID(),
    // The id @tus/server acts on. Left to itself it takes whatever ends the whole URL, query string included
    // (`/uploads/<own id>?x=/<another id>` would name the other upload). Here it is the route's own `:id`,
    // which `ownUpload` checked, and only when the URL's path really ends with it.
    getFileIdFromRequest(req) {
      return routeUploadId(req);
    },
    // Checked again on the id the library resolved, so no future change of URL parsing can slip past the owner check.
    async onIncomingRequest(req, id) {
      if (req.method === 'POST' || req.method === 'OPTIONS') return;
      const ex = expressRequestOf(req);
      const info = id === routeUploadId(req) ? await datastore.configstore.get(id) : undefined;
      if (!info || info.metadata?.[OWNER_KEY] !== actorOf(ex).userId) throw uploadNotFound();
    },
    async onUploadCreate(req, upload) {
      const actor = actorOf(expressRequestOf(req));
      return { metadata: service.stampOwner(uploadMetadataOf(upload.metadata), actor) };
    },
    async onUploadFinish(_req, upload) {
      const asset = await service.finish(upload);
      return { headers: { [ASSET_ID_HEADER]: asset.id } };
    },
    onResponseError(req, err) {
      // A full disk met while writing a PATCH's bytes: @tus/server's stream pipeline may hand on the write
      // stream's own ENOSPC before the store's answer (upload-store.ts), so it is recognised here as well.
      let app = err instanceof AppError ? err : isDiskFullError(err) ? diskFull(true) : tusErrorToApp(err);
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
    uploadMetadataOf(raw);
    await fs.mkdir(d.uploadsDir, { recursive: true });
    const room = await hasRoomFor(d.uploadsDir, length, d.diskReserveBytes);
    if (!room.fits) {
      d.log.warn({ bytes: length, free: room.free, needed: room.needed }, 'upload refused: not enough free disk space');
      throw diskFull(false);
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
    throw uploadNotFound();
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

  // The rest of the file must still fit with the reserve left over: a disk that filled up since the upload
  // began is told before any byte is written (the reserve stays for the database and the packaging).
  const roomForPatch: RequestHandler = async (req, _res, next) => {
    const info = await datastore.configstore.get(String(req.params.id));
    const offset = Number(req.get('Upload-Offset'));
    const rest = info?.size !== undefined && offset <= info.size ? info.size - offset : 0;
    if (rest > 0) {
      const room = await hasRoomFor(d.uploadsDir, rest, d.diskReserveBytes);
      if (!room.fits) {
        d.log.warn({ upload: req.params.id, offset, rest, free: room.free }, 'upload paused: not enough free disk space');
        throw diskFull(true);
      }
    }
    next();
  };

  // A tus client never sends a query string; one on an upload URL is a trick to make the library read another id.
  const noQuery: RequestHandler = (req, _res, next) => {
    if (req.originalUrl.includes('?')) {
      throw new AppError(400, 'invalid_upload_url', '上传地址不能带查询参数（“?”之后的部分），请使用服务器给出的上传地址。');
    }
    next();
  };

  const uploads = Router();
  uploads.use(requireActor, requireRole(UPLOAD_ROLES, '上传视频'), noQuery, tusVersion);
  uploads.options('/', handle);
  uploads.post('/', validateCreation, handle);
  uploads.head('/:id', ownUpload, handle);
  uploads.patch('/:id', ownUpload, validatePatch, roomForPatch, handle);
  uploads.delete('/:id', ownUpload, handle);

  return { uploads, service };
}
