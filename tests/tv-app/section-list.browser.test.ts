// A long section on the TV (issue 15): a few hundred items in 文化科普 (digit 0). Only the rows on screen exist as
// Lightning elements however far the viewer goes; the next page is asked for before the end of what is loaded;
// the screen says and speaks where the focus is (第 61 条，共 306 条); ← / → and the page keys move a page; Back
// from an item lands on the same row; the rows on screen are whole (no sliver above, no clipped row below).
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { HomeResponse, SectionPage } from '../../cms-server/src/tv-api/contract.ts';
import type { KetingState } from '../../tv-app/src/observe.ts';
import { adminOf } from '../helpers/admin-client.ts';
import { launchChromium, screenshotPath } from '../helpers/browser.ts';
import { copySeededData, startKeting, type KetingProcess } from '../helpers/server.ts';
import { addArticles } from './many-items.ts';
import { overlappingTexts, recordSpeech, STAGE_ELEMENTS_JS, textsOutsideSafeArea, tv, visibleTexts } from './tv-page.ts';

const SECTION = 'culture'; // 0 文化科普
const ADDED = 300;

let cms: KetingProcess;
let browser: Browser;
let page: Page;
let t: ReturnType<typeof tv>;
let total: number;
/** The section's titles in list order, as the API pages them. */
let titles: string[];
/** The requests the page made for the section's pages (their query strings). */
let pageRequests: string[];

const state = () => t.state();
const waitFor = (pred: (s: KetingState) => boolean, what: string, timeout?: number) => t.waitFor(pred, what, timeout);

const elements = () => page.evaluate(STAGE_ELEMENTS_JS) as Promise<number>;

/**
 * Texts cut by a clip region: drawn in part only (a sliver of a row, a row clipped mid-text). Each text's full box
 * against what its clipping ancestors let through.
 */
const CUT_TEXTS_JS = `(() => {
  const out = [];
  function rect(el) {
    const c = el.core.getCornerPoints();
    return { x1: Math.min(c[0], c[4]), y1: Math.min(c[1], c[5]), x2: Math.max(c[0], c[4]), y2: Math.max(c[1], c[5]) };
  }
  function walk(el, clip) {
    if (!el.attached || !(el.core._worldContext.alpha > 0.01)) return;
    let inner = clip;
    if (el.clipping) {
      const r = rect(el);
      inner = { x1: Math.max(clip.x1, r.x1), y1: Math.max(clip.y1, r.y1), x2: Math.min(clip.x2, r.x2), y2: Math.min(clip.y2, r.y2) };
    }
    const t = el.texture;
    if (t && typeof t.text === 'string' && t.text.trim()) {
      const r = rect(el);
      const h = Math.min(r.y2, inner.y2) - Math.max(r.y1, inner.y1);
      // Lightning's text box keeps half a font size below the last line: that part may be cut, the glyphs not.
      const glyphs = r.y2 - r.y1 - (t.fontSize || 0) / 2;
      if (h > 0 && h < glyphs - 1) out.push(t.text.slice(0, 30) + ' [' + r.y1.toFixed(0) + '–' + r.y2.toFixed(0) + ' shown ' + h.toFixed(0) + ']');
    }
    const k = el.childList;
    if (k) for (let i = 0; i < k.length; i++) walk(k.getAt(i), inner);
  }
  walk(window.__ketingStage.root, { x1: 0, y1: 0, x2: 1920, y2: 1080 });
  return out;
})()`;
const cutTexts = () => page.evaluate(CUT_TEXTS_JS) as Promise<string[]>;

/** `n` presses of a key at a brisk remote's pace (the app must keep up; the test waits at the end). */
async function pressMany(key: string, n: number): Promise<void> {
  for (let i = 0; i < n; i++) {
    await page.keyboard.press(key);
    await page.waitForTimeout(40);
  }
  await page.waitForTimeout(300);
}

const label = (i: number) => `第 ${(i + 1).toLocaleString('en-US')} 条，共 ${total.toLocaleString('en-US')} 条`;

beforeAll(async () => {
  const dataDir = await copySeededData();
  addArticles(`${dataDir}/keting.sqlite`, SECTION, ADDED);
  cms = await startKeting({ dataDir });
  const home = (await (await fetch(`${cms.baseUrl}/api/tv/v2/catalog`)).json()) as HomeResponse;
  total = home.sections.find((s) => s.id === SECTION)!.count;
  titles = [];
  let cursor: string | null = null;
  do {
    const q: string = cursor ? `?limit=100&cursor=${cursor}` : '?limit=100';
    const p = (await (await fetch(`${cms.baseUrl}/api/tv/v2/sections/${SECTION}/items${q}`)).json()) as SectionPage;
    titles.push(...p.items.map((i) => i.title));
    cursor = p.nextCursor;
  } while (cursor);
  expect(titles).toHaveLength(total);
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await cms?.stop();
});
afterEach(async () => {
  await page?.close();
});

async function openSection(): Promise<void> {
  page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
  t = tv(page);
  pageRequests = [];
  page.on('request', (r) => {
    const u = new URL(r.url());
    if (u.pathname === `/api/tv/v2/sections/${SECTION}/items`) pageRequests.push(u.search);
  });
  await recordSpeech(page);
  await page.goto(`${cms.baseUrl}/tv/`);
  await waitFor((s) => s.ready && s.route === 'home', 'the home screen');
  await page.keyboard.press('0');
  await waitFor((s) => s.route === `section/${SECTION}` && s.focused === titles[0], 'the long section');
}

describe('a long section', () => {
  it('when the viewer goes far down, then the rows on screen are all that is built, the next page comes before the end, and the screen says where the focus is', async () => {
    expect(total).toBeGreaterThan(ADDED);
    await openSection();
    expect((await state()).position).toBe(label(0));
    expect((await visibleTexts(page)).map((b) => b.text)).toContain(label(0));
    await page.waitForTimeout(300);
    const atOpen = await elements();
    expect(pageRequests.filter((q) => !q.includes('cursor='))).toHaveLength(1); // the first page, once

    // Down through the first page: the second is asked for before its end (50 items a page).
    await pressMany('ArrowDown', 35);
    let s = await waitFor((x) => x.position === label(35), 'row 36');
    expect(s.focused).toBe(titles[35]);
    await expect.poll(() => pageRequests.some((q) => q.includes('cursor=')), { timeout: 5000 }).toBe(true);

    await pressMany('ArrowDown', 85);
    s = await waitFor((x) => x.position === label(120), 'row 121');
    expect(s.focused).toBe(titles[120]);
    expect(await elements()).toBeLessThanOrEqual(atOpen + 5); // the same handful of rows, given other items
    expect((await visibleTexts(page)).map((b) => b.text)).toContain(label(120));
    // Spoken with the row: the title, its kind, where it is.
    await expect.poll(async () => (await t.said()).join('|'), { timeout: 5000 }).toContain(`${titles[120]}，文章，第121条，共${total}条`);
  }, 120_000); // 120 key presses: 15 s on a quiet machine, 35 s seen under a load average of 17

  it('when five rows are passed in one quick burst, then the row the focus lands on is still read out', async () => {
    // Five recycled rows: five presses put the focus back on the very row element that was read out at the
    // start, now showing the sixth item. The announcer must not take it for the same, already-read row.
    await openSection();
    await expect.poll(async () => (await t.said()).join('|'), { timeout: 5000 }).toContain(`${titles[0]}，`);
    await pressMany('ArrowDown', 5);
    await waitFor((x) => x.position === label(5), 'row 6');
    await expect.poll(async () => (await t.said()).join('|'), { timeout: 5000 }).toContain(`${titles[5]}，`);
  });

  it('when ← / → or the page keys are pressed, then the focus moves a page (the rows on screen) at a time', async () => {
    await openSection();
    await page.keyboard.press('ArrowRight');
    let s = await waitFor((x) => x.position === label(3), '→: a page down');
    expect(s.focused).toBe(titles[3]);
    await pressMany('ArrowRight', 20); // 60 rows on: past the first page of 50
    s = await waitFor((x) => x.position === label(63), 'twenty pages on');
    expect(s.focused).toBe(titles[63]);
    await page.keyboard.press('ArrowLeft');
    await waitFor((x) => x.position === label(60), '←: a page up');
    await t.remote(34); // page down
    await waitFor((x) => x.position === label(63), 'page down');
    await t.remote(33); // page up
    await t.remote(33);
    await waitFor((x) => x.position === label(57), 'page up twice');
    await pressMany('ArrowLeft', 25); // the top holds
    await waitFor((x) => x.position === label(0), 'the top');
  });

  it('when an item is opened from far down and Back is pressed, then the list shows the same row', async () => {
    await openSection();
    await pressMany('ArrowRight', 30);
    await pressMany('ArrowDown', 2);
    const before = await waitFor((x) => x.position === label(92), 'row 93');
    expect(before.focused).toBe(titles[92]);
    await page.keyboard.press('Enter');
    await waitFor((x) => x.route.startsWith('item/') && x.focused !== null, 'the item in the reader');
    await page.keyboard.press('Backspace');
    const back = await waitFor((x) => x.route === `section/${SECTION}`, 'the section again');
    expect(back).toMatchObject({ focused: titles[92], position: label(92) });
    await page.keyboard.press('ArrowDown');
    await waitFor((x) => x.position === label(93) && x.focused === titles[93], 'on from there');
    // Opened anew (by its digit, from home), the section starts at its top.
    await t.remote(403); // red: home
    await waitFor((x) => x.route === 'home', 'home');
    await page.keyboard.press('0');
    await waitFor((x) => x.route === `section/${SECTION}` && x.position === label(0), 'the top of the section');
  });

  it('when the list has moved on, then the rows on screen are whole and readable: nothing cut, nothing over the description', async () => {
    await openSection();
    await pressMany('ArrowDown', 50);
    await waitFor((x) => x.position === label(50), 'row 51');
    await page.waitForTimeout(400); // the focus animation settles
    expect(await cutTexts()).toEqual([]);
    expect(await overlappingTexts(page)).toEqual([]);
    expect(await textsOutsideSafeArea(page)).toEqual([]);
    const shown = (await visibleTexts(page)).map((b) => b.text);
    // The row above the focused one, the focused one, the one below: whole, with their titles.
    for (const i of [49, 50, 51]) expect(shown).toContain(titles[i]);
    for (const i of [47, 48, 52, 53]) expect(shown).not.toContain(titles[i]);
    await page.screenshot({ path: screenshotPath('section-long') });
  });

  it('when an item is published into the section while the viewer is far down it, then the count goes up and the focus stays on its item', async () => {
    await openSection();
    await pressMany('ArrowRight', 20);
    await waitFor((x) => x.position === label(60) && x.focused === titles[60], 'row 61');
    const admin = await adminOf(cms.baseUrl);
    const created = await admin.json('POST', '/api/admin/items', {
      kind: 'article',
      sectionId: SECTION,
      title: '新到的科普文章',
      summary: '刚刚发布',
      body: '刚刚发布的文章。',
      urgent: false,
      streetId: null,
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const id = created.body.id as string;
    expect((await admin.json('POST', `/api/admin/items/${id}/submit`)).status).toBe(200);
    expect((await admin.json('POST', `/api/admin/items/${id}/approve`, {})).status).toBe(200);
    total += 1; // the new article is the newest: 第 1 条, everything else one place down
    const s = await waitFor((x) => x.position === label(61), 'the new count, the focus one place down', 15_000);
    expect(s.focused).toBe(titles[60]);
    await page.keyboard.press('ArrowDown');
    await waitFor((x) => x.position === label(62) && x.focused === titles[61], 'on from there');
  });
});
