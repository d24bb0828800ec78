// A box belongs to a street: set once in its start address (/tv/?street=…), it shows district-wide content
// plus its street's own, and keeps the setting. A street published through the admin API for real.
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addStreets, adminOf, userClient } from '../helpers/admin-client.ts';
import { launchChromium } from '../helpers/browser.ts';
import { copySeededData, startKeting, type KetingProcess } from '../helpers/server.ts';
import { GREEN, tv } from './tv-page.ts';

const NOTICE = '太平街道明天停水通知';

let cms: KetingProcess;
let browser: Browser;

beforeAll(async () => {
  const dataDir = await copySeededData();
  addStreets(dataDir, [{ id: 'taiping', name: '太平街道' }]);
  cms = await startKeting({ dataDir });
  const admin = await adminOf(cms.baseUrl);
  expect((await admin.json('PATCH', '/api/admin/streets/taiping', { publishDirectly: true })).status).toBe(200);
  const editor = await userClient(admin, { role: 'editor', streetId: 'taiping' });
  const created = await editor.json('POST', '/api/admin/items', {
    kind: 'notice',
    sectionId: 'affairs',
    title: NOTICE,
    urgent: true,
    body: '因管道检修，太平街道明天上午8点到下午4点停水，请提前储水。',
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const submitted = await editor.json('POST', `/api/admin/items/${created.body.id}/submit`);
  expect(submitted.body.state).toBe('published');
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await cms?.stop();
});

/** Opens the TV in a fresh box (its own storage), presses green (all notices) and says what has focus. */
async function firstNotice(context: BrowserContext, path: string): Promise<string | null> {
  const page = await context.newPage();
  await page.setViewportSize({ width: 1920, height: 1080 });
  await page.goto(`${cms.baseUrl}${path}`);
  const t = tv(page);
  await t.waitFor((s) => s.ready && s.route === 'home', 'home');
  // The street's urgent notice pops up on a box that has not seen it (events.browser.test.ts): put it away.
  await page.waitForTimeout(300);
  while ((await t.state()).urgent !== null) await t.press('Escape');
  await t.remote(GREEN);
  const s = await t.waitFor((st) => st.route === 'section/notices' && st.focused !== null, 'the notices');
  await page.close();
  return s.focused;
}

describe('a box of a street', () => {
  it('when the box is set to its street, then it shows the street’s own notice, and keeps the setting after a restart', async () => {
    const box = await browser.newContext();
    expect(await firstNotice(box, '/tv/?street=taiping')).toBe(NOTICE);
    // The next power-on opens the plain address: the box remembers its street.
    expect(await firstNotice(box, '/tv/')).toBe(NOTICE);
    await box.close();
  });

  it('when a box has no street, then it shows district content only', async () => {
    const box = await browser.newContext();
    expect(await firstNotice(box, '/tv/')).not.toBe(NOTICE);
    await box.close();
  });

  it('when a box is set to a street that does not exist, then it shows district content instead of an error', async () => {
    const box = await browser.newContext();
    const page = await box.newPage();
    await page.goto(`${cms.baseUrl}/tv/?street=no-such-street`);
    const t = tv(page);
    const s = await t.waitFor((st) => st.ready && st.route === 'home', 'home');
    expect(s.offline).toBe(false);
    expect(s.message).toBeNull();
    expect(await page.evaluate(() => localStorage.getItem('keting.street'))).toBeNull();
    await box.close();
  });
});
