// Positions sent to the server: leaving the player
// reports where the viewer stopped, under the box's own device id.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CatalogResponse, ProgressResponse } from '../../cms-server/src/tv-api/contract.ts';
import { launchChromium } from '../helpers/browser.ts';
import { startKeting, type KetingProcess } from '../helpers/server.ts';
import { tv } from './tv-page.ts';

let cms: KetingProcess;
let browser: Browser;
let page: Page | undefined;

beforeAll(async () => {
  cms = await startKeting();
  browser = await launchChromium();
});
afterAll(async () => {
  await page?.close();
  await browser?.close();
  await cms?.stop();
});

describe('viewing progress', () => {
  it('when the viewer leaves the player after watching a while, then the server holds that position for this box', async () => {
    const catalog = (await (await fetch(`${cms.baseUrl}/api/tv/v1/catalog`)).json()) as CatalogResponse;
    const items = catalog.sections[0]!.items;
    const at = items.findIndex((i) => i.kind === 'video');
    const item = items[at]!;
    page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    const t = tv(page);
    await page.goto(`${cms.baseUrl}/tv/`);
    await t.waitFor((s) => s.ready && s.route === 'home', 'the home screen');
    await t.press('1', ...Array<string>(at).fill('ArrowDown'), 'Enter');
    await t.waitFor((s) => s.route === `play/${item.id}` && s.player === 'playing', 'playback', 20_000);
    await page.waitForFunction(() => (document.querySelector('video')?.currentTime ?? 0) >= 2, null, { timeout: 15_000 });
    const sent = page.waitForRequest((r) => r.method() === 'POST' && r.url().includes('/api/tv/v1/progress'));
    await t.press('Backspace');
    await t.waitFor((s) => s.route === 'section/' + catalog.sections[0]!.id, 'back in the section');
    await sent;

    const deviceId = await page.evaluate(() => localStorage.getItem('keting.device'));
    expect(deviceId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    await expect
      .poll(async () => {
        const res = await fetch(`${cms.baseUrl}/api/tv/v1/progress?deviceId=${deviceId}`);
        const { positions } = (await res.json()) as ProgressResponse;
        return positions.map((p) => ({ itemId: p.itemId, left: p.positionSec >= 2 && p.positionSec <= p.durationSec }));
      })
      .toEqual([{ itemId: item.id, left: true }]);
  });
});
