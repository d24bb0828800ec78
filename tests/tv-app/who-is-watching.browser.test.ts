// 谁在看 and study time on the TV (issue 16): a paired box asks who is watching as a lesson starts (the digits tick
// members, OK confirms), its progress reports name them and the CMS credits their study; after the lesson it shows
// each one's month. Every 30 minutes of playback (a few seconds here, set in the start address) it asks 还在观看吗,
// and unanswered it pauses and reports no more. An unpaired box never asks. A real CMS process, real Chromium,
// the box paired through the real admin API.
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { StudyReport } from '../../cms-server/src/admin/contract.ts';
import type { CatalogResponse, PairingCodeResponse } from '../../cms-server/src/tv-api/contract.ts';
import { adminOf, type AdminClient } from '../helpers/admin-client.ts';
import { launchChromium, screenshotPath } from '../helpers/browser.ts';
import { startKeting, type KetingProcess } from '../helpers/server.ts';
import { overlappingTexts, recordSpeech, textsOutsideSafeArea, tv, visibleTexts } from './tv-page.ts';

let cms: KetingProcess;
let browser: Browser;
let admin: AdminClient;
let catalog: CatalogResponse;
let page: Page;
let t: ReturnType<typeof tv>;
const households: Record<string, string> = {};
/** What the player says when 还在观看吗 went unanswered (screens/player/Player.ts). */
const NOBODY_THERE_TEXT = '没有人回答，视频已暂停，不再记录学习时间。按 OK 键继续观看';

async function household(name: string, members: string[]): Promise<void> {
  const created = await admin.json('POST', '/api/admin/households', { streetId: 'taiping', name });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  households[name] = created.body.household.id;
  for (const m of members) expect((await admin.json('POST', `/api/admin/households/${created.body.household.id}/members`, { name: m })).status).toBe(201);
}

beforeAll(async () => {
  cms = await startKeting();
  admin = await adminOf(cms.baseUrl);
  expect((await admin.json('POST', '/api/admin/streets', { id: 'taiping', name: '太平街道', publishDirectly: false })).status).toBe(201);
  await household('平安里 3 号 张家', ['张建国', '李秀英', '张小明']);
  await household('平安里 5 号 王家', ['王桂兰']);
  catalog = (await (await fetch(`${cms.baseUrl}/api/tv/v1/catalog`)).json()) as CatalogResponse;
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await cms?.stop();
});
afterEach(async () => {
  await page?.context().close();
});

async function openBox(query = ''): Promise<void> {
  const context = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
  page = await context.newPage();
  t = tv(page);
  await recordSpeech(page);
  await page.goto(`${cms.baseUrl}/tv/${query}`);
  await t.waitFor((s) => s.ready && s.route === 'home', 'home');
}

/** Opens a box, pairs it to `name` through the admin API with the device id the page keeps, and starts it again. */
async function pairedBox(name: string, query = ''): Promise<void> {
  await openBox(query);
  // The box makes its device id as it first says hello (1.5 s after it starts).
  const deviceId = await (await page.waitForFunction(() => localStorage.getItem('keting.device'), null, { timeout: 8000 })).jsonValue();
  const res = await fetch(`${cms.baseUrl}/api/tv/v1/boxes/pairing-code`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ deviceId }) });
  const { code } = (await res.json()) as PairingCodeResponse;
  const paired = await admin.json('POST', '/api/admin/pairings', { code, householdId: households[name] });
  expect(paired.status, JSON.stringify(paired.body)).toBe(201);
  await page.reload();
  await t.waitFor((s) => s.ready && s.route === 'home', 'home again');
  // The box's hello (1.5 s after it starts) brings its household.
  await page.waitForFunction(() => JSON.parse(localStorage.getItem('keting.box') ?? 'null')?.paired === true, null, { timeout: 8000 });
}

const video = () => {
  const items = catalog.sections[0]!.items;
  const at = items.findIndex((i) => i.kind === 'video');
  return { id: items[at]!.id, keys: ['1', ...Array<string>(at).fill('ArrowDown'), 'Enter'] };
};

async function studySeconds(): Promise<Record<string, number>> {
  const r = await admin.json<StudyReport>('GET', '/api/admin/study/report');
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return Object.fromEntries(r.body.members.map((m) => [m.name, m.seconds]));
}

describe('谁在看 on a paired box', () => {
  it('when a lesson starts, then it asks who is watching; 1 and 3 then OK: the video plays, both get the time, and their month shows after', async () => {
    await pairedBox('平安里 3 号 张家');
    const { id, keys } = video();
    await t.press(...keys);
    const asked = await t.waitFor((s) => s.who !== null, '谁在看');
    expect(asked.who!.members).toEqual(['1 张建国', '2 李秀英', '3 张小明']);
    expect(asked.player).not.toBe('playing');
    const texts = await visibleTexts(page);
    const shown = texts.map((b) => b.text);
    expect(shown).toContain('谁在看？');
    for (const name of ['张建国', '李秀英', '张小明']) {
      const b = texts.find((x) => x.text === name)!;
      expect(b.fontSize, name).toBeGreaterThanOrEqual(64);
    }
    expect(shown).toContain('还没有选人：按 OK 键直接播放，不记录学习时间');
    expect(await textsOutsideSafeArea(page)).toEqual([]);
    expect(await overlappingTexts(page)).toEqual([]);
    await expect.poll(() => t.said()).toContainEqual(expect.stringContaining('谁在看？1，张建国；2，李秀英；3，张小明'));

    await t.press('1', '3');
    const ticked = await t.waitFor((s) => s.who?.chosen.length === 2, 'two ticked');
    expect(ticked.who!.chosen).toEqual([1, 3]);
    expect(ticked.who!.status).toBe('已选：张建国、张小明。按 OK 键开始播放');
    expect(ticked.route).toBe(`play/${id}`); // the digits ticked members, they did not open a section
    await expect.poll(() => t.said()).toContain('已选 张小明');
    await page.screenshot({ path: screenshotPath('tv-who-is-watching') });
    await t.press('2', '2'); // ticked and unticked again
    expect((await t.state()).who!.chosen).toEqual([1, 3]);

    await t.press('Enter');
    const playing = await t.waitFor((s) => s.who === null && s.player === 'playing', 'playing', 20_000);
    expect(playing.watching).toEqual([1, 3]);
    await page.waitForFunction(() => (document.querySelector('video')?.currentTime ?? 0) > 4, null, { timeout: 15_000 });
    await t.press('Escape');
    await t.waitFor((s) => !s.route.startsWith('play/'), 'out of the player');

    const note = await t.waitFor((s) => (s.study?.length ?? 0) === 2, '本月已学习', 8000);
    expect(note.study![0]).toMatch(/^张建国 本月已学习 /);
    expect(note.study![1]).toMatch(/^张小明 本月已学习 /);
    expect((await visibleTexts(page)).map((b) => b.text).join('\n')).toContain('张建国 本月已学习');
    await expect.poll(() => t.said()).toContainEqual(expect.stringContaining('张建国 本月已学习'));
    await page.waitForTimeout(500); // its fade-in
    await page.screenshot({ path: screenshotPath('tv-study-month') });
    // The note never holds the remote: Back and the digits work under it.
    await t.press('2');
    await t.waitFor((s) => s.route.startsWith('section/'), 'a section opened under the note');

    const seconds = await studySeconds();
    expect(seconds['张建国']).toBeGreaterThanOrEqual(2);
    expect(seconds['张小明']).toBeGreaterThanOrEqual(2);
    expect(seconds['李秀英']).toBe(0);

    // Once per sitting: the next lesson plays without asking again, and its reports name the same members.
    await t.press('Escape', ...keys);
    const again = await t.waitFor((s) => s.route === `play/${id}` && (s.player === 'playing' || s.dialog !== null), 'the lesson again', 20_000);
    expect(again.who).toBeNull();
    expect(again.watching).toEqual([1, 3]);

    // A meeting on the box's channel (the district's: this box has no street set), watched in the live view: the
    // same members study it.
    const startsAt = new Date(Date.now() - 30_000).toISOString();
    const meeting = await admin.json('POST', '/api/admin/broadcasts', { channelId: 'district', title: '支部大会', items: [id], startsAt, endsAt: new Date(Date.now() + 600_000).toISOString() });
    expect(meeting.status, JSON.stringify(meeting.body)).toBe(201);
    const before = await studySeconds();
    await page.evaluate("location.hash = '#live'");
    await t.waitFor((s) => s.route === 'live' && s.player === 'playing', 'the live view playing', 30_000);
    // The first report of a sitting counts nothing; the next, 15 s later, the time between.
    await expect
      .poll(async () => (await studySeconds())['张建国']! - before['张建国']!, { timeout: 25_000, interval: 1000 })
      .toBeGreaterThanOrEqual(10);
    const after = await studySeconds();
    expect(after['张小明']! - before['张小明']!).toBeGreaterThanOrEqual(10);
    expect(after['李秀英']).toBe(0);
  });

  it('when the box asks 还在观看吗 and nobody answers, then the video pauses and no more study time is counted; OK plays on', async () => {
    await pairedBox('平安里 5 号 王家', '?stillWatching=3,2');
    const { keys } = video();
    await t.press(...keys);
    await t.waitFor((s) => s.who !== null, '谁在看');
    await t.press('1', 'Enter');
    await t.waitFor((s) => s.player === 'playing' && s.watching?.[0] === 1, 'playing');

    const asked = await t.waitFor((s) => s.dialog === '还在观看吗？按 OK 键继续', '还在观看吗', 8000);
    expect(asked.player).toBe('playing'); // it asks first; the video goes on meanwhile
    await expect.poll(() => t.said()).toContainEqual(expect.stringContaining('还在观看吗？按 OK 键继续'));
    await page.screenshot({ path: screenshotPath('tv-still-watching') });

    const paused = await t.waitFor((s) => s.player === 'paused' && s.dialog === null, 'paused for want of an answer', 5000);
    expect(paused.message).toBe(NOBODY_THERE_TEXT);
    // The state changes first; the screen is drawn on the next frames.
    await expect
      .poll(async () => (await visibleTexts(page)).map((b) => b.text.replace(/\n/g, '')).join('\n'), { timeout: 3000 })
      .toContain('没有人回答');
    await expect.poll(() => t.said()).toContainEqual(expect.stringContaining('没有人回答'));
    const at = await t.videoTime();
    const credited = (await studySeconds())['王桂兰']!;
    expect(credited).toBeGreaterThan(0); // what played up to the question
    expect(credited).toBeLessThanOrEqual(5);
    await page.waitForTimeout(4000);
    expect(await t.videoTime()).toBe(at);
    expect((await studySeconds())['王桂兰']).toBe(credited); // reports stopped: the seconds stop growing

    await t.press('Enter');
    const on = await t.waitFor((s) => s.player === 'playing' || s.player === 'ended', 'playing again', 8000);
    expect(on.message).toBeNull();
  });

  it('when the box is not paired, then a lesson plays without asking', async () => {
    await openBox();
    await page.waitForTimeout(2500); // its hello has come and gone
    const { id, keys } = video();
    await t.press(...keys);
    const s = await t.waitFor((x) => x.route === `play/${id}` && x.player === 'playing', 'playing', 20_000);
    expect(s.who).toBeNull();
    expect(s.watching).toEqual([]);
  });
});
