// Serves the built TV app (tv-app/dist, made by `npm run build:tv`) at /tv/.
import fs from 'node:fs';
import path from 'node:path';
import express, { Router } from 'express';
import { AppError } from './errors.ts';

export function tvAppRouter(distDir: string): Router {
  const r = Router();
  r.use((req, res, next) => {
    if (fs.existsSync(path.join(distDir, 'index.html'))) return next();
    next(new AppError(503, 'tv_app_not_built', '电视端还没有构建，请运行 npm run build:tv 或 npm start。'));
  });
  r.use(
    express.static(distDir, {
      index: 'index.html',
      dotfiles: 'ignore',
      setHeaders(res, file) {
        // Vite puts a content hash in asset names, so they never change; index.html must be re-checked.
        res.setHeader(
          'Cache-Control',
          file.endsWith('.html') ? 'no-cache' : 'public, max-age=31536000, immutable',
        );
      },
    }),
  );
  return r;
}
