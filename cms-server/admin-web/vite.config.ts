// The web admin for street staff, served by the CMS at /admin/ (cms-server/src/http/admin-web-static.ts).
import path from 'node:path';
import { defineConfig } from 'vite';

const root = path.dirname(new URL(import.meta.url).pathname);
/** For `npx vite --config cms-server/admin-web/vite.config.ts`: the running CMS that answers the API. */
const cms = process.env.KETING_URL ?? 'http://127.0.0.1:8080';

export default defineConfig({
  root,
  base: '/admin/',
  // Development with live reload: the pages from Vite, the API and media from the CMS (same origin for the
  // browser, so the SameSite=Strict cookie and the Origin check behave as in production).
  server: { proxy: { '/api': cms, '/media': cms } },
  build: {
    outDir: path.join(root, 'dist'),
    emptyOutDir: true,
    // Office PCs run a current Chrome/Edge or a 360/QQ browser on a Chromium of the last few years.
    target: 'es2020',
    // hls.js alone is ~500 kB; the admin is loaded once per working day on a LAN.
    chunkSizeWarningLimit: 1200,
  },
});
