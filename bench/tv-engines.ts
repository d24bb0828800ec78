// Benchmark (not a test; not part of npm test): the built TV app in WPE WebKit (cog, through WPEWebDriver)
// next to Debian's Chromium on the same machine, run for run, and the ratio WPE / Chromium
// (figures in docs/tv-performance.md).
//   npm run bench:engines -- [runs per engine, default 5]
// Measured in the page the same way in both, as bench/tv-startup.ts does at 1× CPU:
//   - cold start: navigation start → the app's `keting:home-interactive` mark (a fresh browser profile
//     each run: a new cog session; a new Chromium context with its cache disabled);
//   - key → frame: a → dispatched on home until the second animation frame after it, 20 per run.
// Figures: docs/tv-performance.md. Run it on an otherwise idle machine.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { loadConfig } from '../cms-server/src/config.ts';
import { createLogger } from '../cms-server/src/logger.ts';
import { startServer } from '../cms-server/src/server.ts';
import { INTERACTIVE_MARK } from '../tv-app/src/marks.ts';
import { CHROMIUM } from '../tests/helpers/browser.ts';
import { WpeDriver } from '../tests/helpers/wpe-driver.ts';

const RUNS = Number(process.argv[2] ?? 5);
const PRESSES = 20;

const MARK_JS = `return (performance.getEntriesByName(${JSON.stringify(INTERACTIVE_MARK)})[0] || { startTime: -1 }).startTime`;
const READY_JS = 'return !!window.__keting && window.__keting.ready && window.__keting.route === "home" && window.__keting.focused !== null';
/** Milliseconds from a keydown to the second animation frame after it; `dir` 37 (←) or 39 (→). */
const KEY_TO_FRAME_JS = `return new Promise((resolve, reject) => {
  const code = arguments[0];
  const before = window.__keting.focused;
  const t0 = performance.now();
  for (const type of ['keydown', 'keyup']) {
    const e = new KeyboardEvent(type, { bubbles: true });
    Object.defineProperty(e, 'keyCode', { get: () => code });
    window.dispatchEvent(e);
  }
  requestAnimationFrame(() => requestAnimationFrame(() => {
    const t = performance.now() - t0;
    if (window.__keting.focused === before) reject(new Error('the key did not move the focus'));
    else resolve(t);
  }));
})`;

/** What both engines are driven through: run a function body in the page, navigate. */
interface Tab {
  run<T>(body: string, ...args: unknown[]): Promise<T>;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until<T>(tab: Tab, body: string, ok: (v: T) => boolean): Promise<T> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const v = await tab.run<T>(body).catch(() => undefined as T);
    if (v !== undefined && ok(v)) return v;
    if (Date.now() > deadline) throw new Error(`timed out: ${body}`);
    await sleep(50);
  }
}

async function measure(tab: Tab, into: { startMs: number[]; keyMs: number[] }): Promise<void> {
  into.startMs.push(await until<number>(tab, MARK_JS, (v) => v >= 0));
  await until<boolean>(tab, READY_JS, (v) => v === true);
  for (let i = 0; i < PRESSES; i++) {
    // Right along the top row and back: 1 → 5 → 1 …
    const code = Math.floor(i / 4) % 2 === 0 ? 39 : 37;
    into.keyMs.push(await tab.run<number>(KEY_TO_FRAME_JS, code));
    await sleep(50);
  }
}

const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'keting-bench-engines-'));
const server = await startServer(
  loadConfig({ ...process.env, DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'silent', SAMPLE_VIDEOS: '0' }),
  createLogger('silent'),
);
const url = `${server.url}/tv/`;
const browser = await chromium.launch({
  executablePath: CHROMIUM,
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-features=WebUIOmniboxPopup,WebUIOmniboxFullPopup'],
});
const driver = await WpeDriver.start();
const results = { chromium: { startMs: [] as number[], keyMs: [] as number[] }, wpe: { startMs: [] as number[], keyMs: [] as number[] } };

async function chromiumRun() {
  const context = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  const tab: Tab = {
    async run<T>(body: string, ...args: unknown[]) {
      const expression = `(function () { ${body} }).apply(null, ${JSON.stringify(args)})`;
      const { result, exceptionDetails } = (await cdp.send('Runtime.evaluate', { expression, returnByValue: true, awaitPromise: true })) as {
        result: { value: T };
        exceptionDetails?: unknown;
      };
      if (exceptionDetails) throw new Error(JSON.stringify(exceptionDetails));
      return result.value;
    },
  };
  try {
    await page.goto(url, { waitUntil: 'commit' });
    await measure(tab, results.chromium);
  } finally {
    await context.close();
  }
}

async function wpeRun() {
  const session = await driver.newSession();
  try {
    // The driver's navigate waits for the load event; the mark's time origin is the navigation start.
    await session.navigate(url);
    await measure({ run: (body, ...args) => session.execute(body, ...args) }, results.wpe);
  } finally {
    await session.close();
  }
}

try {
  for (let i = 0; i < RUNS; i++) {
    // Alternate which goes first, so neither always meets the machine warmer.
    if (i % 2) {
      await wpeRun();
      await chromiumRun();
    } else {
      await chromiumRun();
      await wpeRun();
    }
    process.stdout.write('.');
  }
  process.stdout.write('\n');
  const line = (name: string, r: { startMs: number[]; keyMs: number[] }) =>
    `| ${name} | ${(median(r.startMs) / 1000).toFixed(2)} s (${(Math.min(...r.startMs) / 1000).toFixed(2)}–${(Math.max(...r.startMs) / 1000).toFixed(2)}) | ${median(r.keyMs).toFixed(0)} / ${Math.max(...r.keyMs).toFixed(0)} ms |`;
  console.log(`${RUNS} runs each, ${PRESSES} presses per run, 1× CPU, Canvas2D, 1920×1080`);
  console.log('| engine | cold start → interactive home: median (fastest–slowest) | key → frame: median / worst |');
  console.log('|---|---|---|');
  console.log(line('Chromium (Debian)', results.chromium));
  console.log(line('WPE WebKit 2.38 (cog)', results.wpe));
  console.log(
    `ratio WPE / Chromium: cold start ${(median(results.wpe.startMs) / median(results.chromium.startMs)).toFixed(2)}, key → frame ${(median(results.wpe.keyMs) / median(results.chromium.keyMs)).toFixed(2)}`,
  );
} finally {
  await driver.stop();
  await browser.close();
  await server.close();
  await fs.rm(dataDir, { recursive: true, force: true });
}
