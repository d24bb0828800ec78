// The TV API, version 1: small cacheable JSON so that a district's boxes can sit behind a cache.
import { Router, type Response } from 'express';
import { z } from 'zod';
import { CATALOG_MAX_AGE_S, CATALOG_STALE_S } from '../constants.ts';
import { AppError, notFound } from '../http/errors.ts';
import { CatalogService, fingerprint } from './catalog-service.ts';

const itemId = z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/);

/** Sends JSON with a strong ETag and caching headers; Express answers 304 when If-None-Match matches. */
function sendCacheable(res: Response, body: unknown, etag: string): void {
  res.set('Cache-Control', `public, max-age=${CATALOG_MAX_AGE_S}, stale-while-revalidate=${CATALOG_STALE_S}`);
  res.set('ETag', `"${etag}"`);
  res.json(body);
}

export function tvApiRouter(catalog: CatalogService): Router {
  const r = Router();

  r.get('/catalog', (_req, res) => {
    const body = catalog.catalog();
    sendCacheable(res, body, body.version);
  });

  r.get('/items/:id', (req, res) => {
    const id = itemId.safeParse(req.params.id);
    if (!id.success) throw new AppError(400, 'invalid_id', '内容编号的格式不对。');
    const item = catalog.item(id.data);
    if (!item) throw notFound('内容');
    sendCacheable(res, item, fingerprint(item));
  });

  return r;
}
