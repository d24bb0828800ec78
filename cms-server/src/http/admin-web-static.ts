// Serves the built web admin (cms-server/admin-web/dist, made by `npm run build:admin`) at /admin/.
// The pages route with the URL hash (#/items, #/upload, …), so only index.html and its assets are served.
import type { Router } from 'express';
import { builtAppRouter } from './built-app-static.ts';

export function adminWebRouter(distDir: string): Router {
  return builtAppRouter({
    distDir,
    notBuilt: { code: 'admin_web_not_built', message: '管理后台还没有构建，请运行 npm run build:admin 或 npm start。' },
  });
}
