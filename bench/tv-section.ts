// Benchmark (not a test): a section of 10,000 items on the TV against the same section with its 5 seeded items
// (issue 15). Two CMS processes (bench/cms-process.ts), one seeded as usual, one with 9,995 articles added to
// 支部党课 (digit 1); the built TV app in Debian's Chromium, the two measured in turn, run for run. Per run:
//   - cold start: navigation start → home interactive (the app's own performance mark), cache disabled;
//   - open: keydown of digit 1 on home → the second animation frame after the section's first row has focus;
//   - key → frame over 50 Downs in the section (keydown → the second animation frame after it), worst and median
//     (the 5-item list has no 50 rows to go down: there ↓ and ↑ take turns between its ends);
//   - the same two as main-thread CPU time (CDP ThreadTime before and after), which a busy machine distorts less;
//   - JS heap after the 50 Downs (after a forced GC, CDP Performance.getMetrics), and the Lightning elements.
// Prints the figures of each size and the ratios against the 5-item run. Targets (issue 15): open ≤ 1.2×, worst
// key → frame ≤ 1.5×, heap ≤ 40 MB, cold start unchanged.
//   node --import tsx bench/tv-section.ts [runs per size, default 5] [CPU throttle, default 1]
// Run it on an otherwise idle machine: the numbers are only as quiet as the CPU.
import path from 'node:path';
import { chromium, type Browser, type CDPSession } from 'playwright-core';
import { loadConfig } from '../cms-server/src/config.ts';
import { createLogger } from '../cms-server/src/logger.ts';
import { prepareData } from '../cms-server/src/server.ts';
import { INTERACTIVE_MARK } from '../tv-app/src/marks.ts';
import { addArticles } from '../tests/tv-app/many-items.ts';
import { STAGE_ELEMENTS_JS } from '../tests/tv-app/tv-page.ts';
import { startBenchCms, type BenchCms } from './cms-process.ts';

const RUNS = Number(process.argv[2] ?? 5);
const THROTTLE = Number(process.argv[3] ?? 1);
const DOWNS = 50;
const SECTION = 'branch-lessons'; // 1 支部党课
const SMALL = 5;
const LARGE = 10_000;

interface Figures {
  startMs: number[];
  openMs: number[];
  /** The page's main-thread CPU time (CDP ThreadTime) for the same: what a busy machine's other work does not add. */
  openCpuMs: number[];
  keyCpuMs: number[];
  worstKeyCpuMs: number[];
  keyMs: number[];
  worstKeyMs: number[];
  heapMB: number[];
  elements: number[];
  count: number;
}
const empty = (): Figures => ({ startMs: [], openMs: [], openCpuMs: [], keyCpuMs: [], worstKeyCpuMs: [], keyMs: [], worstKeyMs: [], heapMB: [], elements: [], count: 0 });

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

/**
 * A seeded database (as a fresh install makes it, without sample videos: the seeded videos have no asset ready and
 * are not shown), with articles added to 支部党课 until a box sees `items` there.
 */
async function seeded(dataDir: string, items: number): Promise<void> {
  const config = loadConfig({ ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'silent', SAMPLE_VIDEOS: '0' });
  const db = await prepareData(config, createLogger('silent'));
  const shown = db.prepare(`SELECT count(*) FROM items WHERE section_id = ? AND status = 'published' AND kind <> 'video'`).pluck().get(SECTION) as number;
  db.close();
  if (items > shown) addArticles(path.join(dataDir, 'keting.sqlite'), SECTION, items - shown);
}

async function evaluate<T>(cdp: CDPSession, expression: string): Promise<T> {
  const { result, exceptionDetails } = (await cdp.send('Runtime.evaluate', { expression, awaitPromise: true, returnByValue: true })) as {
    result: { value: T };
    exceptionDetails?: { exception?: { description?: string } };
  };
  if (exceptionDetails) throw new Error(exceptionDetails.exception?.description ?? 'evaluation failed');
  return result.value;
}

async function until(cdp: CDPSession, expression: string, what: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (!(await evaluate<boolean>(cdp, expression))) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const key = (code: number) => `for (const type of ['keydown', 'keyup']) {
    const e = new KeyboardEvent(type, { bubbles: true });
    Object.defineProperty(e, 'keyCode', { get: () => ${code} });
    window.dispatchEvent(e);
  }`;

/** Digit 1 on home → the second frame after the section's first row has focus (drawn). */
const OPEN_JS = `new Promise((resolve, reject) => {
  const t0 = performance.now();
  ${key(49)}
  const deadline = t0 + 30000;
  const check = () => {
    const k = window.__keting;
    if (k.route === 'section/${SECTION}' && k.focused !== null && k.position !== null) {
      requestAnimationFrame(() => resolve(performance.now() - t0));
    } else if (performance.now() > deadline) reject(new Error('the section did not open'));
    else requestAnimationFrame(check);
  };
  requestAnimationFrame(check);
})`;

/** One arrow key (↓ 40, ↑ 38) → the second animation frame after it (the frame that shows the new focus). */
const ARROW_JS = (code: number) => `new Promise((resolve, reject) => {
  const before = window.__keting.position;
  const t0 = performance.now();
  ${key(code)}
  requestAnimationFrame(() => requestAnimationFrame(() => {
    const t = performance.now() - t0;
    if (window.__keting.position === before) reject(new Error('the key did not move the focus: ' + before));
    else resolve(t);
  }));
})`;


/** The renderer main thread's CPU time so far, in ms (CDP Performance.getMetrics ThreadTime, in seconds). */
async function threadMs(cdp: CDPSession): Promise<number> {
  const { metrics } = (await cdp.send('Performance.getMetrics')) as { metrics: { name: string; value: number }[] };
  return metrics.find((m) => m.name === 'ThreadTime')!.value * 1000;
}

async function oneRun(browser: Browser, cms: BenchCms, f: Figures): Promise<void> {
  const context = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: THROTTLE });
  await cdp.send('Performance.enable');
  try {
    await page.goto(`${cms.baseUrl}/tv/`, { waitUntil: 'commit' });
    await until(cdp, `performance.getEntriesByName(${JSON.stringify(INTERACTIVE_MARK)}).length > 0`, 'home interactive');
    f.startMs.push(await evaluate<number>(cdp, `performance.getEntriesByName(${JSON.stringify(INTERACTIVE_MARK)})[0].startTime`));
    await until(cdp, `window.__keting.ready && window.__keting.route === 'home' && window.__keting.focused !== null`, 'home');
    await new Promise((r) => setTimeout(r, 500));

    let cpu = await threadMs(cdp);
    f.openMs.push(await evaluate<number>(cdp, OPEN_JS));
    f.openCpuMs.push((await threadMs(cdp)) - cpu);
    f.count = Number(/共 ([\d,]+) 条/.exec(await evaluate<string>(cdp, 'window.__keting.position'))![1]!.replace(/,/g, ''));
    await new Promise((r) => setTimeout(r, 300));
    const keys: number[] = [];
    const keyCpu: number[] = [];
    // ↓ all the way in the long list; the 5-item list turns at its ends (↓ to the last, ↑ to the first, …).
    let down = true;
    for (let i = 0; i < DOWNS; i++) {
      const [at, of] = (/第 ([\d,]+) 条，共 ([\d,]+) 条/.exec(await evaluate<string>(cdp, 'window.__keting.position'))!)
        .slice(1)
        .map((x) => Number(x.replace(/,/g, '')));
      if (at === of) down = false;
      if (at === 1) down = true;
      cpu = await threadMs(cdp);
      keys.push(await evaluate<number>(cdp, ARROW_JS(down ? 40 : 38)));
      keyCpu.push((await threadMs(cdp)) - cpu);
      await new Promise((r) => setTimeout(r, 80));
    }
    f.keyMs.push(median(keys));
    f.worstKeyMs.push(Math.max(...keys));
    f.keyCpuMs.push(median(keyCpu));
    f.worstKeyCpuMs.push(Math.max(...keyCpu));
    await new Promise((r) => setTimeout(r, 300));
    f.elements.push(await evaluate<number>(cdp, STAGE_ELEMENTS_JS));
    await cdp.send('HeapProfiler.collectGarbage');
    const { metrics } = (await cdp.send('Performance.getMetrics')) as { metrics: { name: string; value: number }[] };
    f.heapMB.push(metrics.find((m) => m.name === 'JSHeapUsedSize')!.value / 1024 / 1024);
  } finally {
    await context.close();
  }
}

const env = { LOG_LEVEL: 'silent' };
const small = await startBenchCms('tv-section-5', env, (dir) => seeded(dir, SMALL));
const large = await startBenchCms('tv-section-10000', env, (dir) => seeded(dir, LARGE));
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  headless: true,
  // As bench/tv-startup.ts: no omnibox popup renderer (a set-top box has none), no background work.
  args: ['--disable-features=WebUIOmniboxPopup,WebUIOmniboxFullPopup', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update'],
});
const figures = { small: empty(), large: empty() };
try {
  for (let i = 0; i < RUNS; i++) {
    // Alternate which goes first, so neither always meets the browser warmer.
    const order: ['small' | 'large', BenchCms][] = i % 2 ? [['large', large], ['small', small]] : [['small', small], ['large', large]];
    for (const [name, cms] of order) await oneRun(browser, cms, figures[name]);
  }
  const row = (f: Figures) =>
    `| ${f.count.toLocaleString('en-US')} | ${median(f.startMs).toFixed(0)} ms | ${median(f.openMs).toFixed(0)} ms (${f.openMs.map((x) => x.toFixed(0)).join(', ')}) | ` +
    `${median(f.keyMs).toFixed(0)} / ${median(f.worstKeyMs).toFixed(0)} ms (worst of each run: ${f.worstKeyMs.map((x) => x.toFixed(0)).join(', ')}) | ${median(f.heapMB).toFixed(1)} MB | ${median(f.elements)} |`;
  console.log(`\nTV section, ${RUNS} runs per size, ${THROTTLE}× CPU, Canvas2D, 1920×1080 (medians over runs)`);
  console.log('| items in 支部党课 | cold start → home | open (digit 1 → drawn) | key → frame over 50 Downs: median / worst | JS heap after | Lightning elements |');
  console.log('|---|---|---|---|---|---|');
  console.log(row(figures.small));
  console.log(row(figures.large));
  const cpuRow = (f: Figures) =>
    `| ${f.count.toLocaleString('en-US')} | ${median(f.openCpuMs).toFixed(1)} ms | ${median(f.keyCpuMs).toFixed(1)} / ${median(f.worstKeyCpuMs).toFixed(1)} ms |`;
  console.log('\nMain-thread CPU (CDP ThreadTime, includes the DevTools calls that read it; medians over runs)');
  console.log('| items in 支部党课 | open | per key over 50 Downs: median / worst |');
  console.log('|---|---|---|');
  console.log(cpuRow(figures.small));
  console.log(cpuRow(figures.large));
  const ratio = (k: 'startMs' | 'openMs' | 'worstKeyMs' | 'keyMs' | 'openCpuMs' | 'keyCpuMs' | 'worstKeyCpuMs') => (median(figures.large[k]) / median(figures.small[k])).toFixed(2);
  console.log(
    `\nratios 10,000 / 5: cold start ${ratio('startMs')}× · open ${ratio('openMs')}× (target ≤ 1.2) · worst key → frame ${ratio('worstKeyMs')}× (target ≤ 1.5) · median key → frame ${ratio('keyMs')}× · heap ${median(figures.large.heapMB).toFixed(1)} MB (target ≤ 40)`,
  );
  console.log(`CPU ratios 10,000 / 5: open ${ratio('openCpuMs')}× · worst key ${ratio('worstKeyCpuMs')}× · median key ${ratio('keyCpuMs')}×`);
} finally {
  await browser.close();
  await small.stop();
  await large.stop();
}
