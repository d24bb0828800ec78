// Benchmark (not a test): the built TV app in Debian's Chromium, as a slow set-top box would run it.
// For each renderer (Canvas2D, the default; WebGL with ?renderer=webgl) and CPU throttling (1× and 4×,
// Chrome DevTools Protocol Emulation.setCPUThrottlingRate) it measures:
//   - cold start to an interactive home: navigation start → the home grid drawn with its first tile
//     focused (cache disabled, fresh profile each run);
//   - key-press to frame: a → press on home until the second animation frame after it (the frame
//     that shows the new focus), median and worst of 20;
//   - JS heap used after visiting all ten sections by digit and coming home (after a forced GC).
// Goals: ≤ 2.5 s to an interactive home at 4×; heap ≤ 40 MB after the ten sections.
//   node --import tsx bench/tv-startup.ts [runs per setting, default 3] [renderer:throttle, e.g. canvas2d:4]
// Run it on an otherwise idle machine: the numbers are only as quiet as the CPU.
// BASELINE_TV_APP_DIR=<another build's dist> also serves that build from a second CMS and measures it
// in turn with this one, run for run, and prints the ratio (e.g. a build of an earlier commit; it must
// set the same performance mark: see docs/tv-performance.md).
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type CDPSession, type Page } from 'playwright-core';
import { loadConfig } from '../cms-server/src/config.ts';
import { createLogger } from '../cms-server/src/logger.ts';
import { startServer } from '../cms-server/src/server.ts';
import { INTERACTIVE_MARK } from '../tv-app/src/marks.ts';

const RUNS = Number(process.argv[2] ?? 3);
/** Optional "renderer:throttle" (e.g. canvas2d:4) to measure only that setting. */
const ONLY = process.argv[3];
const PRESSES = 20;

interface Result {
  app: 'now' | 'baseline';
  renderer: string;
  throttle: number;
  startMs: number[];
  keyMs: number[];
  heapMB: number[];
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

async function ready(page: Page): Promise<void> {
  await page.waitForFunction(
    () => {
      const k = (window as unknown as { __keting?: { ready: boolean; route: string; focused: string | null } }).__keting;
      return !!k && k.ready && k.route === 'home' && k.focused !== null;
    },
    null,
    { timeout: 60_000, polling: 'raf' },
  );
}

async function interactiveMark(cdp: CDPSession): Promise<number> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const { result } = (await cdp.send('Runtime.evaluate', {
      expression: `performance.getEntriesByName(${JSON.stringify(INTERACTIVE_MARK)})[0]?.startTime ?? -1`,
      returnByValue: true,
    })) as { result: { value: number } };
    if (result.value >= 0) return result.value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`home never became interactive (no ${INTERACTIVE_MARK} mark)`);
}

/** Milliseconds from a keydown to the second animation frame after it (the frame showing its effect). */
const KEY_TO_FRAME_JS = `new Promise((resolve, reject) => {
  const before = window.__keting.focused;
  const t0 = performance.now();
  for (const type of ['keydown', 'keyup']) {
    const e = new KeyboardEvent(type, { bubbles: true });
    Object.defineProperty(e, 'keyCode', { get: () => 39 }); // the init dictionary's keyCode is ignored
    window.dispatchEvent(e);
  }
  requestAnimationFrame(() => requestAnimationFrame(() => {
    const t = performance.now() - t0;
    if (window.__keting.focused === before) reject(new Error('the key did not move the focus'));
    else resolve(t);
  }));
})`;

const RED_KEY_JS = `(() => {
  for (const type of ['keydown', 'keyup']) {
    const e = new KeyboardEvent(type, { bubbles: true });
    Object.defineProperty(e, 'keyCode', { get: () => 403 });
    window.dispatchEvent(e);
  }
})()`;

async function oneRun(browser: Browser, base: string, renderer: string, throttle: number, r: Result): Promise<void> {
  const context = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
  const page = await context.newPage();
  const cdp: CDPSession = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: throttle });
  await cdp.send('Performance.enable');
  try {
    await page.goto(`${base}/tv/${renderer === 'webgl' ? '?renderer=webgl' : ''}`, { waitUntil: 'commit' });
    // The app marks the frame after home is first drawn interactive; its time origin is the navigation
    // start, so this is the whole cold start, downloads included. Polled with bare DevTools evaluations
    // in the page's own world: Playwright's waitForFunction would first inject its utility script,
    // ~0.2 s of main-thread work at 4× in the middle of the start being measured.
    r.startMs.push(await interactiveMark(cdp));
    await ready(page);

    const presses: number[] = [];
    for (let i = 0; i < PRESSES; i++) {
      if (i % 4 === 0) for (let j = 0; j < 4; j++) await page.keyboard.press('ArrowLeft'); // back to the row start
      presses.push((await page.evaluate(KEY_TO_FRAME_JS)) as number);
      await page.waitForTimeout(50);
    }
    r.keyMs.push(...presses);

    let previous = 'home';
    for (const d of ['1', '2', '3', '4', '5', '6', '7', '8', '9', '0']) {
      await page.keyboard.press(d);
      await page.waitForFunction(
        (before) => {
          const route = (window as unknown as { __keting: { route: string } }).__keting.route;
          return route.startsWith('section/') && route !== before;
        },
        previous,
        { timeout: 60_000 },
      );
      previous = await page.evaluate(() => (window as unknown as { __keting: { route: string } }).__keting.route);
      await page.waitForTimeout(300);
    }
    await page.evaluate(RED_KEY_JS); // home
    await ready(page);
    await cdp.send('HeapProfiler.collectGarbage');
    const { metrics } = (await cdp.send('Performance.getMetrics')) as { metrics: { name: string; value: number }[] };
    r.heapMB.push(metrics.find((m) => m.name === 'JSHeapUsedSize')!.value / 1024 / 1024);
  } finally {
    await context.close();
  }
}

const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'keting-bench-tv-'));
const env = { ...process.env, DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'silent', SAMPLE_VIDEOS: '0' };
const server = await startServer(loadConfig(env), createLogger('silent'));
const baselineDir = process.env.BASELINE_TV_APP_DIR;
// The second CMS shares the seeded database (read-only use) and serves the other build.
const baseline = baselineDir ? await startServer(loadConfig({ ...env, TV_APP_DIR: baselineDir }), createLogger('silent')) : undefined;
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  headless: true,
  // Desktop Chromium builds its omnibox popup (a WebUI page in a renderer of its own) alongside each new
  // page: on this 2-core VM it took about a core for the first 2.5 s of every measured start. A set-top
  // box browser has no omnibox, so it is switched off.
  args: ['--disable-features=WebUIOmniboxPopup,WebUIOmniboxFullPopup', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update'],
});
const results: Result[] = [];
const line = (r: Result) =>
  `${r.app === 'baseline' ? 'baseline ' : ''}${r.renderer.padEnd(8)} ${r.throttle}× CPU: start ${median(r.startMs).toFixed(0)} ms (runs ${r.startMs.map((x) => x.toFixed(0)).join(', ')}), ` +
  `key→frame median ${median(r.keyMs).toFixed(0)} ms, worst ${Math.max(...r.keyMs).toFixed(0)} ms, ` +
  `heap after ten sections ${median(r.heapMB).toFixed(1)} MB`;
try {
  for (const renderer of ['canvas2d', 'webgl']) {
    for (const throttle of [1, 4]) {
      if (ONLY && ONLY !== `${renderer}:${throttle}`) continue;
      const r: Result = { app: 'now', renderer, throttle, startMs: [], keyMs: [], heapMB: [] };
      const b: Result = { ...r, app: 'baseline', startMs: [], keyMs: [], heapMB: [] };
      for (let i = 0; i < RUNS; i++) {
        // Alternate which goes first, so neither always meets the browser warmer.
        const pair: [string, Result][] = [[server.url, r]];
        if (baseline) pair[i % 2 ? 'push' : 'unshift']([baseline.url, b]);
        for (const [url, into] of pair) await oneRun(browser, url, renderer, throttle, into);
      }
      if (baseline) {
        results.push(b);
        console.log(line(b));
      }
      results.push(r);
      console.log(line(r));
      if (baseline) console.log(`  ratio now / baseline: start ${(median(r.startMs) / median(b.startMs)).toFixed(2)}, key→frame ${(median(r.keyMs) / median(b.keyMs)).toFixed(2)}`);
    }
  }
  console.log('\n| app | renderer | CPU | cold start → interactive home (median) | key → frame (median / worst) | JS heap after 10 sections |');
  console.log('|---|---|---|---|---|---|');
  for (const r of results) {
    console.log(
      `| ${r.app} | ${r.renderer} | ${r.throttle}× | ${(median(r.startMs) / 1000).toFixed(2)} s | ${median(r.keyMs).toFixed(0)} / ${Math.max(...r.keyMs).toFixed(0)} ms | ${median(r.heapMB).toFixed(1)} MB |`,
    );
  }
} finally {
  await browser.close();
  await server.close();
  await baseline?.close();
  await fs.rm(dataDir, { recursive: true, force: true });
}
