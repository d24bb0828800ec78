// The TV hears the CMS as things happen (GET /api/tv/v1/events): an urgent notice published through the admin API
// appears over whatever is on within 2 s — home, a playing video (which pauses) — spoken; OK opens it in the
// reader, Back puts it away for good; a box of another street never sees it; new content shows up in place; and a
// box whose CMS went away and came back catches up by itself. Real CMS, real Chromium, real HTTP.
import net from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AdminClient, addStreets, adminOf, userClient } from '../helpers/admin-client.ts';
import { launchChromium, screenshotPath } from '../helpers/browser.ts';
import { copySeededData, startKeting, type KetingProcess } from '../helpers/server.ts';
import { tv } from './tv-page.ts';

let cms: KetingProcess;
let dataDir: string;
let port: number;
let browser: Browser;
let admin: AdminClient;
let editor: AdminClient;
let reviewer: AdminClient;
const env = () => ({ PORT: String(port), SCHEDULER_TICK_SECONDS: '1' });

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = net.createServer().listen(0, '127.0.0.1', () => {
      const p = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(p));
    });
  });
}

beforeAll(async () => {
  dataDir = await copySeededData();
  addStreets(dataDir, [
    { id: 'taiping', name: '太平街道' },
    { id: 'heping', name: '和平街道' },
  ]);
  port = await freePort();
  cms = await startKeting({ dataDir, env: env() });
  admin = await adminOf(cms.baseUrl);
  editor = await userClient(admin, { role: 'editor', streetId: 'taiping' });
  reviewer = await userClient(admin, { role: 'reviewer', streetId: 'taiping' });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await cms?.stop();
});

/** Publishes an urgent notice of `street` through the admin API; answers its id and when the approval went out. */
async function publishUrgent(title: string, street: string | null = 'taiping', window: Record<string, string> = {}) {
  const by = street ? editor : admin;
  const created = await by.json('POST', '/api/admin/items', {
    kind: 'notice',
    sectionId: 'affairs',
    title,
    summary: '今晚七点半在党群服务中心开会，请准时参加',
    body: '各位居民：\n\n今晚七点半在党群服务中心三楼开会，请准时参加。',
    urgent: true,
    streetId: street,
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const id = created.body.id as string;
  expect((await by.json('POST', `/api/admin/items/${id}/submit`)).status).toBe(200);
  const sentAt = Date.now();
  const approved = await (street ? reviewer : admin).json('POST', `/api/admin/items/${id}/approve`, window);
  expect(approved.status, JSON.stringify(approved.body)).toBe(200);
  return { id, sentAt };
}

/** A box of `street`, switched on, on home with its event stream open. */
async function boxOn(street: string | null): Promise<{ page: Page; t: ReturnType<typeof tv> }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.setViewportSize({ width: 1920, height: 1080 });
  await page.goto(`${cms.baseUrl}/tv/${street ? `?street=${street}` : '?street='}`);
  const t = tv(page);
  await t.waitFor((s) => s.ready && s.route === 'home' && s.live, 'home with its event stream open');
  // A new box has seen none of the notices earlier tests published: it shows them at start. Put them away.
  await page.waitForTimeout(300);
  while ((await t.state()).urgent !== null) await t.press('Escape');
  return { page, t };
}

describe('the TV hears the CMS', () => {
  it('when a street’s urgent notice is published, then its box shows and says it over home within 2 s; another street’s box does not; Back puts it away for good', async () => {
    const [a, b] = await Promise.all([boxOn('taiping'), boxOn('heping')]);
    const { sentAt } = await publishUrgent('太平街道紧急通知：今晚开会');
    const s = await a.t.waitFor((st) => st.urgent === '太平街道紧急通知：今晚开会', 'the urgent notice', 5000);
    const ms = Date.now() - sentAt;
    expect(ms, 'publish → on screen').toBeLessThan(2000);
    console.log(`[events] urgent notice on screen ${ms} ms after the approval was sent`);
    expect(s.focused).toBe('太平街道紧急通知：今晚开会');
    // Read out as the focus moves onto it (the announcer waits 400 ms for the focus to settle).
    await a.t.waitFor((st) => st.spoken.at(-1)?.startsWith('紧急通知：太平街道紧急通知：今晚开会。') === true, 'the notice read out');
    await a.page.screenshot({ path: screenshotPath('tv-urgent-notice') });
    // Keys other than OK and Back do nothing while it is up.
    await a.t.press('3');
    expect((await a.t.state()).route).toBe('home');
    await b.page.waitForTimeout(1000);
    expect((await b.t.state()).urgent).toBeNull();

    await a.t.press('Escape');
    const after = await a.t.waitFor((st) => st.urgent === null, 'the notice put away');
    expect(after.route).toBe('home');
    expect(after.focused).toBe('1 支部党课');
    // Switched on again: a notice seen is not shown again.
    await a.page.reload();
    await a.t.waitFor((st) => st.ready && st.route === 'home' && st.live, 'home after a restart');
    await a.page.waitForTimeout(1000);
    expect((await a.t.state()).urgent).toBeNull();
    await Promise.all([a.page.context().close(), b.page.context().close()]);
  });

  it('when a box is switched on while an urgent notice of its street is current, then it shows it at start', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${cms.baseUrl}/tv/?street=taiping`);
    const t = tv(page);
    const s = await t.waitFor((st) => st.ready && st.urgent !== null, 'an urgent notice at start');
    expect(s.urgent).toBe('太平街道紧急通知：今晚开会');
    await context.close();
  });

  it('when an urgent notice comes while a video plays, then the video pauses under it and OK opens the notice in the reader', async () => {
    const box = await boxOn('taiping');
    await box.t.press('1', 'Enter');
    await box.t.waitFor((s) => s.route.startsWith('play/') && s.player === 'playing', 'a lesson playing', 20_000);
    const { id } = await publishUrgent('播放中的紧急通知');
    await box.t.waitFor((s) => s.urgent === '播放中的紧急通知', 'the notice over the video', 5000);
    await box.t.waitFor((s) => s.player === 'paused', 'the video paused');
    expect(await box.page.evaluate(() => document.querySelector('video')?.paused)).toBe(true);
    await box.t.press('Enter');
    await box.t.waitFor((s) => s.route === `item/${id}` && s.urgent === null, 'the notice in the reader');
    await box.page.context().close();
  });

  it('when a notice is published that is not urgent, then the box’s home count goes up in place and the focus stays', async () => {
    const box = await boxOn('taiping');
    await box.t.press('ArrowRight', 'ArrowRight', 'ArrowRight', 'ArrowRight'); // tile 5, 政务公开
    await box.t.waitFor((s) => s.focused === '5 政务公开', 'tile 5 focused');
    const count = () =>
      box.page.evaluate(() => {
        const stage = (window as unknown as { __ketingStage: { root: unknown } }).__ketingStage;
        const texts: string[] = [];
        const walk = (e: { text?: { text: string }; childList?: { _items: unknown[] } }) => {
          if (e.text?.text) texts.push(e.text.text);
          for (const c of e.childList?._items ?? []) walk(c as never);
        };
        walk(stage.root as never);
        return texts;
      });
    const before = await count();
    const created = await editor.json('POST', '/api/admin/items', { kind: 'article', sectionId: 'affairs', title: '新的党务公开', body: '正文' });
    await editor.json('POST', `/api/admin/items/${created.body.id}/submit`);
    await reviewer.json('POST', `/api/admin/items/${created.body.id}/approve`, {});
    const until = Date.now() + 3000;
    let now = before;
    while (Date.now() < until && JSON.stringify(now) === JSON.stringify(before)) {
      await box.page.waitForTimeout(100);
      now = await count();
    }
    const countsBefore = before.filter((x) => /^\d+ 条$/.test(x));
    const countsAfter = now.filter((x) => /^\d+ 条$/.test(x));
    expect(countsAfter).not.toEqual(countsBefore);
    const s = await box.t.state();
    expect([s.route, s.focused]).toEqual(['home', '5 政务公开']);
    await box.page.context().close();
  });

  it('when the network blocks event streams, then the box polls the catalog and still shows the urgent notice', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    let refused = 0;
    await page.route('**/api/tv/v2/events**', (r) => (refused++, r.abort()));
    await page.goto(`${cms.baseUrl}/tv/?street=taiping&poll=5`);
    const t = tv(page);
    await t.waitFor((s) => s.ready && s.route === 'home', 'home');
    await page.waitForTimeout(300);
    while ((await t.state()).urgent !== null) await t.press('Escape');
    await publishUrgent('事件流被挡住时的紧急通知');
    const s = await t.waitFor((st) => st.urgent === '事件流被挡住时的紧急通知', 'the notice by polling', 15_000);
    expect(s.live).toBe(false);
    expect(refused).toBeGreaterThanOrEqual(2);
    await context.close();
  });

  it('when the CMS stops and comes back, then the box reconnects by itself and catches up with a notice that came due meanwhile, without a reload', async () => {
    const box = await boxOn('taiping');
    const marker = await box.page.evaluate(() => ((window as unknown as { __marker: number }).__marker = Math.random()));
    const shanghaiIn = (ms: number) => `${new Date(Date.now() + ms + 8 * 3600_000).toISOString().slice(0, 19)}+08:00`;
    await publishUrgent('停机期间到点的紧急通知', 'taiping', { publishAt: shanghaiIn(1500) });
    await cms.stop({ keepData: true });
    await box.t.waitFor((s) => !s.live, 'the stream seen gone');
    await box.page.waitForTimeout(2000);
    cms = await startKeting({ dataDir, env: env() });
    await box.t.waitFor((s) => s.urgent === '停机期间到点的紧急通知', 'the notice after the CMS came back', 20_000);
    expect(await box.page.evaluate(() => (window as unknown as { __marker: number }).__marker)).toBe(marker);
    await box.page.context().close();
  });
});
