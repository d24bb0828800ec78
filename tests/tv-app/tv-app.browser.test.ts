// The built TV app, served by the real CMS, driven in Debian's Chromium with the keys of a remote.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { CatalogResponse } from '../../cms-server/src/tv-api/contract.ts';
import type { KetingState } from '../../tv-app/src/observe.ts';
import { screenshotPath } from '../helpers/browser.ts';
import type { KetingProcess } from '../helpers/server.ts';
import { tv, startTvRig, type TvRig } from './tv-page.ts';

let cms: KetingProcess;
let browser: Browser;
let page: Page;
let catalog: CatalogResponse;
const segments: string[] = [];

// The remote, as every TV suite drives it (tv-page.ts), on this test's page.
const state = () => tv(page).state();
const waitFor = (pred: (s: KetingState) => boolean, what: string, timeout?: number) => tv(page).waitFor(pred, what, timeout);
const press = (...keys: string[]) => tv(page).press(...keys);
const videoTime = () => tv(page).videoTime();

let rig: TvRig | undefined;
beforeAll(async () => {
  rig = await startTvRig();
  ({ cms, catalog, browser } = rig);
});
afterAll(async () => {
  await rig?.stop();
});
beforeEach(async () => {
  page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
  page.on('request', (r) => {
    if (/\.(ts|m4s)$/.test(new URL(r.url()).pathname)) segments.push(r.url());
  });
  await page.goto(`${cms.baseUrl}/tv/`);
  await waitFor((s) => s.ready && s.route === 'home', 'the home screen');
});

describe('TV app', () => {
  it('when it starts, then home shows the ten sections with the first focused', async () => {
    const s = await state();
    expect(s.focused).toBe('1 支部党课');
    await page.screenshot({ path: screenshotPath('home') });
    // Move across the grid: → → ↓ lands on the 8th tile (row 2, column 3).
    await press('ArrowRight', 'ArrowRight', 'ArrowDown');
    expect((await state()).focused).toBe(`8 ${catalog.sections[7]!.title}`);
    await press('ArrowUp', 'ArrowLeft', 'ArrowLeft', 'ArrowLeft'); // the left edge holds, never wraps
    expect((await state()).focused).toBe('1 支部党课');
  });

  it('when a section is opened with arrows and OK, then its items are listed and Back returns home', async () => {
    await press('ArrowRight', 'Enter');
    const s = await waitFor((x) => x.route === 'section/education', 'section 2');
    expect(s.focused).toBe(catalog.sections[1]!.items[0]!.title);
    await press('ArrowDown');
    expect((await state()).focused).toBe(catalog.sections[1]!.items[1]!.title);
    await page.screenshot({ path: screenshotPath('section') });
    await press('Backspace');
    const home = await waitFor((x) => x.route === 'home', 'home again');
    expect(home.focused).toBe('2 党员教育'); // the same tile as before
  });

  it('when a digit is pressed, then its section opens, from home and from another section', async () => {
    await press('6');
    await waitFor((x) => x.route === 'section/guide', 'section 6 by digit');
    await press('0');
    await waitFor((x) => x.route === 'section/culture', 'section 0 by digit');
    await press('Escape');
    await waitFor((x) => x.route === 'section/guide', 'Back to section 6');
  });

  it('when a video is opened with OK, then it plays through hls.js and Back returns to the same item', async () => {
    // The first video below the top row of section 1, so that Back must restore a moved focus.
    const items = catalog.sections[0]!.items;
    const at = items.findIndex((item, i) => i > 0 && item.kind === 'video');
    expect(at).toBeGreaterThan(0);
    const second = items[at]!;
    await press('1');
    await waitFor((x) => x.route === 'section/branch-lessons', 'section 1');
    segments.length = 0;
    for (let i = 0; i < at; i++) await press('ArrowDown');
    await press('Enter');
    await waitFor((x) => x.route === `play/${second.id}`, 'the player');
    // Playback must really advance: currentTime grows by ≥ 2 s and segments arrive over HTTP.
    await page.waitForFunction(() => (document.querySelector('video')?.currentTime ?? 0) > 0.3, null, { timeout: 15_000 });
    const t0 = await videoTime();
    await page.waitForFunction((start) => (document.querySelector('video')?.currentTime ?? 0) >= start + 2, t0, { timeout: 15_000 });
    expect(await videoTime()).toBeGreaterThanOrEqual(t0 + 2);
    expect(new Set(segments).size).toBeGreaterThanOrEqual(2);
    expect(await page.evaluate(() => document.querySelector('video')?.paused)).toBe(false);
    await page.screenshot({ path: screenshotPath('player') });

    await press('Enter'); // OK pauses
    expect(await page.evaluate(() => document.querySelector('video')?.paused)).toBe(true);
    await press('Backspace');
    const back = await waitFor((x) => x.route === 'section/branch-lessons', 'the section after the player');
    expect(back.focused).toBe(second.title);
    await expect.poll(() => tv(page).videoUnloaded()).toBe(true);
  });

  it('when a service-guide entry is opened, then it reads in large text with its department and steps, and Back returns', async () => {
    const guide = catalog.sections[5]!.items[0]!;
    await press('6');
    await waitFor((x) => x.route === 'section/guide', 'section 6');
    await press('Enter');
    const s = await waitFor((x) => x.route === `item/${guide.id}` && x.focused === guide.title, 'the reader');
    expect(s.message).toBeNull();
    await page.screenshot({ path: screenshotPath('reader') });
    await press('ArrowDown', 'ArrowUp');
    await press('Backspace');
    await waitFor((x) => x.route === 'section/guide' && x.focused === guide.title, 'back in section 6');
  });

  it('when Back is pressed on home, then it asks before leaving; staying keeps the app alive', async () => {
    await press('Backspace');
    const s = await waitFor((x) => x.dialog === '要退出客厅吗？', 'the exit question');
    expect(s.focused).toBe('留在这里'); // the safe answer has focus
    await press('ArrowRight');
    expect((await state()).focused).toBe('退出');
    await press('ArrowLeft', 'Enter');
    await waitFor((x) => x.dialog === null && x.route === 'home', 'the question closed');
    await press('ArrowRight');
    expect((await state()).focused).toBe('2 党员教育'); // still alive and responding
    await page.screenshot({ path: screenshotPath('home-after-exit-question') });
  });
});
