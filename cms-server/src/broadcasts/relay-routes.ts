// GET /relay/<relay>/seg_<n>.ts: the relayed segments from the CMS's own cache (relay-engine.ts), public like /media/.
// A segment never changes once written, so boxes and caches keep it; the playlists that list them are live-routes.ts'.
import path from 'node:path';
import express, { Router } from 'express';
import { SEGMENT_MAX_AGE_S } from '../constants.ts';
import { AppError } from '../domain/errors.ts';
import { UUID_PATTERN } from '../domain/ids.ts';

const SEGMENT = /^\/([0-9a-f-]{36})\/seg_\d{1,7}\.ts$/;

export function relayRouter(cacheDir: string): Router {
  const r = Router();
  r.use((req, _res, next) => {
    const m = SEGMENT.exec(req.path);
    if (!m || !UUID_PATTERN.test(m[1]!)) return next(new AppError(404, 'media_not_found', '找不到这个视频文件。'));
    next();
  });
  r.use(
    express.static(path.resolve(cacheDir), {
      dotfiles: 'deny',
      index: false,
      redirect: false,
      setHeaders(res) {
        res.setHeader('Content-Type', 'video/mp2t');
        res.setHeader('Cache-Control', `public, max-age=${SEGMENT_MAX_AGE_S}, immutable`);
      },
    }),
  );
  r.use((_req, _res, next) => next(new AppError(404, 'media_not_found', '找不到这个视频文件。')));
  return r;
}
