// The admin's 学习记录 in Debian's Chromium against a real CMS: an admin names a branch's secretary on the 家庭 page;
// after a paired box reports a lesson watched by two members, the secretary signs in and reads their branch only —
// the total, the participation, the member's row and the weekly chart drawn — and downloads the Excel file.
import crypto from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { adminOf, TEST_ADMIN_PASSWORD, TEST_USER_PASSWORD, userClient, type AdminClient } from '../../helpers/admin-client.ts';
import { launchChromium, screenshotPath, signInToAdmin } from '../../helpers/browser.ts';
import { startKeting, type KetingProcess } from '../../helpers/server.ts';

const VIDEO_ITEM = 'lesson-keting-dangjian';
let cms: KetingProcess;
let browser: Browser;
let admin: AdminClient;
let secretary: AdminClient;

const tvPost = async (path: string, body: unknown) =>
  fetch(`${cms.baseUrl}/api/tv/v1/${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });

beforeAll(async () => {
  cms = await startKeting();
  admin = await adminOf(cms.baseUrl);
  expect((await admin.json('POST', '/api/admin/streets', { id: 'taiping', name: '太平街道', publishDirectly: false })).status).toBe(201);
  secretary = await userClient(admin, { role: 'secretary', streetId: 'taiping', displayName: '王书记' });
  const a = (await admin.json('POST', '/api/admin/branches', { streetId: 'taiping', name: '第一支部' })).body.branch.id;
  const b = (await admin.json('POST', '/api/admin/branches', { streetId: 'taiping', name: '第二支部' })).body.branch.id;
  const home = (await admin.json('POST', '/api/admin/households', { streetId: 'taiping', name: '平安里 3 号 张家' })).body.household;
  await admin.json('POST', `/api/admin/households/${home.id}/members`, { name: '张建国', partyMember: true, branchId: a });
  await admin.json('POST', `/api/admin/households/${home.id}/members`, { name: '张小明', partyMember: false, branchId: a });
  await admin.json('POST', `/api/admin/households/${home.id}/members`, { name: '李秀英', partyMember: true, branchId: b });
  const box = crypto.randomUUID();
  await tvPost('boxes/hello?street=taiping', { deviceId: box, appVersion: '0.1.0' });
  const { code } = (await (await tvPost('boxes/pairing-code', { deviceId: box })).json()) as { code: string };
  expect((await admin.json('POST', '/api/admin/pairings', { code, householdId: home.id })).status).toBe(201);
  const report = (positionSec: number) => tvPost('progress?street=taiping', { deviceId: box, itemId: VIDEO_ITEM, positionSec, durationSec: 8, members: [1, 3] });
  expect((await report(0)).status).toBe(204);
  await new Promise((r) => setTimeout(r, 3000));
  expect((await report(3)).status).toBe(204);
  browser = await launchChromium();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await cms?.stop();
});

async function signIn(username: string, password: string): Promise<Page> {
  return signInToAdmin(browser, cms.baseUrl, username, password, { viewport: { width: 1400, height: 1400 }, acceptDownloads: true });
}

it('when an admin names the secretary and members have studied, then the secretary reads their branch with its chart and exports it', async () => {
  const adminPage = await signIn('admin', TEST_ADMIN_PASSWORD);
  await adminPage.goto(`${cms.baseUrl}/admin/#/households?street=taiping`);
  await adminPage.getByTestId('branch-secretary-第一支部').selectOption({ label: '王书记' });
  await expect.poll(() => adminPage.locator('.banner-ok').textContent()).toContain('第一支部的支部书记：王书记');
  await adminPage.close();

  const page = await signIn(secretary.user.username, TEST_USER_PASSWORD);
  await page.getByRole('link', { name: '学习记录' }).click();
  const members = page.getByTestId('study-members').locator('tbody tr');
  await expect.poll(() => members.count()).toBe(2);
  const rows = await members.allInnerTexts();
  expect(rows.join('\n')).toContain('张建国');
  expect(rows.join('\n')).toContain('张小明');
  expect(rows.join('\n')).not.toContain('李秀英');
  expect(rows.find((r) => r.includes('张小明'))).toMatch(/—/); // studied nothing
  expect(rows.find((r) => r.includes('张建国'))).toMatch(/[2-5] 秒/);
  expect(await page.getByTestId('study-branches').innerText()).toMatch(/第一支部\s+2 人\s+1 人\s+50%/);
  // The chart is drawn: the canvas holds coloured pixels.
  const painted = await page.evaluate(`(() => {
    const c = document.querySelector('[data-testid="study-chart"]');
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 0; i < d.length; i += 4) if (d[i + 3] > 0 && !(d[i] === d[i + 1] && d[i + 1] === d[i + 2])) n++;
    return n;
  })()`);
  expect(painted as number).toBeGreaterThan(50);
  await page.screenshot({ path: screenshotPath('admin-study'), fullPage: true });

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('study-xlsx').click()]);
  expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
  await page.close();
});
