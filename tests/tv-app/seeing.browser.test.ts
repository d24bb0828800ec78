// Seeing: on every kind of screen no text reaches into the 5 % margins, none is drawn over
// another and none is smaller than 36 px; the larger-text and high-contrast settings really change what is drawn.
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { CatalogResponse } from '../../cms-server/src/tv-api/contract.ts';
import { screenshotPath } from '../helpers/browser.ts';
import type { KetingProcess } from '../helpers/server.ts';
import { BLUE, overlappingTexts, textsOutsideSafeArea, tv, visibleTexts, startTvRig, type TvRig } from './tv-page.ts';

let cms: KetingProcess;
let browser: Browser;
let page: Page;
let catalog: CatalogResponse;
let t: ReturnType<typeof tv>;

async function openApp(settings?: object) {
  page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
  t = tv(page);
  if (settings) await page.addInitScript((s) => localStorage.setItem('keting.settings', s), JSON.stringify(settings));
  await page.goto(`${cms.baseUrl}/tv/`);
  await t.waitFor((s) => s.ready && s.route === 'home', 'the home screen');
}
/** The colour the canvas drew at a point (the Canvas2D renderer can be read back). */
const pixel = (x: number, y: number) =>
  page.evaluate(([px, py]) => Array.from(document.querySelector('canvas')!.getContext('2d')!.getImageData(px!, py!, 1, 1).data.slice(0, 3)), [x, y]);

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

/** Visits home, a section, the reader, the player and settings, checking each. */
async function visitEveryKindOfScreen(minFont: number) {
  const seen: Record<string, number> = {};
  const check = async (screen: string, mustShow: string) => {
    await page.waitForTimeout(600); // transitions settle
    const texts = await visibleTexts(page);
    expect(texts.map((x) => x.text).join('|'), screen).toContain(mustShow); // the walk really sees the screen
    expect(await textsOutsideSafeArea(page), screen).toEqual([]);
    expect(await overlappingTexts(page), screen).toEqual([]);
    expect(Math.min(...texts.map((x) => x.fontSize)), screen).toBeGreaterThanOrEqual(minFont);
    seen[screen] = texts.length;
  };
  await check('home', catalog.sections[0]!.title);
  await t.press('6');
  await t.waitFor((s) => s.route === 'section/guide', 'section 6');
  await check('section', catalog.sections[5]!.items[0]!.title);
  await t.press('Enter');
  await t.waitFor((s) => s.route.startsWith('item/') && s.focused !== null, 'the reader');
  await check('reader', '办理部门');
  const video = catalog.sections[0]!.items.findIndex((i) => i.kind === 'video');
  await t.press('1', ...Array<string>(video).fill('ArrowDown'), 'Enter');
  await page.waitForFunction(() => (document.querySelector('video')?.currentTime ?? 0) > 0.5, null, { timeout: 15_000 });
  await check('player', catalog.sections[0]!.items[video]!.title);
  await t.remote(BLUE);
  await t.waitFor((s) => s.route === 'settings', 'settings');
  await check('settings', '字体大小');
  return seen;
}

describe('seeing', () => {
  it('when every kind of screen is shown in simple mode, then all text is ≥ 36 px, inside the 5 % margins and clear of other text', async () => {
    await openApp();
    const seen = await visitEveryKindOfScreen(36);
    expect(Object.keys(seen)).toHaveLength(5);
    expect(await pixel(20, 20)).toEqual([10, 22, 40]); // the navy background
  });

  it('when larger text and high contrast are chosen in settings, then the app rebuilds in black and white with bigger text', async () => {
    await openApp();
    await t.remote(BLUE);
    await t.waitFor((s) => s.route === 'settings', 'settings');
    await t.press('ArrowDown', 'ArrowDown');
    await t.waitFor((s) => s.focused === '字体大小 大', 'the text-size row');
    await t.press('ArrowRight'); // 特大: the app restarts to rebuild every screen…
    // …and comes back to the same row of settings, with the same way back.
    await page.waitForEvent('load');
    await t.waitFor((s) => s.ready && s.route === 'settings' && s.focused === '字体大小 特大', 'settings after the restart', 15_000);
    await t.press('ArrowDown');
    await t.waitFor((s) => s.focused === '高对比度 关', 'the contrast row');
    await t.press('Enter');
    await page.waitForEvent('load');
    await t.waitFor((s) => s.ready && s.route === 'settings' && s.focused === '高对比度 开', 'settings after the second restart', 15_000);
    await t.press('Backspace');
    await t.waitFor((s) => s.route === 'home' && s.dialog === null, 'one step back: home');
    const caption = (await visibleTexts(page)).find((x) => x.text.startsWith('用遥控器'))!;
    expect(caption.fontSize).toBe(42); // the caption size grew from 36
    await page.waitForTimeout(500);
    expect(await pixel(20, 20)).toEqual([0, 0, 0]);
    expect(await page.evaluate(() => JSON.parse(localStorage.getItem('keting.settings')!))).toMatchObject({ textSize: 'larger', contrast: 'high' });
    await page.screenshot({ path: screenshotPath('home-larger-high-contrast') });
    await visitEveryKindOfScreen(42);
  });
});
