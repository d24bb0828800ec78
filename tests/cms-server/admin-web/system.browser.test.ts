// The admin's 系统维护 in Debian's Chromium against a real CMS: with no backup yet the red warning says so; a district
// admin presses 立即备份 and sees the backup (time, size, kind) and the warning gone; a street admin reads the page
// without the button; other roles do not have it in the menu.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { adminOf, TEST_ADMIN_PASSWORD, TEST_USER_PASSWORD, userClient, type AdminClient } from '../../helpers/admin-client.ts';
import { launchChromium, screenshotPath, signInToAdmin } from '../../helpers/browser.ts';
import { startKeting, type KetingProcess } from '../../helpers/server.ts';

let cms: KetingProcess;
let browser: Browser;
let admin: AdminClient;
let streetAdmin: AdminClient;
let operator: AdminClient;
let backupDir: string;

beforeAll(async () => {
  backupDir = await fs.mkdtemp(path.join(os.tmpdir(), 'keting-system-page-'));
  cms = await startKeting({ env: { BACKUP_DIR: backupDir, BACKUP_CRON: '30 3 * * *' } });
  admin = await adminOf(cms.baseUrl);
  expect((await admin.json('POST', '/api/admin/streets', { id: 'taiping', name: '太平街道', publishDirectly: false })).status).toBe(201);
  streetAdmin = await userClient(admin, { role: 'admin', streetId: 'taiping', displayName: '太平管理员' });
  operator = await userClient(admin, { role: 'operator', streetId: null, displayName: '区运营' });
  browser = await launchChromium();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await cms?.stop();
  await fs.rm(backupDir, { recursive: true, force: true });
});

async function signIn(username: string, password: string): Promise<Page> {
  return signInToAdmin(browser, cms.baseUrl, username, password, { viewport: { width: 1400, height: 1000 } });
}

it('when there is no backup, then a district admin sees the red warning, backs up now and sees the backup', async () => {
  const page = await signIn('admin', TEST_ADMIN_PASSWORD);
  await page.getByRole('link', { name: '系统维护' }).click();
  await page.getByRole('heading', { name: '系统维护' }).waitFor();
  const stale = page.getByTestId('backup-stale');
  await expect.poll(() => stale.textContent()).toBe('还没有备份，请尽快备份。');
  const status = page.getByTestId('backup-status');
  expect(await status.textContent()).toContain('每天 03:30（北京时间）');
  expect(await status.textContent()).toContain('备份盘剩余空间');
  await page.screenshot({ path: screenshotPath('admin-system-no-backup'), fullPage: true });

  await page.getByTestId('backup-now').click();
  await expect.poll(() => page.locator('.banner-ok').textContent(), { timeout: 30_000 }).toContain('备份完成');
  expect(await stale.count()).toBe(0);
  const text = (await status.textContent()) ?? '';
  expect(text).toContain('手动备份');
  expect(text).toMatch(/刚刚|分钟前/);
  expect(text).toMatch(/\d+(\.\d+)? (KB|MB|GB)（数据库和 \d+ 个媒体文件）/);
  expect(text).toContain(backupDir);
  await page.screenshot({ path: screenshotPath('admin-system-backed-up'), fullPage: true });
  await page.close();
});

it('when a street admin opens it, then the status is shown without the button; an operator has no such page', async () => {
  const page = await signIn(streetAdmin.user.username, TEST_USER_PASSWORD);
  await page.getByRole('link', { name: '系统维护' }).click();
  await page.getByTestId('backup-status').waitFor();
  expect(await page.getByTestId('backup-now').count()).toBe(0);
  expect(await page.getByTestId('backup-status').textContent()).not.toContain(backupDir);
  await page.close();

  const op = await signIn(operator.user.username, TEST_USER_PASSWORD);
  expect(await op.getByRole('link', { name: '系统维护' }).count()).toBe(0);
  await op.close();
});
