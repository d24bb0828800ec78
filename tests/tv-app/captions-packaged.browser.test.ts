// Captions end to end: an editor attaches a WebVTT file to a seeded sample video through the admin API,
// and the TV's player shows its first cue while the video plays (the CMS's packaging, not a fixture).
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { CatalogResponse } from '../../cms-server/src/tv-api/contract.ts';
import { adminOf } from '../helpers/admin-client.ts';
import { launchChromium, screenshotPath } from '../helpers/browser.ts';
import { copySeededData, startKeting, type KetingProcess } from '../helpers/server.ts';
import { tv } from './tv-page.ts';

const CUE = '欢迎收看本期节目';
const SECOND = '下面请看第二部分';
let cms: KetingProcess;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  cms = await startKeting({ dataDir: await copySeededData({ ownMedia: true }) });
  browser = await launchChromium();
});
afterAll(async () => {
  await page?.close();
  await browser?.close();
  await cms?.stop();
});

it('when an editor has attached captions to a video, then the TV shows them while it plays', async () => {
  const catalog = (await (await fetch(`${cms.baseUrl}/api/tv/v1/catalog`)).json()) as CatalogResponse;
  const items = catalog.sections[0]!.items;
  const at = items.findIndex((i) => i.kind === 'video');
  const first = items[at]!;
  const asset = first.poster!.split('/')[2]!;
  const admin = await adminOf(cms.baseUrl);
  const res = await fetch(`${cms.baseUrl}/api/admin/assets/${asset}/captions`, {
    method: 'PUT',
    headers: { ...admin.headers(), 'Content-Type': 'text/vtt' },
    body: `WEBVTT\n\n00:00:00.000 --> 00:00:04.000\n${CUE}\n\n00:00:04.000 --> 00:00:07.900\n${SECOND}\n`,
  });
  expect(res.status, await res.text()).toBe(200);

  page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
  const t = tv(page);
  await page.goto(`${cms.baseUrl}/tv/`);
  await t.waitFor((s) => s.ready && s.route === 'home', 'the home screen');
  await t.press('1', ...Array<string>(at).fill('ArrowDown'), 'Enter');
  await t.waitFor((s) => s.route === `play/${first.id}`, 'the player', 20_000);
  const shown = await t.waitFor((s) => s.caption !== null, 'a caption', 15_000);
  expect(shown.caption).toBe(CUE);
  await page.screenshot({ path: screenshotPath('player-packaged-captions') });
  // In step with the picture: the packaged X-TIMESTAMP-MAP puts the cue at 0:04 of the video (without it
  // hls.js would shift every cue by the ~1.4 s at which ffmpeg's segments start).
  await t.waitFor((s) => s.caption === SECOND, 'the second caption', 10_000);
  const at4 = await t.videoTime();
  expect(at4).toBeGreaterThan(3.9);
  expect(at4).toBeLessThan(4.8);
});
