// The TV app as the boxes run it that a desktop browser is not, in Debian's Chromium: a
// 1280×720 window (many IPTV boxes draw their browser at 720p), and the legacy build that old WebViews
// without ES modules load. The same two are checked in WPE WebKit by wpe.browser.test.ts.
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { CatalogResponse } from '../../cms-server/src/tv-api/contract.ts';
import { screenshotPath } from '../helpers/browser.ts';
import type { KetingProcess } from '../helpers/server.ts';
import { textsOutsideSafeArea, tv, visibleTexts, startTvRig, type TvRig } from './tv-page.ts';

let cms: KetingProcess;
let browser: Browser;
let page: Page;
let catalog: CatalogResponse;
let t: ReturnType<typeof tv>;

let rig: TvRig | undefined;
beforeAll(async () => {
  rig = await startTvRig();
  ({ cms, catalog, browser } = rig);
});
afterAll(async () => {
  await rig?.stop();
});
afterEach(async () => {
  await page?.close();
});

async function openApp(path: string, viewport: { width: number; height: number }, before?: () => void) {
  page = await browser.newPage({ viewport });
  t = tv(page);
  if (before) await page.addInitScript(before);
  await page.goto(`${cms.baseUrl}${path}`);
  await t.waitFor((s) => s.ready && s.route === 'home', 'the home screen', 20_000);
}
const rectOf = (selector: string) =>
  page.evaluate((sel) => {
    const r = document.querySelector(sel)!.getBoundingClientRect();
    return [r.left, r.top, r.right, r.bottom].map(Math.round);
  }, selector);

describe('a 1280×720 box', () => {
  it('when the window is 1280×720, then the stage, its text and the video fit the screen, text at ≥ 24 px', async () => {
    await openApp('/tv/', { width: 1280, height: 720 });
    expect(await page.evaluate(() => [document.querySelector('canvas')!.width, document.querySelector('canvas')!.height])).toEqual([1280, 720]);
    expect(await rectOf('canvas')).toEqual([0, 0, 1280, 720]);
    // Texts are laid out on the 1920×1080 stage and drawn at 2/3: ≥ 36 stage pixels is ≥ 24 on this screen,
    // the 720p equivalent of the 36 px body text; and they keep the 5 % margins.
    const texts = await visibleTexts(page);
    expect(texts.length).toBeGreaterThan(10);
    expect(Math.min(...texts.map((b) => b.fontSize)) * (1280 / 1920)).toBeGreaterThanOrEqual(24);
    expect(await textsOutsideSafeArea(page)).toEqual([]);
    await page.screenshot({ path: screenshotPath('home-720p') });
    // The drawn picture reaches the bottom-right of the screen, and nothing beyond the window is drawn.
    const corner = await page.evaluate(() => {
      const c = document.querySelector('canvas')!;
      const d = c.getContext('2d')!.getImageData(c.width - 40, c.height - 40, 1, 1).data;
      return d[3];
    });
    expect(corner).toBeGreaterThan(0);

    const items = catalog.sections[0]!.items;
    const at = items.findIndex((i) => i.kind === 'video');
    await t.press('1', ...Array<string>(at).fill('ArrowDown'), 'Enter');
    await t.waitFor((s) => s.route === `play/${items[at]!.id}` && s.player === 'playing', 'playback', 20_000);
    expect(await rectOf('video')).toEqual([0, 0, 1280, 720]);
    expect((await visibleTexts(page)).every((b) => b.fontSize >= 36)).toBe(true);
    await page.screenshot({ path: screenshotPath('player-720p') });
  });

  it('when the window is 1920×1080, then the stage is drawn 1:1 as before', async () => {
    await openApp('/tv/', { width: 1920, height: 1080 });
    expect(await rectOf('canvas')).toEqual([0, 0, 1920, 1080]);
  });
});

describe('the legacy build', () => {
  it('when a browser runs module scripts but lacks the ES2019 built-ins (a Chrome 61–72 WebView), then /tv/ gives it the legacy build', async () => {
    await openApp('/tv/', { width: 1920, height: 1080 }, () => {
      delete (Object as { fromEntries?: unknown }).fromEntries;
    });
    expect(await page.evaluate(() => typeof (window as unknown as { System?: unknown }).System)).toBe('object');
    expect(await page.evaluate(() => [...document.scripts].map((s) => s.src).filter((s) => /index-[^-]+\.js$/.test(s)))).toEqual([]);
    await t.press('2');
    await t.waitFor((s) => s.route === `section/${catalog.sections[1]!.id}`, 'section 2 by its digit');
  });

  it('when a current browser opens /tv/, then it runs the modern build (no SystemJS)', async () => {
    await openApp('/tv/', { width: 1920, height: 1080 });
    expect(await page.evaluate(() => typeof (window as unknown as { System?: unknown }).System)).toBe('undefined');
  });

  it('when only the legacy scripts are loaded (legacy.html), then the app runs: home, digits, OK, Back', async () => {
    await openApp('/tv/legacy.html', { width: 1920, height: 1080 });
    expect(await page.evaluate(() => typeof (window as unknown as { System?: unknown }).System)).toBe('object');
    expect((await t.state()).focused).toBe('1 支部党课');
    const guide = catalog.sections.find((s) => s.id === 'guide')!.items[0]!;
    await t.press('6', 'Enter');
    await t.waitFor((s) => s.route === `item/${guide.id}` && s.page !== null, 'a guide in the reader');
    await t.press('Backspace');
    await t.waitFor((s) => s.route === 'section/guide', 'back to the section');
    await page.screenshot({ path: screenshotPath('legacy-build-section') });
  });
});
