// Serves a web app built by Vite (its dist folder): the TV app at /tv/, the web admin at /admin/. One
// function for both, so caching and the "not built yet" answer stay the same everywhere.
import fs from 'node:fs';
import path from 'node:path';
import express, { Router } from 'express';
import { AppError, type ErrorCode } from '../domain/errors.ts';

export interface BuiltApp {
  /** The Vite output folder (holds index.html and assets/). */
  distDir: string;
  /** The stable error code and the Chinese message answered while the app has not been built. */
  notBuilt: { code: ErrorCode; message: string };
}

export function builtAppRouter({ distDir, notBuilt }: BuiltApp): Router {
  const r = Router();
  r.use((_req, _res, next) => {
    if (fs.existsSync(path.join(distDir, 'index.html'))) return next();
    next(new AppError(503, notBuilt.code, notBuilt.message));
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
