import path from 'node:path';
import { defineConfig } from 'vite';

const root = path.dirname(new URL(import.meta.url).pathname);

export default defineConfig({
  root,
  base: '/tv/',
  build: {
    outDir: path.join(root, 'dist'),
    emptyOutDir: true,
    // Set-top box browsers are old: keep the syntax conservative.
    target: 'es2019',
    chunkSizeWarningLimit: 1500,
    rolldownOptions: {
      // Lightning looks states up by class name; minified names break key handling silently.
      output: { keepNames: true },
    },
  },
});
