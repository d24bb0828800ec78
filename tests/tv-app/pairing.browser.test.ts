// Pairing a box to a household without typing on the TV (issue 16): the TV shows a six-digit code and a QR code,
// staff pair it through the real admin API, and the TV says 「已绑定：<household>」 within seconds, without a reload.
// A real CMS process and Debian's Chromium at 1920×1080.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminOf, type AdminClient } from '../helpers/admin-client.ts';
import { launchChromium, screenshotPath } from '../helpers/browser.ts';
import { startKeting, type KetingProcess } from '../helpers/server.ts';
import { layout } from '../../tv-app/src/theme/tokens.ts';
import { BLUE, overlappingTexts, recordSpeech, textsOutsideSafeArea, tv, visibleTexts } from './tv-page.ts';

const HOUSEHOLD = '平安里 3 号 张家';

let cms: KetingProcess;
let browser: Browser;
let admin: AdminClient;
let householdId: string;

beforeAll(async () => {
  cms = await startKeting();
  admin = await adminOf(cms.baseUrl);
  expect((await admin.json('POST', '/api/admin/streets', { id: 'taiping', name: '太平街道', publishDirectly: false })).status).toBe(201);
  const created = await admin.json('POST', '/api/admin/households', { streetId: 'taiping', name: HOUSEHOLD });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  householdId = created.body.household.id;
  for (const name of ['张建国', '李秀英']) {
    expect((await admin.json('POST', `/api/admin/households/${householdId}/members`, { name })).status).toBe(201);
  }
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await cms?.stop();
});

const pair = (code: string) => admin.json('POST', '/api/admin/pairings', { code, householdId });

/** Where the QR code sits on the 1920×1080 stage (the theme's layout). */
const QR = { x: layout.screenW - layout.safeX - layout.pairing.qr, y: layout.pairing.labelY, size: layout.pairing.qr };

/** The share of dark and of light pixels in the QR code's square, as drawn on the app's canvas. */
function qrPixels(page: Page): Promise<{ dark: number; light: number }> {
  return page.evaluate(({ x, y, size }) => {
    const d = document.querySelector('canvas')!.getContext('2d')!.getImageData(x, y, size, size).data;
    let dark = 0;
    let light = 0;
    for (let i = 0; i < d.length; i += 4) {
      const lum = (d[i]! + d[i + 1]! + d[i + 2]!) / 3;
      if (lum < 60) dark++;
      else if (lum > 200) light++;
    }
    const n = d.length / 4;
    return { dark: dark / n, light: light / n };
  }, QR);
}

async function openBox(context: Awaited<ReturnType<Browser['newContext']>>, path = '/tv/') {
  const page = await context.newPage();
  await page.setViewportSize({ width: 1920, height: 1080 });
  await recordSpeech(page);
  await page.goto(`${cms.baseUrl}${path}`);
  return { page, t: tv(page) };
}

describe('pairing a box from the TV', () => {
  it('when staff type the code the TV shows, then the TV says 已绑定 with the household within seconds, without a reload', async () => {
    const context = await browser.newContext();
    const { page, t } = await openBox(context);
    await t.waitFor((s) => s.ready && s.route === 'home', 'home');
    // An unpaired box says so once on home, in the caption line, and where to pair it.
    await expect.poll(async () => (await visibleTexts(page)).map((b) => b.text).join('\n'), { timeout: 8000 }).toContain('这台电视还没有绑定家庭');
    expect((await t.state()).dialog).toBeNull(); // never a question in the way
    expect(await overlappingTexts(page)).toEqual([]);
    await page.screenshot({ path: screenshotPath('tv-home-pairing-offer') });

    // Settings: the sixth row (below the five that fit) scrolls in.
    await t.remote(BLUE);
    await t.waitFor((s) => s.route === 'settings' && s.focused === '语音播报 开', 'settings');
    await t.press('ArrowDown', 'ArrowDown', 'ArrowDown', 'ArrowDown', 'ArrowDown');
    await t.waitFor((s) => s.focused === '绑定家庭 未绑定', 'the pairing row');
    const settingsTexts = (await visibleTexts(page)).map((b) => b.text);
    expect(settingsTexts).toContain('绑定家庭');
    expect(settingsTexts).not.toContain('语音播报'); // scrolled out, a whole row at a time
    expect(await textsOutsideSafeArea(page)).toEqual([]);
    await page.screenshot({ path: screenshotPath('tv-settings-pairing-row') });
    await t.press('ArrowDown'); // the end: stays
    expect((await t.state()).focused).toBe('绑定家庭 未绑定');

    await page.evaluate(() => ((window as unknown as { __sameLoad: boolean }).__sameLoad = true));
    await t.press('Enter');
    const shown = await t.waitFor((s) => s.route === 'pairing' && /^\d{6}$/.test(s.pairing?.code ?? ''), 'a code');
    const code = shown.pairing!.code!;
    expect(shown.pairing!.qr).toBe(`${cms.baseUrl}/admin/#/boxes?code=${code}`);
    const texts = await visibleTexts(page);
    const digits = texts.find((b) => b.text.replace(/\s/g, '') === code)!;
    expect(digits.fontSize).toBeGreaterThanOrEqual(150);
    expect(texts.map((b) => b.text)).toContain('请工作人员在管理后台输入这个绑定码，或用已登录的手机扫码');
    await expect.poll(() => t.said()).toContainEqual(expect.stringContaining(`绑定码：${code.split('').join('，')}`));
    // The QR code is drawn: black modules on white where it sits.
    await expect.poll(async () => (await qrPixels(page)).dark, { timeout: 5000 }).toBeGreaterThan(0.15);
    expect((await qrPixels(page)).light).toBeGreaterThan(0.3);
    expect(await textsOutsideSafeArea(page)).toEqual([]);
    expect(await overlappingTexts(page)).toEqual([]);
    await page.screenshot({ path: screenshotPath('tv-pairing-code') });

    // Staff pair it in the admin; the TV hears it on its next hello (every 2.5 s while the code shows).
    const paired = await pair(code);
    expect(paired.status, JSON.stringify(paired.body)).toBe(201);
    const at = Date.now();
    const done = await t.waitFor((s) => s.pairing?.household === HOUSEHOLD, '已绑定', 6000);
    expect(Date.now() - at).toBeLessThan(5000);
    expect(done.route).toBe('pairing');
    expect(done.message).toBe(`已绑定：${HOUSEHOLD}`);
    expect(done.pairing!.code).toBeNull();
    await expect.poll(() => t.said()).toContain(`已绑定：${HOUSEHOLD}`);
    expect(await page.evaluate(() => (window as unknown as { __sameLoad?: boolean }).__sameLoad)).toBe(true); // no reload
    expect((await visibleTexts(page)).map((b) => b.text).join('\n')).toContain('如需解除绑定，请工作人员在管理后台操作');
    expect(await overlappingTexts(page)).toEqual([]);
    await page.screenshot({ path: screenshotPath('tv-pairing-done') });
    // The household is kept on the box (an offline box still knows it).
    expect(await page.evaluate(() => JSON.parse(localStorage.getItem('keting.box')!))).toEqual({
      paired: true,
      household: { name: HOUSEHOLD, members: [{ position: 1, name: '张建国' }, { position: 2, name: '李秀英' }] },
    });

    // Back returns to settings, whose row now says it.
    await t.press('Backspace');
    await t.waitFor((s) => s.route === 'settings' && s.focused === `绑定家庭 已绑定：${HOUSEHOLD}`, 'settings with the household');

    // After a restart, straight onto the screen: it says which household the box serves; Back leaves.
    await page.goto('about:blank');
    await page.goto(`${cms.baseUrl}/tv/#pairing`);
    const again = await t.waitFor((s) => s.route === 'pairing' && s.pairing?.household === HOUSEHOLD, 'the paired screen');
    expect(again.pairing!.code).toBeNull();
    await t.press('Backspace');
    await t.waitFor((s) => s.route === 'home', 'home');
    await context.close();
  });

  it('when the CMS cannot be reached, then the screen says so in words and shows a code by itself once it can', async () => {
    const context = await browser.newContext();
    await context.route('**/api/tv/v1/boxes/**', (route) => route.abort());
    const { page, t } = await openBox(context, '/tv/#pairing');
    await t.waitFor((s) => s.route === 'pairing' && (s.message ?? '').startsWith('连接不上服务器，请稍后再试。'), 'the error');
    expect((await t.state()).pairing?.code ?? null).toBeNull();
    await context.unroute('**/api/tv/v1/boxes/**');
    await t.waitFor((s) => /^\d{6}$/.test(s.pairing?.code ?? ''), 'a code after the retry', 10_000);
    await t.press('Escape');
    await t.waitFor((s) => s.route === 'home', 'home: Back leaves');
    await page.close();
    await context.close();
  });

  it('when a code reaches its end, then the TV shows a new one by itself, and only the new one pairs', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.setViewportSize({ width: 1920, height: 1080 });
    await page.clock.install(); // the box's clock, to move it ten minutes on
    await page.goto(`${cms.baseUrl}/tv/#pairing`);
    const t = tv(page);
    const first = (await t.waitFor((s) => /^\d{6}$/.test(s.pairing?.code ?? ''), 'a code')).pairing!.code!;
    await page.clock.fastForward('10:00');
    const second = (await t.waitFor((s) => /^\d{6}$/.test(s.pairing?.code ?? '') && s.pairing!.code !== first, 'a new code')).pairing!.code!;
    expect((await pair(first)).status).not.toBe(201); // the old code no longer pairs
    expect((await pair(second)).status).toBe(201);
    await t.waitFor((s) => s.pairing?.household === HOUSEHOLD, '已绑定', 8000);
    await context.close();
  });
});
