// The built TV app is the syntax it says it is: checked by es-check, a parser made for it, on
// the dist that `npm test` serves — so no dependency or bundler option can slip newer syntax in again
// (rolldown's keepNames once emitted ES2022 class static blocks into an "es2019" build: a black screen in
// WPE WebKit 2.38 and every engine before Chrome 94 / Safari 16.4).
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/server.ts';

const run = promisify(execFile);
const DIST = path.join(ROOT, 'tv-app/dist');
const ASSETS = path.join(DIST, 'assets');
const ES_CHECK = path.join(ROOT, 'node_modules/.bin/es-check');

const jsFiles = () => fs.readdirSync(ASSETS).filter((f) => f.endsWith('.js'));
const legacyFiles = () => jsFiles().filter((f) => f.includes('-legacy'));
const modernFiles = () => jsFiles().filter((f) => !f.includes('-legacy'));

/** Runs es-check; resolves to its verdict and what it printed (es-check exits 1 on any file out of bounds). */
async function esCheck(args: string[]): Promise<{ ok: boolean; output: string }> {
  try {
    const r = await run(ES_CHECK, [...args, '--noColor', '--noCache'], { cwd: ROOT, maxBuffer: 16 * 1024 * 1024 });
    return { ok: true, output: r.stdout + r.stderr };
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string; code?: number };
    if (typeof err.code !== 'number') throw e;
    // The stack traces say nothing a reader needs; the "erroring file" and "error" lines do.
    const output = `${err.stdout ?? ''}${err.stderr ?? ''}`.split('\n').filter((l) => !/^\s+at /.test(l)).join('\n');
    return { ok: false, output };
  }
}

/**
 * Modern chunks: ES2019 modules, with dynamic import (tv-app/vite.config.ts MODERN_TARGET). Parsed by the
 * newest grammar, then every feature found is held to ES2019 — all but dynamic import, which every engine
 * that runs module scripts from Chrome 64 / Safari 12 on has.
 */
const MODERN_ARGS = ['es2019', '--module', '--checkFeatures', '--ignore', 'DynamicImport'];
/** Legacy chunks: classic scripts in the syntax of Chrome 53 (ES2016: ES2015 and `**`; LEGACY_TARGETS). */
const LEGACY_ARGS = ['es2016'];

describe('the TV build’s syntax (es-check)', () => {
  it('when the modern chunks are parsed as ES2019 modules with feature detection, then every one passes', async () => {
    const files = modernFiles().map((f) => path.join(ASSETS, f));
    expect(files.length).toBeGreaterThanOrEqual(3); // the entry, the app chunk, hls.js
    const r = await esCheck([...MODERN_ARGS, ...files]);
    expect(r.ok, r.output).toBe(true);
  });

  it('when the legacy chunks (with their polyfills and loader) are parsed as ES2016 scripts, then every one passes', async () => {
    const files = legacyFiles().map((f) => path.join(ASSETS, f));
    expect(files.some((f) => /polyfills-legacy/.test(f)), 'a polyfills-legacy chunk').toBe(true);
    expect(files.some((f) => /launch-legacy/.test(f)), 'the legacy app chunk').toBe(true);
    const r = await esCheck([...LEGACY_ARGS, ...files]);
    expect(r.ok, r.output).toBe(true);
  });

  it('when a chunk holds newer syntax (a class static block, optional chaining; async for the legacy), then the same checks fail', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'keting-es-check-'));
    try {
      // What rolldown's keepNames emitted into the "es2019" app chunk.
      const staticBlock = path.join(dir, 'static-block.js');
      fs.writeFileSync(staticBlock, 'export const O = class Utils$1 { static { keep(this, "Utils"); } static isFunction(e) { return typeof e == "function"; } };\n');
      const modern = await esCheck([...MODERN_ARGS, staticBlock]);
      expect(modern.ok).toBe(false);
      expect(modern.output).toMatch(/static-block\.js/);
      const optional = path.join(dir, 'optional.js');
      fs.writeFileSync(optional, 'export const f = (a) => import("./x.js").then(() => a?.b);\n');
      expect((await esCheck([...MODERN_ARGS, optional])).ok).toBe(false);

      const asyncFn = path.join(dir, 'async.js');
      fs.writeFileSync(asyncFn, 'var load = async function () { return 1; };\n');
      const legacy = await esCheck([...LEGACY_ARGS, asyncFn]);
      expect(legacy.ok).toBe(false);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('when index.html is read, then module browsers get the chooser and the modern chunks preloaded, the others the legacy scripts', () => {
    const html = fs.readFileSync(path.join(DIST, 'index.html'), 'utf8');
    const src = (re: RegExp, page = html) => {
      const m = page.match(re);
      expect(m, String(re)).not.toBeNull();
      const file = m![1]!.replace(/^\/tv\//, '');
      expect(fs.existsSync(path.join(DIST, file)), file).toBe(true);
      return file;
    };
    const chooser = src(/<script type="module" src="([^"]+)"/);
    expect(chooser).toMatch(/^assets\/start-(?!legacy)[\w-]+\.js$/);
    const entry = src(/<link rel="modulepreload" crossorigin href="([^"]+index-[^"]+)"/);
    expect(entry).toMatch(/^assets\/index-(?!legacy)[\w-]+\.js$/);
    expect(src(/<link rel="modulepreload" crossorigin href="([^"]+launch-[^"]+)"/)).toMatch(/^assets\/launch-(?!legacy)[\w-]+\.js$/);
    const polyfills = src(/<script nomodule src="([^"]+polyfills-legacy[^"]+)"/);
    const startLegacy = src(/<script nomodule src="([^"]+start-legacy[^"]+)"/);
    // The chooser: the modern entry where the ES2019 built-ins the modern build calls exist (es-check finds
    // flatMap and Object.fromEntries in it), else the legacy polyfills and then the legacy loader.
    const choose = fs.readFileSync(path.join(DIST, chooser), 'utf8');
    expect(choose).toContain("typeof Object.fromEntries === 'function' && typeof [].flatMap === 'function'");
    for (const f of [entry, polyfills, startLegacy]) expect(choose).toContain(`"/tv/${f}"`);
    // The legacy loader starts the legacy entry through SystemJS (from the polyfills chunk).
    const legacyEntry = /System\.import\("\/tv\/([^"]+)"\)/.exec(fs.readFileSync(path.join(DIST, startLegacy), 'utf8'))?.[1];
    expect(legacyEntry).toMatch(/^assets\/index-legacy-/);
    expect(fs.existsSync(path.join(DIST, legacyEntry!))).toBe(true);
    // No inline script: the TV pages' content policy is script-src 'self'.
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);

    const legacyOnly = fs.readFileSync(path.join(DIST, 'legacy.html'), 'utf8');
    expect(legacyOnly).not.toMatch(/type="module"|modulepreload|nomodule/);
    expect(src(/<script src="([^"]+start-legacy[^"]+)"/, legacyOnly)).toBe(startLegacy);
  });
});
