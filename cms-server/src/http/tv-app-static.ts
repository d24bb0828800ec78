// Serves the built TV app (tv-app/dist, made by `npm run build:tv`) at /tv/.
import type { Router } from 'express';
import { builtAppRouter } from './built-app-static.ts';

export function tvAppRouter(distDir: string): Router {
  return builtAppRouter({
    distDir,
    notBuilt: { code: 'tv_app_not_built', message: '电视端还没有构建，请运行 npm run build:tv 或 npm start。' },
  });
}
