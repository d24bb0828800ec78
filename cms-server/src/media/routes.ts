// Serves packaged HLS under /media/<asset>/…: plain files, so nginx or a CDN can take this over.
import path from 'node:path';
import express, { Router } from 'express';
import { PLAYLIST_MAX_AGE_S, SEGMENT_MAX_AGE_S } from '../constants.ts';
import { AppError } from '../domain/errors.ts';
import { ID_FORM } from '../domain/ids.ts';

// <asset id>/<file>, <asset id>/v<N>/<file>, <asset id>/src/<file> (the early rendition, media/packager.ts) or
// <asset id>/subs/<file> (captions, media/captions.ts); nothing else (no dot-folders, no "..", no backslashes).
const SAFE_PATH = new RegExp(`^/${ID_FORM}/(?:v\\d{1,2}/|src/|subs/)?[a-z0-9_]{1,40}\\.(?:m3u8|ts|m4s|mp4|jpg|vtt)$`);

const TYPES: Record<string, string> = {
  '.m3u8': 'application/vnd.apple.mpegurl',
  '.ts': 'video/mp2t',
  '.m4s': 'video/iso.segment',
  '.mp4': 'video/mp4',
  '.jpg': 'image/jpeg',
  '.vtt': 'text/vtt; charset=utf-8',
};

/** The URL this router serves a file of an asset at (`master.m3u8`, `poster.jpg`, …). */
export const mediaUrl = (assetId: string, file: string): string => `/media/${encodeURIComponent(assetId)}/${file}`;

export function mediaRouter(mediaDir: string): Router {
  const r = Router();
  r.use((req, _res, next) => {
    let decoded: string;
    try {
      decoded = decodeURIComponent(req.path);
    } catch {
      return next(new AppError(400, 'bad_path', '媒体地址不正确。'));
    }
    if (!SAFE_PATH.test(decoded) || decoded !== req.path) {
      return next(new AppError(400, 'bad_path', '媒体地址不正确。'));
    }
    next();
  });
  r.use(
    express.static(mediaDir, {
      dotfiles: 'deny',
      index: false,
      redirect: false,
      fallthrough: true,
      setHeaders(res, file) {
        const ext = path.extname(file);
        res.setHeader('Content-Type', TYPES[ext] ?? 'application/octet-stream');
        res.setHeader(
          'Cache-Control',
          ext === '.m3u8' ? `public, max-age=${PLAYLIST_MAX_AGE_S}` : `public, max-age=${SEGMENT_MAX_AGE_S}, immutable`,
        );
      },
    }),
  );
  r.use((_req, _res, next) => next(new AppError(404, 'media_not_found', '找不到这个视频文件。')));
  return r;
}
