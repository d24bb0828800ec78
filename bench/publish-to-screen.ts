// Benchmark: from an editor's publish request to the TV's frame that shows it, in Debian's Chromium at 1920×1080.
//   now      — the box on home with its event stream: an urgent notice is approved; the time until the frame that
//              draws it over home (the page records the first animation frame on which the app says it is up).
//   baseline — the same box as before the event stream (the stream blocked, so it learns of new content only when
//              it refreshes its catalog, which it did on coming back to home): a notice is approved, then the
//              viewer opens a section and comes back at once (1, Back) — the best case before; the time until the
//              frame whose home tile shows the new count. Without the viewer, it never showed at all.
// Runs interleaved, RUNS of each; prints medians and their ratio.
//   node --import tsx bench/publish-to-screen.ts [runs, default 5]
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { loadConfig } from '../cms-server/src/config.ts';
import { createLogger } from '../cms-server/src/logger.ts';
import { startServer } from '../cms-server/src/server.ts';
import { AdminClient } from '../tests/helpers/admin-client.ts';
import { launchChromium } from '../tests/helpers/browser.ts';

const RUNS = Math.min(Number(process.argv[2] ?? 5), 20);
const PASSWORD = 'bench-admin-password';
const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'keting-bench-pts-'));
const config = loadConfig({ ...process.env, DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'silent', SAMPLE_VIDEOS: '0', KETING_ADMIN_PASSWORD: PASSWORD });
const server = await startServer(config, createLogger('silent'));
const browser = await launchChromium();
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** In the page: every animation frame, note the first one on which `probe` holds (epoch ms). */
async function watchFrames(page: Page, probe: string): Promise<void> {
  // A string, not a function: tsx would wrap a function's inner functions in a helper the page does not have.
  await page.evaluate(`(() => {
    window.__shownAt = undefined;
    const tick = () => {
      if (${probe}) window.__shownAt = performance.timeOrigin + performance.now();
      else requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  })()`);
}
async function shownAt(page: Page): Promise<number> {
  await page.waitForFunction(() => (window as unknown as { __shownAt?: number }).__shownAt !== undefined, null, { timeout: 30_000 });
  return page.evaluate(() => (window as unknown as { __shownAt: number }).__shownAt);
}
/** The texts of the Lightning stage, to find home's "N 条" counts (the canvas has no DOM). */
const COUNTS_JS = `(() => { const out = []; const walk = (e) => { if (e.text && /^\\d+ 条$/.test(e.text.text)) out.push(e.text.text); for (const c of (e.childList && e.childList._items) || []) walk(c); }; walk(window.__ketingStage.root); return out.join(','); })()`;

async function box(streamBlocked: boolean): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
  const page = await context.newPage();
  if (streamBlocked) await page.route('**/api/tv/v2/events**', (r) => r.abort());
  await page.goto(`${server.url}/tv/`);
  await page.waitForFunction(() => {
    const s = (window as unknown as { __keting: { ready: boolean; route: string; live: boolean } }).__keting;
    return s.ready && s.route === 'home';
  });
  if (!streamBlocked) await page.waitForFunction(() => (window as unknown as { __keting: { live: boolean } }).__keting.live);
  return page;
}

try {
  const admin = await AdminClient.login(server.url, 'admin', PASSWORD);
  const publish = async (title: string, urgent: boolean): Promise<number> => {
    const created = await admin.json('POST', '/api/admin/items', { kind: 'notice', sectionId: 'affairs', title, body: '正文', urgent, streetId: null });
    await admin.json('POST', `/api/admin/items/${created.body.id}/submit`);
    const sent = Date.now();
    await admin.json('POST', `/api/admin/items/${created.body.id}/approve`, {});
    return sent;
  };
  const [live, blocked] = [await box(false), await box(true)];
  const now: number[] = [];
  const baseline: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    // now: the urgent notice over home
    const title = `基准紧急通知 ${i + 1}`;
    await watchFrames(live, `window.__keting.urgent === ${JSON.stringify(title)}`);
    const sent = await publish(title, true);
    now.push((await shownAt(live)) - sent);
    await live.keyboard.press('Escape');

    // baseline: the blocked box shows the new count after its catalog refresh
    const counts = (await blocked.evaluate(COUNTS_JS)) as string;
    await watchFrames(blocked, `${COUNTS_JS} !== ${JSON.stringify(counts)}`);
    const sentB = await publish(`基准通知 ${i + 1}`, false);
    await blocked.keyboard.press('1');
    await blocked.waitForFunction(() => (window as unknown as { __keting: { route: string } }).__keting.route.startsWith('section/'));
    await blocked.keyboard.press('Escape');
    baseline.push((await shownAt(blocked)) - sentB);
    // The blocked box also pops the urgent notices up once it has the catalog: put them away.
    while (await blocked.evaluate(() => (window as unknown as { __keting: { urgent: string | null } }).__keting.urgent !== null)) {
      await blocked.keyboard.press('Escape');
    }
  }
  console.log(
    JSON.stringify(
      {
        runs: RUNS,
        nowEventStreamMs: { median: Math.round(median(now)), all: now.map(Math.round) },
        baselineCatalogRefreshMs: { median: Math.round(median(baseline)), all: baseline.map(Math.round), note: 'needs the viewer to leave and re-enter home; without that, never' },
        ratio: +(median(now) / median(baseline)).toFixed(2),
      },
      null,
      2,
    ),
  );
} finally {
  await browser.close();
  await server.close();
  await fs.rm(dataDir, { recursive: true, force: true });
}
