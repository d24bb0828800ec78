// A voice on every box: a box without speechSynthesis (or without a Chinese voice) is read to by the CMS —
// phrases rendered by espeak-ng on the server, played by an <audio> element beside the canvas; a box with a
// Chinese voice uses its own engine and asks the CMS for nothing. Real CMS, real espeak-ng, real Chromium.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordSpeech, startTvRig, tv, type TvRig } from './tv-page.ts';

let rig: TvRig;
beforeAll(async () => {
  rig = await startTvRig();
});
afterAll(async () => {
  await rig?.stop();
});

/** A box whose browser has no speech engine at all, as many set-top boxes (and WPE WebKit) are. */
async function boxWithoutSpeech(): Promise<{ page: Page; asked: string[] }> {
  const page = await rig.browser.newPage({ viewport: { width: 1920, height: 1080 } });
  await page.addInitScript(`
    Object.defineProperty(window, 'speechSynthesis', { value: undefined });
    Object.defineProperty(window, 'SpeechSynthesisUtterance', { value: undefined });
    window.__played = [];
    document.addEventListener('playing', (e) => { if (e.target.tagName === 'AUDIO') window.__played.push(e.target.src); }, true);
  `);
  const asked: string[] = [];
  page.on('request', (r) => {
    const u = new URL(r.url());
    if (u.pathname === '/api/tv/v1/speech') asked.push(u.searchParams.get('text')!);
  });
  await page.goto(`${rig.cms.baseUrl}/tv/`);
  await tv(page).waitFor((s) => s.ready && s.route === 'home', 'home');
  return { page, asked };
}
/** The sources the <audio> element started playing (object URLs of the fetched phrases). */
const played = (page: Page) => page.evaluate('window.__played') as Promise<string[]>;

describe('a voice on every box', () => {
  it('when the box has no speech engine, then a focus change is heard through the CMS’s audio, phrase by phrase', async () => {
    const { page, asked } = await boxWithoutSpeech();
    const t = tv(page);
    await t.press('ArrowRight');
    const second = rig.catalog.sections[1]!.title;
    await t.waitFor((s) => s.spoken.at(-1)?.startsWith(second) === true, 'the second tile read out');
    // Three phrases (the title, 第2个, 共10个), each fetched from the CMS and played by the <audio> element.
    const until = Date.now() + 15_000;
    while ((await played(page)).length < 3 && Date.now() < until) await page.waitForTimeout(100);
    // (Home's own first read-out may come before them: its phrases are asked too.)
    expect(asked.slice(-3)).toEqual([second, '第2个', '共10个']);
    expect((await played(page)).length).toBeGreaterThanOrEqual(3);
    await page.close();
  });

  it('when 朗读 is pressed on a notice without a speech engine, then the whole text is asked of the CMS and played, and Back stops it', async () => {
    const { page, asked } = await boxWithoutSpeech();
    const t = tv(page);
    await t.press('5', 'Enter');
    await t.waitFor((s) => s.route.startsWith('item/') && s.focused !== null, 'a notice in the reader');
    const before = asked.length;
    await t.press('Enter'); // 朗读
    await t.waitFor((s) => s.message === '正在朗读', 'reading aloud');
    const playedBefore = (await played(page)).length;
    const until = Date.now() + 20_000;
    while ((await played(page)).length < playedBefore + 2 && Date.now() < until) await page.waitForTimeout(100);
    expect(asked.length - before).toBeGreaterThanOrEqual(2);
    expect((await played(page)).length).toBeGreaterThanOrEqual(playedBefore + 2);
    await t.press('Escape');
    // Back stops the reading at once (the audio pauses); the list it returns to then says its focused row.
    await page.waitForFunction(() => document.querySelector('audio')?.paused === true, null, { timeout: 3000 });
    const s = await t.waitFor((st) => st.route.startsWith('section/'), 'back on the list');
    expect(s.message).toBeNull();
    await page.close();
  });

  it('when the box has a Chinese voice, then its own engine speaks and the CMS is asked for nothing', async () => {
    const page = await rig.browser.newPage({ viewport: { width: 1920, height: 1080 } });
    await recordSpeech(page);
    let asked = 0;
    page.on('request', (r) => void (new URL(r.url()).pathname === '/api/tv/v1/speech' && asked++));
    await page.goto(`${rig.cms.baseUrl}/tv/`);
    const t = tv(page);
    await t.waitFor((s) => s.ready && s.route === 'home', 'home');
    await t.press('ArrowRight');
    const until = Date.now() + 5000;
    while (!(await t.said()).some((x) => x.startsWith(rig.catalog.sections[1]!.title)) && Date.now() < until) await page.waitForTimeout(100);
    expect((await t.said()).some((x) => x.startsWith(rig.catalog.sections[1]!.title))).toBe(true);
    expect(asked).toBe(0);
    await page.close();
  });
});
