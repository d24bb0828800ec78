// Reading: guides, recruitment posts and notices in large text, paged with ↑/↓ and a page
// indicator, and read aloud in full by the 朗读 button at the speed chosen in settings.
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { CatalogResponse } from '../../cms-server/src/tv-api/contract.ts';
import { daysLeft } from '../../tv-app/src/data/format.ts';
import { screenshotPath } from '../helpers/browser.ts';
import type { KetingProcess } from '../helpers/server.ts';
import { BLUE, recordSpeech, textsOutsideSafeArea, tv, visibleTexts, startTvRig, type TvRig } from './tv-page.ts';

let cms: KetingProcess;
let browser: Browser;
let page: Page;
let catalog: CatalogResponse;
let t: ReturnType<typeof tv>;

async function openApp({ voice = false } = {}) {
  page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
  t = tv(page);
  await recordSpeech(page, { voice });
  await page.goto(`${cms.baseUrl}/tv/`);
  await t.waitFor((s) => s.ready && s.route === 'home', 'the home screen');
}
const section = (id: string) => catalog.sections.find((s) => s.id === id)!;

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

describe('reading', () => {
  it('when a long guide is opened, then ↓ and ↑ turn its pages with "第2页，共N页" shown and said, and the ends hold', async () => {
    await openApp();
    const guide = section('guide').items[0]!;
    await t.press('6', 'Enter');
    const first = await t.waitFor((s) => s.route === `item/${guide.id}` && s.page !== null, 'the guide with its page count');
    const total = Number(/共(\d+)页/.exec(first.page!)![1]);
    expect(first.page).toBe(`第1页，共${total}页`);
    expect(total).toBeGreaterThanOrEqual(2);
    await expect.poll(async () => (await t.said()).join('|')).toContain(`${guide.title}，按 OK 键朗读全文，共${total}页`);
    const shown = (await visibleTexts(page)).map((x) => x.text).join('|');
    expect(shown).toContain(`第1页，共${total}页`);
    expect(shown).toContain('联系电话：'); // the phone is on the first page
    await page.screenshot({ path: screenshotPath('reader-guide') });

    await t.press('ArrowDown');
    expect((await t.state()).page).toBe(`第2页，共${total}页`);
    await expect.poll(async () => (await t.said()).at(-1)).toBe(`第2页，共${total}页`);
    await page.screenshot({ path: screenshotPath('reader-guide-page2') });
    for (let i = 0; i < total + 2; i++) await t.press('ArrowDown'); // past the end: stays on the last page
    expect((await t.state()).page).toBe(`第${total}页，共${total}页`);
    expect(await textsOutsideSafeArea(page)).toEqual([]);
    for (let i = 0; i < total + 2; i++) await t.press('ArrowUp');
    expect((await t.state()).page).toBe(`第1页，共${total}页`);
    await t.press('Backspace');
    await t.waitFor((s) => s.route === 'section/guide' && s.focused === guide.title, 'back to the guide list');
  });

  it('when a recruitment post is opened, then its deadline shows the days left', async () => {
    await openApp();
    const job = section('jobs').items[0]!;
    const left = daysLeft(job.deadline!);
    await t.press('7');
    await t.waitFor((s) => s.route === 'section/jobs', 'the jobs');
    expect((await visibleTexts(page)).map((x) => x.text).join('|')).toContain(`还剩${left}天`); // already in the list
    await t.press('Enter');
    await t.waitFor((s) => s.route === `item/${job.id}` && s.focused === job.title, 'the post');
    await page.waitForTimeout(500);
    const body = (await visibleTexts(page)).map((x) => x.text).join('|');
    expect(body).toContain(`报名截止：`);
    expect(body).toContain(`还剩${left}天`);
    await page.screenshot({ path: screenshotPath('reader-recruitment') });
  });

  it('when 朗读 is pressed after choosing the slow speed, then the whole guide is read slowly; OK again stops', async () => {
    await openApp({ voice: true });
    await t.remote(BLUE);
    await t.waitFor((s) => s.route === 'settings', 'settings');
    await t.press('ArrowDown', 'ArrowLeft'); // 语速: 正常 → 慢
    await t.waitFor((s) => s.focused === '语速 慢', 'the slow speed');
    await t.press('6', 'ArrowDown', 'Enter');
    const guide = section('guide').items[1]!;
    await t.waitFor((s) => s.route === `item/${guide.id}` && s.page !== null, 'the second guide');
    await t.press('Enter'); // 朗读
    await expect.poll(async () => (await t.said()).at(-1) ?? '').toMatch(new RegExp(`^${guide.title}。办理部门：`));
    const [said, rates] = [await t.said(), await t.rates()];
    const text = said.at(-1)!;
    expect(text).toContain('办理步骤：第1步，');
    expect(text).toContain('联系电话：');
    expect(text.length).toBeGreaterThan(150); // every page, not just the one on screen
    expect(rates.at(-1)).toBeCloseTo(0.8, 5);
    await t.press('ArrowDown'); // turning the page while reading does not interrupt it
    expect((await t.said()).at(-1)).toBe(text);
    expect((await t.state()).message).toBe('正在朗读');
    await t.press('Enter'); // OK again: stop
    expect((await t.state()).message).toBeNull();
    expect((await t.said()).at(-1)).toBe(text); // nothing new was said
  });

  it('when an urgent notice is opened, then it says 紧急通知 in its own colour above the text', async () => {
    await openApp();
    const notice = section('affairs').items.find((i) => i.urgent)!;
    await t.press('5');
    await t.waitFor((s) => s.route === 'section/affairs', 'the affairs');
    const at = section('affairs').items.indexOf(notice);
    for (let i = 0; i < at; i++) await t.press('ArrowDown');
    await t.press('Enter');
    await t.waitFor((s) => s.route === `item/${notice.id}` && s.focused === notice.title, 'the notice');
    await page.waitForTimeout(500);
    expect((await visibleTexts(page)).some((x) => x.text.startsWith('紧急通知'))).toBe(true);
    await page.screenshot({ path: screenshotPath('reader-notice') });
  });
});
