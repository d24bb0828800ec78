// Watching: the player's overlay (title, progress, elapsed/total, big controls) that hides by
// itself; OK pauses and plays; ← → jump 10 s, then 30 s when pressed again and again or held; a failure
// said in words with 重试 and 换一个清晰度; the poster instead of a black screen whenever no picture plays.
import fs from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { CatalogResponse, ItemDetail } from '../../cms-server/src/tv-api/contract.ts';
import { launchChromium, screenshotPath } from '../helpers/browser.ts';
import { startKeting, type KetingProcess } from '../helpers/server.ts';
import { CAPTION_PREFIX, LONG_SECONDS, makeLongHls, serveLongHls } from './long-video.ts';
import { tv, visibleTexts } from './tv-page.ts';

let cms: KetingProcess;
let browser: Browser;
let page: Page;
let catalog: CatalogResponse;
let t: ReturnType<typeof tv>;
let longDir: string;
let video: ItemDetail;
let assetPath: string;

beforeAll(async () => {
  [cms, longDir] = await Promise.all([startKeting(), makeLongHls()]);
  catalog = (await (await fetch(`${cms.baseUrl}/api/tv/v1/catalog`)).json()) as CatalogResponse;
  const first = catalog.sections[0]!.items.find((i) => i.kind === 'video')!;
  video = (await (await fetch(`${cms.baseUrl}/api/tv/v1/items/${first.id}`)).json()) as ItemDetail;
  assetPath = video.video!.hls.replace(/master\.m3u8$/, '');
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await cms?.stop();
  if (longDir) await fs.rm(longDir, { recursive: true, force: true });
});
afterEach(async () => {
  await page?.close();
});

/** Opens the app and plays the first video of section 1, served as the 90-second video. */
async function playLongVideo() {
  page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
  t = tv(page);
  await serveLongHls(page, longDir, assetPath);
  await page.goto(`${cms.baseUrl}/tv/`);
  await t.waitFor((s) => s.ready && s.route === 'home', 'the home screen');
  const at = catalog.sections[0]!.items.findIndex((i) => i.id === video.id);
  await t.press('1', ...Array<string>(at).fill('ArrowDown'), 'Enter');
  await t.waitFor((s) => s.route === `play/${video.id}` && s.player === 'playing', 'playback', 20_000);
  await page.waitForFunction(() => (document.querySelector('video')?.currentTime ?? 0) > 1, null, { timeout: 15_000 });
}
const shown = async () => (await visibleTexts(page)).map((x) => x.text).join('|');
/** Opacity of the canvas at a point: 0 where the video shows through, 255 where the app drew. */
const canvasAlpha = (x: number, y: number) =>
  page.evaluate(([px, py]) => document.querySelector('canvas')!.getContext('2d')!.getImageData(px!, py!, 1, 1).data[3], [x, y]);
async function settleTime(): Promise<number> {
  await page.waitForTimeout(1200); // the gathered jump is applied 0.6 s after the last press
  return t.videoTime();
}

describe('watching', () => {
  it('when a video plays, then the overlay shows title, time and big controls, hides by itself, and OK pauses and plays', async () => {
    await playLongVideo();
    const texts = await shown();
    expect(texts).toContain(video.title);
    expect(texts).toMatch(/00:0\d \/ 01:30/);
    for (const c of ['← 后退', 'OK 暂停', '→ 前进']) expect(texts).toContain(c);
    expect(await canvasAlpha(960, 300)).toBe(0); // the picture shows through: no poster over it
    await page.screenshot({ path: screenshotPath('player-overlay') });
    await t.waitFor((s) => !s.overlay, 'the overlay hiding by itself', 9000);

    await t.press('Enter');
    await t.waitFor((s) => s.player === 'paused' && s.overlay, 'paused, with the overlay');
    expect(await page.evaluate(() => document.querySelector('video')!.paused)).toBe(true);
    expect(await shown()).toContain('OK 播放');
    await page.screenshot({ path: screenshotPath('player-paused') });
    await page.waitForTimeout(6000);
    expect((await t.state()).overlay).toBe(true); // paused: it stays to say so
    await t.press('Enter');
    await t.waitFor((s) => s.player === 'playing', 'playing again');
    expect(await page.evaluate(() => document.querySelector('video')!.paused)).toBe(false);
    // A remote's own play/pause key (179) does the same as OK.
    await t.remote(179);
    await t.waitFor((s) => s.player === 'paused', 'paused by the media key');
    await t.remote(179);
    await t.waitFor((s) => s.player === 'playing', 'playing by the media key');
  });

  it('when → is pressed, then it jumps 10 s; held or pressed again and again, 30 s from the third jump; ← goes back', async () => {
    await playLongVideo();
    let before = await t.videoTime();
    await t.press('ArrowRight');
    expect((await t.state()).message).toBe('前进10秒');
    let now = await settleTime();
    expect(now - before).toBeGreaterThan(9);
    expect(now - before).toBeLessThan(13.5);

    before = now;
    await t.remote(39, { holdMs: 650 }); // held: a jump every ¼ s or so → 10 + 10 + 30 (+ 30 on a slow machine)
    now = await settleTime();
    expect(now - before).toBeGreaterThan(48); // at least one 30 s jump
    expect(now - before).toBeLessThan(84);

    before = now;
    await t.press('ArrowLeft');
    now = await settleTime();
    expect(before - now).toBeGreaterThan(7);
    expect(before - now).toBeLessThan(11);

    before = now;
    for (let i = 0; i < 3; i++) {
      await page.keyboard.press('ArrowLeft');
      await page.waitForTimeout(350); // again and again, a little apart
    }
    now = await settleTime();
    expect(before - now).toBeGreaterThan(46); // 10 + 10 + 30 back
    expect(before - now).toBeLessThan(52);
    expect(now).toBeLessThan(LONG_SECONDS);
  });

  it('when the video has captions, then they show large on a plate, follow the picture, and ↓ turns them off and on', async () => {
    await playLongVideo();
    const first = await t.waitFor((s) => s.caption !== null, 'a caption', 10_000);
    expect(first.caption).toBe(`${CAPTION_PREFIX}0句`);
    const box = (await visibleTexts(page)).find((x) => x.text === first.caption)!;
    expect(box.fontSize).toBeGreaterThanOrEqual(56);
    expect(await shown()).toContain('字幕：开（按↓）');
    await page.screenshot({ path: screenshotPath('player-captions') });
    await t.press('ArrowRight', 'ArrowRight'); // to about 0:21: the third caption
    await t.waitFor((s) => s.caption === `${CAPTION_PREFIX}2句`, 'the caption of 0:20–0:28', 10_000);
    await t.press('ArrowDown');
    await t.waitFor((s) => s.caption === null, 'captions off');
    expect(await shown()).toContain('字幕：关（按↓）');
    expect(await page.evaluate(() => JSON.parse(localStorage.getItem('keting.settings')!).captions)).toBe(false);
    await t.press('ArrowDown');
    await t.waitFor((s) => s.caption !== null, 'captions on again');
  });

  it('when the network fails mid-video, then it says so with 重试 and 换一个清晰度, shows the poster, and the lower rendition plays on from there', async () => {
    await playLongVideo();
    const segments: string[] = [];
    await page.route('**/*.ts', (r) => r.abort());
    page.on('request', (r) => {
      if (r.url().endsWith('.ts')) segments.push(new URL(r.url()).pathname);
    });
    // Jump to 1:00, past anything buffered (hls.js keeps ≤ 30 s ahead and playback is at ~0:02). Seeking by
    // keys here could land inside the buffer when the machine is slow (the presses then count as separate
    // 10 s jumps), and the video would play on to its end instead of failing; seeking by keys has its own test.
    await page.evaluate(() => {
      document.querySelector('video')!.currentTime = 60;
    });
    const failed = await t.waitFor((s) => s.player === 'error', 'the failure', 40_000);
    expect(failed.message).toMatch(/视频/);
    // The choices are the app's dialog: the reason and the way back as its question, 重试 focused.
    expect(failed.dialog).toBe(`${failed.message}\n按 返回 键回到上一页。`);
    expect(failed.focused).toBe('重试');
    const texts = await shown();
    expect(texts).toContain('换一个清晰度');
    await expect.poll(() => canvasAlpha(200, 200)).toBe(255); // the poster, not a black hole
    await page.screenshot({ path: screenshotPath('player-error-choices') });
    const stoppedAt = await t.videoTime();

    await page.unroute('**/*.ts');
    await t.press('ArrowRight');
    expect((await t.state()).focused).toBe('换一个清晰度');
    segments.length = 0;
    await t.press('Enter');
    expect((await t.state()).dialog).toBeNull();
    await t.waitFor((s) => s.player === 'playing', 'playing again', 20_000);
    await expect.poll(shown).toContain('清晰度：流畅');
    expect(segments.length).toBeGreaterThan(0);
    expect(segments.every((p) => p.includes('/v1/'))).toBe(true); // only the lower rendition
    expect(await t.videoTime()).toBeGreaterThan(Math.max(0, stoppedAt - 5)); // on from where it stopped
  });
});
