// /api/admin/assets — the uploaded videos: list with packaging state and progress, one video, delete, and its
// Chinese captions. Each route reads as a pipeline: actor (set upstream by the admin session) → role → validate
// → service. Mounted by admin/router.ts behind the session, CSRF and password-change checks.
import express, { Router, type RequestHandler } from 'express';
import { z } from 'zod';
import { actorOf, requireRole } from '../auth/policy.ts';
import { MAX_CAPTIONS_BYTES } from '../constants.ts';
import { AppError } from '../domain/errors.ts';
import { ASSET_STATUSES } from '../domain/vocabulary.ts';
import { idSchema } from '../domain/ids.ts';
import type { Actor } from '../domain/scope.ts';
import { badId, parse, parseQuery } from '../http/validate.ts';
import { ASSET_DELETE_ROLES as DELETE_ROLES, ASSET_READ_ROLES as READ_ROLES } from './asset-policy.ts';
import type { AssetService } from './asset-service.ts';

export function assetsRouter(assets: AssetService): Router {
  const listQuery = z.object({
    status: z.enum(ASSET_STATUSES).optional(),
    limit: z.coerce.number().int().min(1).max(100).default(50),
    offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
  });
  const assetId = (raw: unknown): string => parse(idSchema, raw, badId('视频'));

  const assetsRouter = Router();
  assetsRouter.get('/', requireRole(READ_ROLES, '查看视频'), (req, res) => {
    const q = parseQuery(listQuery, req.query, {
      code: 'invalid_query',
      message: '查询条件不正确：status 只能是 pending、processing、ready 或 failed，limit 为 1–100。',
    });
    res.json(assets.list(actorOf(req), q));
  });
  assetsRouter.get('/:id', requireRole(READ_ROLES, '查看视频'), (req, res) => {
    const actor: Actor = actorOf(req);
    res.json(assets.view(assets.visibleAsset(actor, assetId(req.params.id))));
  });
  assetsRouter.delete('/:id', requireRole(DELETE_ROLES, '删除视频'), async (req, res) => {
    await assets.delete(actorOf(req), assetId(req.params.id));
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
    res.json(await assets.setCaptions(actorOf(req), id, body));
  };
  assetsRouter.put('/:id/captions', requireRole(DELETE_ROLES, '修改视频字幕'), requireVtt, captionsBody, tooLarge, setCaptions);
  assetsRouter.delete('/:id/captions', requireRole(DELETE_ROLES, '删除视频字幕'), async (req, res) => {
    await assets.removeCaptions(actorOf(req), assetId(req.params.id));
    res.status(204).end();
  });

  return assetsRouter;
}
