// A video watched while its ladder is still being made (issue 15), in Chromium: the box plays the early master
// (the source copied as it is, media/packager.ts packageEarly); when the ladder arrives the player moves to it
// at the moment the picture had reached, still playing, the screen never saying paused or buffering — every
// segment of the early rendition up to there once, then the ladder's from there on, none twice, none skipped.
// The files are the packager's own, made from one 40 s H.264/AAC source and served in place of a seeded
// item's media; the ladder "arrives" when the test swaps the master, as the packager's rename does.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probe } from '../../cms-server/src/media/ffmpeg.ts';
import { EARLY_MARKER, packageEarly, packageHls } from '../../cms-server/src/media/packager.ts';
import type { CatalogResponse, ItemDetail } from '../../cms-server/src/tv-api/contract.ts';
import { EARLY_MASTER, EARLY_RECHECK_MS } from '../../tv-app/src/player/early.ts';
import { launchChromium, screenshotPath } from '../helpers/browser.ts';
import { startKeting, type KetingProcess } from '../helpers/server.ts';
import { makeVideo } from '../helpers/videos.ts';
import { tv } from './tv-page.ts';

const SECONDS = 40;
const SEGMENT_S = 4;

let cms: KetingProcess;
let browser: Browser;
let page: Page;
let work: string;
let earlyMaster: string;
let ladderMaster: string;

beforeAll(async () => {
  work = await fs.mkdtemp(path.join(os.tmpdir(), 'keting-early-tv-'));
  const src = path.join(work, 'meeting.mp4');
  const out = path.join(work, 'asset');
  [cms] = await Promise.all([startKeting(), makeVideo(src, { seconds: SECONDS, width: 640, height: 360 })]);
  await packageEarly(src, out, await probe(src));
  earlyMaster = await fs.readFile(path.join(out, 'master.m3u8'), 'utf8');
  await packageHls(src, out);
  ladderMaster = await fs.readFile(path.join(out, 'master.m3u8'), 'utf8');
  browser = await launchChromium();
});
afterAll(async () => {
  await page?.close();
  await browser?.close();
  await cms?.stop();
  if (work) await fs.rm(work, { recursive: true, force: true });
});

describe('a video watchable before its ladder', () => {
  it('when the ladder arrives while the early video plays, then the player moves to it where it was, still playing, no segment shown twice or skipped', async () => {
    expect(EARLY_MASTER).toBe(EARLY_MARKER); // the player looks for what the packager writes
    expect(earlyMaster).toContain(EARLY_MARKER);
    expect(ladderMaster).not.toContain(EARLY_MARKER);

    const catalog = (await (await fetch(`${cms.baseUrl}/api/tv/v1/catalog`)).json()) as CatalogResponse;
    const first = catalog.sections[0]!.items.find((i) => i.kind === 'video')!;
    const video = (await (await fetch(`${cms.baseUrl}/api/tv/v1/items/${first.id}`)).json()) as ItemDetail;
    const assetPath = video.video!.hls.replace(/master\.m3u8$/, '');

    // The asset's files, as the CMS would serve them: the early master until the ladder "arrives".
    let ladderArrived = false;
    const requests: string[] = [];
    page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    await page.route(`**${assetPath}**`, async (route) => {
      const rel = new URL(route.request().url()).pathname.slice(assetPath.length);
      if (rel.endsWith('.jpg')) return route.continue();
      requests.push(rel);
      if (rel === 'master.m3u8') return route.fulfill({ body: ladderArrived ? ladderMaster : earlyMaster, contentType: 'application/vnd.apple.mpegurl' });
      try {
        const body = await fs.readFile(path.join(work, 'asset', rel));
        return route.fulfill({ body, contentType: rel.endsWith('.m3u8') ? 'application/vnd.apple.mpegurl' : 'video/mp2t' });
      } catch {
        return route.fulfill({ status: 404 });
      }
    });

    const t = tv(page);
    await page.goto(`${cms.baseUrl}/tv/`);
    await t.waitFor((s) => s.ready && s.route === 'home', 'the home screen');
    const at = catalog.sections[0]!.items.findIndex((i) => i.id === video.id);
    await t.press('1', ...Array<string>(at).fill('ArrowDown'), 'Enter');
    await t.waitFor((s) => s.route === `play/${video.id}` && s.player === 'playing', 'playback', 20_000);
    // What the viewer sees, every 100 ms: the picture's time, whether it has a picture, and what the screen says.
    await page.evaluate(() => {
      const w = window as unknown as { __samples: [number, number, number, boolean, string | null][]; __keting: { player: string | null } };
      w.__samples = [];
      setInterval(() => {
        const v = document.querySelector('video')!;
        w.__samples.push([performance.now(), v.currentTime, v.readyState, v.paused, w.__keting.player]);
      }, 100);
    });
    await page.waitForFunction(() => (document.querySelector('video')?.currentTime ?? 0) > 3, null, { timeout: 15_000 });
    expect(requests.filter((r) => /^v\d/.test(r))).toEqual([]); // the early rendition alone so far

    const arrivedAt = await t.videoTime();
    ladderArrived = true;
    const firstRung = () => requests.findIndex((r) => /^v\d+\/seg_\d+\.ts$/.test(r));
    const until = Date.now() + EARLY_RECHECK_MS + 10_000;
    let swappedNear = arrivedAt; // the picture's time last seen before the swap began
    while (firstRung() < 0 && Date.now() < until) {
      const now = await t.videoTime();
      if (firstRung() < 0 && now > swappedNear) swappedNear = now;
      await page.waitForTimeout(100);
    }
    expect(firstRung(), `requests: ${requests.join(' ')}`).toBeGreaterThan(0);
    await page.waitForFunction((s) => (document.querySelector('video')?.currentTime ?? 0) > s + 6, swappedNear, { timeout: 20_000 });
    await page.screenshot({ path: screenshotPath('player-after-ladder') });

    // The screen: playing all along, never a pause, a wait or an error said to the viewer.
    const samples = await page.evaluate(() => (window as unknown as { __samples: [number, number, number, boolean, string | null][] }).__samples);
    expect(new Set(samples.map((s) => s[4]))).toEqual(new Set(['playing']));
    expect((await t.state()).player).toBe('playing');
    // The picture: its time never goes back, and never leaps ahead of the clock (nothing skipped), across the swap.
    const shown = samples.filter((s) => s[2] >= 2 && s[1] > 0);
    for (let i = 1; i < shown.length; i++) {
      const [t0, v0] = shown[i - 1]!;
      const [t1, v1] = shown[i]!;
      expect(v1, `picture time went back at sample ${i}`).toBeGreaterThanOrEqual(v0 - 0.05);
      expect(v1 - v0, `picture time leapt at sample ${i}`).toBeLessThanOrEqual((t1 - t0) / 1000 + 0.5);
    }

    // The segments: the early rendition's from the first, in order, once each; then the ladder's from where the
    // picture was (not from the start), in order, once each per rung; the master read again, the early playlist once.
    const early = requests.filter((r) => r.startsWith('src/seg_')).map((r) => Number(/(\d+)\.ts$/.exec(r)![1]));
    expect(early).toEqual(early.map((_, i) => i));
    const rungs = requests.filter((r) => /^v\d+\/seg_/.test(r));
    const firstIndex = Number(/(\d+)\.ts$/.exec(rungs[0]!)![1]);
    expect(firstIndex).toBeGreaterThanOrEqual(Math.floor(arrivedAt / SEGMENT_S));
    expect(firstIndex * SEGMENT_S).toBeLessThanOrEqual(swappedNear + SEGMENT_S);
    for (const rung of new Set(rungs.map((r) => r.split('/')[0]))) {
      const got = rungs.filter((r) => r.startsWith(`${rung}/`));
      expect(new Set(got).size, `${rung}: ${got.join(' ')}`).toBe(got.length);
    }
    expect(requests.filter((r) => r === 'src/index.m3u8')).toHaveLength(1);
    expect(requests.filter((r) => r === 'master.m3u8').length).toBeGreaterThanOrEqual(2);
    // Nothing of the early rendition after the swap: the box has left it.
    expect(requests.slice(requests.indexOf(rungs[0]!)).filter((r) => r.startsWith('src/'))).toEqual([]);
  });
});
