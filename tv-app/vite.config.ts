import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import legacy from '@vitejs/plugin-legacy';
import { build, defineConfig, type Plugin } from 'vite';

const root = path.dirname(new URL(import.meta.url).pathname);

const BASE = '/tv/';

/**
 * The modern build: ES modules in ES2019 syntax (dynamic import kept: every engine with the ES2019 built-ins
 * has it). WPE WebKit 2.38 (RDK boxes, ≈ Safari 16.0) runs it, and Chromium from 73 (MODERN_CHECK).
 * tests/tv-app/build-syntax.test.ts holds the output to it with es-check.
 */
export const MODERN_TARGET = ['es2019', 'chrome64', 'safari12', 'firefox67', 'edge79'];

/**
 * The legacy build, for old WebViews: Chrome 53–72 (Android IPTV boxes). Chrome 53's syntax is
 * ES2016 (classes, arrows, let/const, `**` — es-check holds the legacy chunks to it); async functions,
 * object spread and the newer built-ins are lowered or polyfilled by @vitejs/plugin-legacy.
 */
export const LEGACY_TARGETS = ['chrome >= 53'];

/**
 * Lightning finds a component's states by their class names (StateMachine._getStateName strips a
 * bundler's `$1` suffix), and ui-components falls back to class names for themes: a minifier must not
 * rename classes. Rolldown's `output.keepNames` keeps them by emitting class static blocks
 * (`static{__name(this,"Utils")}`, ES2022) whatever the build target — a SyntaxError in every engine
 * before Chrome 94 / Safari 16.4, and the whole app chunk with it (a black screen in WPE 2.38). The
 * minifier's own keepNames leaves the names as written instead, adding nothing.
 */
function keepClassAndFunctionNames(): Plugin {
  const keep = { function: true, class: true };
  return {
    name: 'keting-keep-class-names',
    enforce: 'post',
    outputOptions(output) {
      const minify = output.minify;
      if (minify === false || minify === 'dce-only' || minify === undefined) return null;
      const base = typeof minify === 'object' ? minify : {};
      const compress = typeof base.compress === 'object' ? base.compress : {};
      const mangle = typeof base.mangle === 'object' ? base.mangle : {};
      return {
        ...output,
        keepNames: false,
        minify: {
          ...base,
          compress: base.compress === false ? false : { ...compress, keepNames: keep },
          mangle: base.mangle === false ? false : { ...mangle, keepNames: keep },
        },
      };
    },
  };
}

/**
 * main.ts imports the app chunk (src/launch.ts) only after sending the catalog request, so the browser
 * would start downloading it only once main.ts has run. A modulepreload link in index.html starts the
 * download with the HTML instead (−0.3 to −0.4 s of idle waiting at 4× CPU, bench/tv-startup.ts).
 */
function preloadAppChunk(): Plugin {
  return {
    name: 'keting-preload-app-chunk',
    transformIndexHtml: {
      order: 'post',
      handler(_html, ctx) {
        const chunk = Object.values(ctx.bundle ?? {}).find(
          (c) => c.type === 'chunk' && c.facadeModuleId?.endsWith('/src/launch.ts'),
        );
        if (!chunk) return [];
        return [{ tag: 'link', attrs: { rel: 'modulepreload', crossorigin: true, href: BASE + chunk.fileName }, injectTo: 'head' }];
      },
    },
  };
}

const hashed = (name: string, text: string) =>
  `assets/${name}-${crypto.createHash('sha256').update(text).digest('base64url').slice(0, 8)}.js`;

/**
 * What the modern build needs beyond its syntax: the ES2019 built-ins it calls (es-check finds
 * Array.prototype.flatMap and Object.fromEntries in it: Chrome 73, Safari 12.1; WPE 2.38 has them).
 * An engine that runs module scripts but lacks them — Chrome 61–72 WebViews — gets the legacy build.
 */
const MODERN_CHECK = "typeof Object.fromEntries === 'function' && typeof [].flatMap === 'function'";

/**
 * After the modern build, the legacy one (plugin-legacy, legacy chunks only) into the same folder, and the
 * choice between them in index.html, made by the browser:
 *   - no ES modules (Chrome 53–60): the `nomodule` scripts — the legacy polyfills (with SystemJS) and a
 *     loader that imports the legacy entry;
 *   - ES modules: a small module script, start-[hash].js, runs the modern entry when MODERN_CHECK holds, the
 *     legacy scripts otherwise (the modern entry and app chunk are preloaded meanwhile).
 * Every script is a file: the TV pages' content policy (script-src 'self') allows no inline script, which
 * is why plugin-legacy's own loader and modern-browser check (inline, and needing import.meta.resolve,
 * which would send WPE 2.38 to the slower legacy build) are not used. `legacy.html` loads the legacy build
 * only (tests; a box whose browser defeats the choice).
 */
function legacyBuild(): Plugin {
  let outDir = '';
  return {
    name: 'keting-legacy-build',
    apply: 'build',
    configResolved(config) {
      outDir = config.build.outDir;
    },
    async closeBundle(error) {
      if (error) return;
      const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'keting-tv-legacy-'));
      try {
        await build({
          configFile: false,
          root,
          base: BASE,
          logLevel: 'warn',
          plugins: [legacy({ targets: LEGACY_TARGETS, renderModernChunks: false }), keepClassAndFunctionNames()],
          build: {
            outDir: tmp,
            emptyOutDir: true,
            chunkSizeWarningLimit: 1500,
            // Babel (plugin-legacy) is most of this build's time, as expected: no timing warning for it.
            rolldownOptions: { checks: { bundlerTimings: false } },
          },
        });
        const legacyHtml = fs.readFileSync(path.join(tmp, 'index.html'), 'utf8');
        const polyfills = /id="vite-legacy-polyfill" src="([^"]+)"/.exec(legacyHtml)?.[1];
        const entry = /id="vite-legacy-entry" data-src="([^"]+)"/.exec(legacyHtml)?.[1];
        if (!polyfills || !entry) throw new Error('keting-legacy-build: no legacy polyfills or entry in the legacy index.html');
        fs.mkdirSync(path.join(outDir, 'assets'), { recursive: true });
        for (const f of fs.readdirSync(path.join(tmp, 'assets'))) fs.copyFileSync(path.join(tmp, 'assets', f), path.join(outDir, 'assets', f));
        // SystemJS (in the polyfills chunk) loads the legacy entry, which loads the rest as it needs them.
        const legacyCode = `System.import(${JSON.stringify(entry)});\n`;
        const startLegacy = BASE + hashed('start-legacy', legacyCode);
        fs.writeFileSync(path.join(outDir, startLegacy.slice(BASE.length)), legacyCode);

        const indexPath = path.join(outDir, 'index.html');
        const modern = fs.readFileSync(indexPath, 'utf8');
        const moduleTag = /\s*<script type="module" crossorigin src="([^"]+)"><\/script>/.exec(modern);
        if (!moduleTag) throw new Error('keting-legacy-build: no module entry in index.html');
        const modernEntry = moduleTag[1]!;
        const chooser = [
          '// Written by tv-app/vite.config.ts (legacyBuild): the modern build where it runs, the legacy one elsewhere.',
          '(function () {',
          '  function add(src, type, then) {',
          "    var s = document.createElement('script');",
          '    if (type) s.type = type;',
          '    if (then) s.onload = then;',
          '    s.src = src;',
          '    document.head.appendChild(s);',
          '  }',
          `  if (${MODERN_CHECK}) add(${JSON.stringify(modernEntry)}, 'module');`,
          `  else add(${JSON.stringify(polyfills)}, '', function () { add(${JSON.stringify(startLegacy)}, ''); });`,
          '})();',
          '',
        ].join('\n');
        const start = BASE + hashed('start', chooser);
        fs.writeFileSync(path.join(outDir, start.slice(BASE.length)), chooser);

        const legacyScripts = (attr: string) =>
          `    <script ${attr}src="${polyfills}"></script>\n    <script ${attr}src="${startLegacy}"></script>\n  </body>`;
        const index = modern
          .replace(moduleTag[0], `\n    <script type="module" src="${start}"></script>\n    <link rel="modulepreload" crossorigin href="${modernEntry}">`)
          .replace('  </body>', legacyScripts('nomodule '));
        fs.writeFileSync(indexPath, index);
        const legacyOnly = modern
          .replace(moduleTag[0], '')
          .replace(/\s*<link rel="modulepreload"[^>]*>/g, '')
          .replace('  </body>', legacyScripts(''));
        fs.writeFileSync(path.join(outDir, 'legacy.html'), legacyOnly);
      } finally {
        fs.rmSync(tmp, { recursive: true, force: true });
      }
    },
  };
}

export default defineConfig({
  root,
  base: BASE,
  plugins: [keepClassAndFunctionNames(), preloadAppChunk(), legacyBuild()],
  build: {
    outDir: path.join(root, 'dist'),
    emptyOutDir: true,
    target: MODERN_TARGET,
    chunkSizeWarningLimit: 1500,
  },
});
