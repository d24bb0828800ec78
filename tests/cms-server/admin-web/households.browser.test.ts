// The admin's 家庭 and 机顶盒 pages in Debian's Chromium against a real CMS: a street operator makes a branch, a
// household and its members (each shown with the digit the TV asks for), then pairs a box by the code it shows —
// opened as the TV's QR link (#/boxes?code=…), so the code is filled in — and sees it in the fleet; the box hears
// it on its next hello. A wrong code is refused in words.
import crypto from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { adminOf, TEST_USER_PASSWORD, userClient, type AdminClient } from '../../helpers/admin-client.ts';
import { launchChromium, screenshotPath, signInToAdmin } from '../../helpers/browser.ts';
import { startKeting, type KetingProcess } from '../../helpers/server.ts';

let cms: KetingProcess;
let browser: Browser;
let operator: AdminClient;

const tv = async (path: string, body: unknown) =>
  (await fetch(`${cms.baseUrl}/api/tv/v1/boxes/${path}?street=taiping`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) })).json();

beforeAll(async () => {
  cms = await startKeting();
  const admin = await adminOf(cms.baseUrl);
  expect((await admin.json('POST', '/api/admin/streets', { id: 'taiping', name: '太平街道', publishDirectly: false })).status).toBe(201);
  operator = await userClient(admin, { role: 'operator', streetId: 'taiping', displayName: '周运营' });
  browser = await launchChromium();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await cms?.stop();
});

async function signIn(): Promise<Page> {
  return signInToAdmin(browser, cms.baseUrl, operator.user.username, TEST_USER_PASSWORD, { viewport: { width: 1400, height: 1100 } });
}

it('when an operator makes a household with members and pairs a box by its code, then the TV is paired to it', async () => {
  const page = await signIn();
  await page.getByRole('link', { name: '家庭' }).click();
  await page.getByTestId('branch-name').fill('太平第一党支部');
  await page.getByTestId('branch-create').click();
  await page.getByText('太平第一党支部', { exact: true }).waitFor();
  await page.getByTestId('hh-name').fill('平安里 3 号 张家');
  await page.getByTestId('hh-create').click();
  await page.getByRole('heading', { name: '平安里 3 号 张家' }).waitFor();

  await page.getByTestId('member-name').fill('张建国');
  await page.getByTestId('member-branch').selectOption({ label: '太平第一党支部' });
  await page.getByTestId('member-party').check();
  await page.getByTestId('member-add').click();
  await expect.poll(() => page.locator('.banner-ok').textContent()).toContain('已添加 张建国');
  await page.getByTestId('member-name').fill('李秀英');
  await page.getByTestId('member-add').click();
  await expect.poll(() => page.getByTestId('member-list').locator('tbody tr').count()).toBe(2);
  const rows = await page.getByTestId('member-list').locator('tbody tr').allInnerTexts();
  expect(rows[0]).toMatch(/1\s+张建国\s+太平第一党支部\s+党员/);
  expect(rows[1]).toMatch(/2\s+李秀英\s+—\s+群众/);
  await page.screenshot({ path: screenshotPath('admin-household'), fullPage: true });

  // A box shows its code; the QR link opens the pairing form with the code filled in.
  const box = crypto.randomUUID();
  await tv('hello', { deviceId: box, appVersion: '0.1.0' });
  const { code, pairPath } = await tv('pairing-code', { deviceId: box });
  await page.goto(`${cms.baseUrl}${pairPath}`);
  expect(await page.getByTestId('pair-code').inputValue()).toBe(code);
  await page.getByTestId('pair-household').selectOption({ label: '平安里 3 号 张家' });

  // A mistyped code first: refused in words.
  await page.getByTestId('pair-code').fill(code === '111111' ? '222222' : '111111');
  await page.getByTestId('pair').click();
  await expect.poll(() => page.locator('.banner-error').textContent()).toContain('没有这个绑定码');
  await page.getByTestId('pair-code').fill(code);
  await page.getByTestId('pair').click();
  await expect.poll(() => page.locator('.banner-ok').textContent()).toContain('已绑定：平安里 3 号 张家');
  const row = page.getByTestId(`box-${box}`);
  expect(await row.innerText()).toMatch(/平安里 3 号 张家[\s\S]*太平街道[\s\S]*在线[\s\S]*0\.1\.0/);
  await page.screenshot({ path: screenshotPath('admin-boxes'), fullPage: true });
  expect(await tv('hello', { deviceId: box, appVersion: '0.1.0' })).toMatchObject({ paired: true, household: { name: '平安里 3 号 张家' } });
  await page.close();
});

it('when an operator imports a sheet with a bad row, then the rows are named and nothing is imported; fixed, it is', async () => {
  const page = await signIn();
  await page.getByRole('link', { name: '家庭' }).click();
  await page.getByTestId('import-file').waitFor();
  const bom = (text: string) => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
  await page.getByTestId('import-file').setInputFiles({ name: '成员.csv', mimeType: 'text/csv', buffer: bom('户名,姓名,党员\n桃花坞 1 号 周家,周大山,是\n桃花坞 1 号 周家,,是\n') });
  await expect.poll(() => page.getByTestId('import-problems').textContent()).toContain('第 3 行');
  expect(await page.locator('.banner-error').first().textContent()).toContain('没有导入任何成员');
  expect(await page.getByText('桃花坞 1 号 周家').count()).toBe(0);
  await page.getByTestId('import-file').setInputFiles({ name: '成员.csv', mimeType: 'text/csv', buffer: bom('户名,姓名,党员\n桃花坞 1 号 周家,周大山,是\n桃花坞 1 号 周家,周小燕,否\n') });
  await expect.poll(() => page.locator('.banner-ok').first().textContent()).toContain('已导入 2 位成员，新建 1 户');
  await page.getByRole('link', { name: '桃花坞 1 号 周家' }).waitFor();
  await page.close();
});
