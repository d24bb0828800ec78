// The web admin for street staff, served by the CMS at /admin/ (cms-server/src/http/admin-web-static.ts).
import path from 'node:path';
import { defineConfig } from 'vite';

const root = path.dirname(new URL(import.meta.url).pathname);

export default defineConfig({
  root,
  base: '/admin/',
  build: {
    outDir: path.join(root, 'dist'),
    emptyOutDir: true,
    // Office PCs run a current Chrome/Edge or a 360/QQ browser on a Chromium of the last few years.
    target: 'es2020',
    // hls.js alone is ~500 kB; the admin is loaded once per working day on a LAN.
    chunkSizeWarningLimit: 1200,
  },
});
