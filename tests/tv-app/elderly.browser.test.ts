// The TV for elderly viewers: digits and colour keys from anywhere, Back from every kind of
// screen, voice read-out, resume, settings, the offline banner and recovery, a video that fails.
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { CatalogResponse } from '../../cms-server/src/tv-api/contract.ts';
import type { KetingState } from '../../tv-app/src/observe.ts';
import { screenshotPath } from '../helpers/browser.ts';
import { startKeting, type KetingProcess } from '../helpers/server.ts';
import { BLUE, GREEN, RED, YELLOW, overlappingTexts, recordSpeech, tv, startTvRig, visibleTexts, type TvRig } from './tv-page.ts';
import { INTERACTIVE_MARK } from '../../tv-app/src/marks.ts';

let cms: KetingProcess;
let browser: Browser;
let page: Page;
let catalog: CatalogResponse;
let t: ReturnType<typeof tv>;

const state = () => t.state();
const waitFor = (pred: (s: KetingState) => boolean, what: string, timeout?: number) => t.waitFor(pred, what, timeout);
const press = (...keys: string[]) => t.press(...keys);
const remote = (code: number) => t.remote(code);
const said = () => t.said();

/** A fresh 1920×1080 page (in `where`, the shared browser by default) driven by `t`. */
async function newTvPage(where: Pick<Browser, 'newPage'> = browser): Promise<void> {
  page = await where.newPage({ viewport: { width: 1920, height: 1080 } });
  t = tv(page);
}

async function openApp(baseUrl = cms.baseUrl) {
  await newTvPage();
  await recordSpeech(page);
  await page.goto(`${baseUrl}/tv/`);
  await waitFor((s) => s.ready && s.route === 'home', 'the home screen');
}
const firstVideoIn = (sectionIndex: number) => {
  const items = catalog.sections[sectionIndex]!.items;
  return { at: items.findIndex((i) => i.kind === 'video'), item: items.find((i) => i.kind === 'video')! };
};

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

describe('moving around with the remote', () => {
  it('when a digit is pressed on home, in a reader and in the player, then that section opens', async () => {
    await openApp();
    await press('3');
    await waitFor((s) => s.route === 'section/showcase', 'section 3 from home');

    await press('6', 'Enter');
    await waitFor((s) => s.route.startsWith('item/'), 'a guide in the reader');
    await press('9');
    await waitFor((s) => s.route === 'section/livelihood', 'section 9 from the reader');

    const { at, item } = firstVideoIn(0);
    await press('1');
    await waitFor((s) => s.route === 'section/branch-lessons', 'section 1');
    for (let i = 0; i < at; i++) await press('ArrowDown');
    await press('Enter');
    await waitFor((s) => s.route === `play/${item.id}`, 'the player');
    await press('0');
    await waitFor((s) => s.route === 'section/culture', 'section 0 from the player');
    await expect.poll(t.videoUnloaded).toBe(true);
  });

  it('when colour keys are pressed, then red goes home, green lists notices, yellow continues, blue opens settings', async () => {
    await openApp();
    await remote(GREEN);
    const notices = await waitFor((s) => s.route === 'section/notices', 'the notices');
    const urgent = catalog.sections.flatMap((s) => s.items).find((i) => i.kind === 'notice' && i.urgent)!;
    expect(notices.focused).toBe(urgent.title); // urgent notices come first
    await page.screenshot({ path: screenshotPath('notices') });

    await remote(BLUE);
    await waitFor((s) => s.route === 'settings', 'settings');
    await remote(YELLOW);
    await waitFor((s) => s.route === 'section/continue', 'continue watching');

    await remote(RED);
    await waitFor((s) => s.route === 'home', 'home by the red key');
    // Red starts the way back afresh: Back on home now asks to leave instead of retracing.
    await press('Backspace');
    await waitFor((s) => s.dialog === '要退出客厅吗？', 'the exit question');
    await press('Escape'); // Back on a question gives the safe answer
    await waitFor((s) => s.dialog === null && s.route === 'home', 'still home');
  });

  it('when Back is pressed on each kind of screen, then it goes exactly one step back', async () => {
    await openApp();
    await press('4'); // section
    await waitFor((s) => s.route === 'section/news', 'section 4');
    await press('ArrowDown', 'Enter'); // an article in the reader
    await waitFor((s) => s.route.startsWith('item/'), 'the reader');
    await remote(BLUE); // settings on top
    await waitFor((s) => s.route === 'settings', 'settings');
    await press('Backspace');
    await waitFor((s) => s.route.startsWith('item/'), 'back to the reader');
    await press('Backspace');
    await waitFor((s) => s.route === 'section/news' && s.focused === catalog.sections[3]!.items[1]!.title, 'back to the section, same item');
    await press('Backspace');
    await waitFor((s) => s.route === 'home' && s.focused === '4 党建动态', 'back home on the same tile');
  });
});

describe('the key map', () => {
  it("when a box sends its own Back code (webOS 461, Tizen 10009) or codes added by configuration, then they work", async () => {
    await newTvPage();
    // This box's extra codes: one from its start URL, one kept on the box.
    await page.addInitScript(() => localStorage.setItem('keting.keys', '777:Digit3'));
    await page.goto(`${cms.baseUrl}/tv/?keys=4096:Back`);
    await waitFor((s) => s.ready && s.route === 'home', 'the home screen');
    for (const back of [461, 10009, 4096]) {
      await press('4');
      await waitFor((s) => s.route === 'section/news', 'section 4');
      await remote(back);
      await waitFor((s) => s.route === 'home' && s.focused === '4 党建动态', `home by Back ${back}`);
    }
    await remote(777);
    await waitFor((s) => s.route === 'section/showcase', 'section 3 by the configured code');
    await remote(96 + 5); // the numeric pad's 5
    await waitFor((s) => s.route === 'section/affairs', 'section 5 by the numeric pad');
  });
});

describe('hearing', () => {
  it('when the focus moves, then the app says what has focus and where; OK in a notice reads it all', async () => {
    await openApp();
    await press('ArrowRight');
    await expect.poll(said, { timeout: 5000 }).toContain('党员教育，第2个，共10个');
    await press('Enter');
    await waitFor((s) => s.route === 'section/education', 'section 2');
    const first = catalog.sections[1]!.items[0]!;
    await expect.poll(async () => (await said()).join('|'), { timeout: 5000 }).toContain(`${first.title}，视频，第1条，共${catalog.sections[1]!.items.length}条`);

    await remote(GREEN);
    await waitFor((s) => s.route === 'section/notices', 'the notices');
    await press('Enter');
    const opened = await waitFor((s) => s.route.startsWith('item/') && s.focused !== null, 'a notice');
    await press('Enter'); // 朗读
    await expect.poll(async () => (await said()).at(-1) ?? '', { timeout: 5000 }).toMatch(new RegExp(`^${opened.focused}。`));
    expect((await said()).at(-1)!.length).toBeGreaterThan(100); // the whole text, not just the title
  });

  it('when voice read-out is switched off in settings, then focus changes are not spoken', async () => {
    await openApp();
    await remote(BLUE);
    await waitFor((s) => s.route === 'settings' && s.focused === '语音播报 开', 'settings');
    await press('Enter');
    await waitFor((s) => s.focused === '语音播报 关', 'voice off');
    await page.screenshot({ path: screenshotPath('settings') });
    const before = (await said()).length;
    await press('ArrowDown', 'ArrowDown', 'Backspace', 'ArrowRight');
    await page.waitForTimeout(800);
    expect((await said()).length).toBe(before);
    expect(await page.evaluate(() => JSON.parse(localStorage.getItem('keting.settings')!).voice)).toBe(false);
  });
});

describe('watching', () => {
  it('when a video is reopened after stopping part-way, then it offers to continue from there, and yellow lists it to play on at once', async () => {
    await openApp();
    const { at, item } = firstVideoIn(1);
    await press('2');
    await waitFor((s) => s.route === 'section/education', 'section 2');
    for (let i = 0; i < at; i++) await press('ArrowDown');
    await press('Enter');
    await waitFor((s) => s.route === `play/${item.id}`, 'the player');
    await page.waitForFunction(() => (document.querySelector('video')?.currentTime ?? 0) >= 2.5, null, { timeout: 15_000 });
    await press('Backspace');
    await waitFor((s) => s.route === 'section/education', 'back in the section');

    await press('Enter');
    const ask = await waitFor((s) => s.dialog !== null, 'the resume question');
    expect(ask.dialog).toMatch(/^从上次 00:0[2-4] 继续播放？$/);
    await page.screenshot({ path: screenshotPath('resume-question') });
    await press('Enter'); // 继续播放
    await page.waitForFunction(() => (document.querySelector('video')?.currentTime ?? 0) >= 2.4, null, { timeout: 10_000 });
    await press('Backspace');

    await remote(YELLOW);
    const cont = await waitFor((s) => s.route === 'section/continue', 'continue watching');
    expect(cont.focused).toBe(item.title);
    // The 继续观看 list is there to continue: OK plays on at once, saying from where, no question
    // (resume.browser.test.ts); Back is one step back, to the list.
    await press('Enter');
    await waitFor((s) => s.route === `play/${item.id}` && s.dialog === null && s.spoken.some((x) => x.startsWith('从 ')), 'playing on at once');
    await press('Backspace');
    await waitFor((s) => s.dialog === null && s.route === 'section/continue', 'back in continue watching');
    await expect.poll(t.videoUnloaded).toBe(true);
  });

  it('when the video cannot be loaded, then the player says so in words and OK retries', async () => {
    await openApp();
    await page.route('**/master.m3u8', (r) => r.abort());
    const { at, item } = firstVideoIn(0);
    await press('1');
    await waitFor((s) => s.route === 'section/branch-lessons', 'section 1');
    for (let i = 0; i < at; i++) await press('ArrowDown');
    await press('Enter');
    const failed = await waitFor((s) => s.route === `play/${item.id}` && s.message !== null, 'the error', 30_000);
    expect(failed.message).toMatch(/视频/);
    await page.screenshot({ path: screenshotPath('player-error') });
    await page.unroute('**/master.m3u8');
    await press('Enter');
    await page.waitForFunction(() => (document.querySelector('video')?.currentTime ?? 0) > 0.5, null, { timeout: 15_000 });
    await press('Backspace');
    await waitFor((s) => s.route === 'section/branch-lessons', 'back in the section');
  });
});

describe('idle', () => {
  it('when home is left alone for 20 s with 首页空闲时自动播放 on, then a featured lesson plays full screen; Back comes home', async () => {
    await newTvPage();
    await page.addInitScript(() => localStorage.setItem('keting.settings', JSON.stringify({ idlePlay: true })));
    await page.goto(`${cms.baseUrl}/tv/`);
    const started = Date.now();
    await waitFor((s) => s.ready && s.route === 'home', 'the home screen');
    const featured = catalog.sections.flatMap((s) => s.items).find((i) => i.kind === 'video')!;
    await waitFor((s) => s.route === `play/${featured.id}`, 'the featured lesson', 30_000);
    expect(Date.now() - started).toBeGreaterThanOrEqual(19_000);
    await page.waitForFunction(() => (document.querySelector('video')?.currentTime ?? 0) > 0.5, null, { timeout: 15_000 });
    await press('Backspace');
    await waitFor((s) => s.route === 'home' && s.dialog === null, 'home again');
    await expect.poll(t.videoUnloaded).toBe(true);
  });

  it('when 首页空闲时自动播放 is off (the default), then home stays home', async () => {
    await openApp();
    await page.waitForTimeout(22_000);
    expect((await state()).route).toBe('home');
  });
});

/** Notes the app's state at the moment its canvas joins the page (the first thing the viewer sees). */
async function noteWhenScreenAppears(p: Page): Promise<void> {
  await p.addInitScript(() => {
    new MutationObserver((records, observer) => {
      for (const r of records) {
        for (const n of Array.from(r.addedNodes)) {
          if (n instanceof HTMLCanvasElement) {
            const w = window as unknown as { __keting: unknown; __atScreen?: unknown };
            w.__atScreen = JSON.parse(JSON.stringify(w.__keting));
            observer.disconnect();
          }
        }
      }
    }).observe(document, { childList: true, subtree: true });
  });
}
const stateAtScreen = () => page.evaluate(() => (window as unknown as { __atScreen?: KetingState }).__atScreen ?? null);

describe('starting', () => {
  it('when the TV starts, then its screen appears with home complete (never an empty stage) and it marks that moment', async () => {
    await newTvPage();
    await noteWhenScreenAppears(page);
    await page.goto(`${cms.baseUrl}/tv/`);
    await waitFor((s) => s.ready && s.route === 'home', 'the home screen');
    await expect.poll(stateAtScreen).not.toBeNull();
    expect(await stateAtScreen()).toMatchObject({ ready: true, route: 'home', focused: '1 支部党课', message: null });
    expect(new URL(page.url()).hash).toBe('#home');
    expect(await page.evaluate((m) => performance.getEntriesByName(m).length, INTERACTIVE_MARK)).toBe(1);
  });

  it('when the CMS is slow to answer at start, then the TV says it is loading, and shows home once the answer comes', async () => {
    await newTvPage();
    await noteWhenScreenAppears(page);
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route('**/api/tv/v2/catalog*', async (route) => {
      await held;
      await route.continue();
    });
    await page.goto(`${cms.baseUrl}/tv/`);
    // The app does not wait for the answer: its screen appears while the request is held, saying so.
    await expect.poll(stateAtScreen, { timeout: 10_000 }).not.toBeNull();
    expect(await stateAtScreen()).toMatchObject({ ready: false }); // on screen before home could be built
    expect((await visibleTexts(page)).map((b) => b.text)).toContain('正在加载，请稍候…');
    release();
    const home = await waitFor((s) => s.ready && s.route === 'home', 'home once the catalog arrives');
    expect(home.focused).toBe('1 支部党课');
    expect((await visibleTexts(page)).map((b) => b.text)).not.toContain('正在加载，请稍候…');
  });
});

describe('never stranded', () => {
  it('when the CMS hangs at start on a box that has seen it before, then home shows the kept catalog with the banner, then the answer', async () => {
    const context = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
    try {
      await newTvPage(context);
      await page.goto(`${cms.baseUrl}/tv/`);
      await waitFor((s) => s.ready && s.route === 'home' && !s.offline, 'home on the first visit');
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      await page.route('**/api/tv/v2/catalog*', async (route) => {
        await held;
        await route.continue();
      });
      await page.reload();
      // Well before the request's own 8 s timeout: the box does not make the viewer wait for a hung CMS.
      const kept = await waitFor((s) => s.ready && s.route === 'home', 'home from the kept catalog', 6_000);
      expect(kept).toMatchObject({ offline: true, focused: '1 支部党课' });
      release();
      await waitFor((s) => !s.offline, 'the answer replacing the kept copy', 15_000);
    } finally {
      await context.close();
    }
  });

  it('when the CMS stops mid-session, then home shows the kept catalog with a banner and recovers by itself', async () => {
    const own = await startKeting();
    const port = new URL(own.baseUrl).port;
    let again: KetingProcess | undefined;
    try {
      await openApp(own.baseUrl);
      await press('5');
      await waitFor((s) => s.route === 'section/affairs', 'section 5');
      await own.stop({ keepData: true });
      await press('Backspace');
      const offline = await waitFor((s) => s.route === 'home' && s.offline, 'the offline banner');
      expect(offline.focused).toBe('5 政务公开'); // the kept catalog still works
      await page.waitForTimeout(400); // the banner fades in
      expect((await visibleTexts(page)).map((b) => b.text)).toContain('暂时连不上服务器，先显示上次的内容。');
      expect(await overlappingTexts(page)).toEqual([]); // the banner is readable, not under the key hints
      await page.screenshot({ path: screenshotPath('home-offline') });
      await press('ArrowLeft');
      expect((await state()).focused).toBe('4 党建动态');

      again = await startKeting({ dataDir: own.dataDir, env: { PORT: port } });
      await waitFor((s) => !s.offline, 'recovery without a key press', 20_000);
    } finally {
      await again?.stop();
      await own.stop();
    }
  });
});
