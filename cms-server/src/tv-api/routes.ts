// The TV API, version 1: small cacheable JSON so that a district's boxes can sit behind a cache.
import express, { Router, type Response } from 'express';
import { z } from 'zod';
import {
  CATALOG_MAX_AGE_S,
  CATALOG_STALE_S,
  PROGRESS_JSON_LIMIT_BYTES,
  PROGRESS_MAX_DURATION_S,
  PROGRESS_POSITION_SLACK_S,
} from '../constants.ts';
import { AppError, notFound } from '../http/errors.ts';
import { CatalogService, fingerprint } from './catalog-service.ts';
import type { ProgressResponse } from './contract.ts';
import type { ProgressService } from './progress-service.ts';

const itemId = z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/);
const streetId = z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/);
const deviceId = z.string().uuid();

const progressReport = z
  .object({
    deviceId,
    itemId,
    positionSec: z.number().finite().min(0).max(PROGRESS_MAX_DURATION_S + PROGRESS_POSITION_SLACK_S),
    durationSec: z.number().finite().positive().max(PROGRESS_MAX_DURATION_S),
  })
  .strict()
  .refine((r) => r.positionSec <= r.durationSec + PROGRESS_POSITION_SLACK_S, { path: ['positionSec'] });

/** Only the progress report takes a body, and a small one: the rest of the TV API is GET. */
const progressJson = express.json({ limit: PROGRESS_JSON_LIMIT_BYTES });

/**
 * `?street=<id>`: a TV of that street sees the district's content plus its street's; without it, the district's
 * only. An unknown street is an error rather than an empty street, so a mistyped box setting shows at once.
 */
function streetOf(catalog: CatalogService, query: unknown): string | null {
  const raw = (query as Record<string, unknown>).street;
  if (raw === undefined) return null;
  const id = streetId.safeParse(raw);
  if (!id.success) throw new AppError(400, 'invalid_street', '街道编号的格式不对。');
  if (!catalog.streetExists(id.data)) throw new AppError(404, 'unknown_street', '找不到这个街道，请检查机顶盒设置的街道编号。');
  return id.data;
}

/** Sends JSON with a strong ETag and caching headers; Express answers 304 when If-None-Match matches. */
function sendCacheable(res: Response, body: unknown, etag: string): void {
  res.set('Cache-Control', `public, max-age=${CATALOG_MAX_AGE_S}, stale-while-revalidate=${CATALOG_STALE_S}`);
  res.set('ETag', `"${etag}"`);
  res.json(body);
}

export function tvApiRouter(catalog: CatalogService, progress: ProgressService): Router {
  const r = Router();

  r.get('/catalog', (req, res) => {
    const body = catalog.catalog(streetOf(catalog, req.query));
    sendCacheable(res, body, body.version);
  });

  r.get('/items/:id', (req, res) => {
    const id = itemId.safeParse(req.params.id);
    if (!id.success) throw new AppError(400, 'invalid_id', '内容编号的格式不对。');
    const item = catalog.item(id.data, streetOf(catalog, req.query));
    if (!item) throw notFound('内容');
    sendCacheable(res, item, fingerprint(item));
  });

  // A box's report of where it is in a video (every ~15 s while playing, on pause, on leaving the player).
  // `?street=` as for the catalog: a street's box may report that street's items.
  r.post('/progress', progressJson, (req, res) => {
    res.set('Cache-Control', 'no-store');
    const body = progressReport.safeParse(req.body);
    if (!body.success) throw new AppError(400, 'invalid_body', '播放进度的内容不完整或格式不对。');
    if (!catalog.item(body.data.itemId, streetOf(catalog, req.query))) throw notFound('内容');
    progress.record(body.data);
    res.status(204).end();
  });

  // The box's positions, for resuming on another box later; the device id is the box's own random UUID.
  r.get('/progress', (req, res) => {
    res.set('Cache-Control', 'no-store');
    const id = deviceId.safeParse(req.query.deviceId);
    if (!id.success) throw new AppError(400, 'invalid_device_id', '机顶盒编号的格式不对。');
    const answer: ProgressResponse = { positions: progress.positions(id.data) };
    res.json(answer);
  });

  return r;
}
