// The web admin's caption picker: an editor adds a .vtt file to a seeded sample video on the upload page and
// sees "已有字幕"; a file that is not WebVTT is refused in words and changes nothing.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { adminOf, TEST_USER_PASSWORD, userClient, type AdminClient } from '../../helpers/admin-client.ts';
import { launchChromium, screenshotPath } from '../../helpers/browser.ts';
import { copySeededData, startKeting, type KetingProcess } from '../../helpers/server.ts';

const ASSET = 'sample-lesson';
let cms: KetingProcess;
let browser: Browser;
let editor: AdminClient;

beforeAll(async () => {
  cms = await startKeting({ dataDir: await copySeededData({ ownMedia: true }) });
  editor = await userClient(await adminOf(cms.baseUrl), { role: 'editor', streetId: null, displayName: '王丽' });
  browser = await launchChromium();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await cms?.stop();
});

it('when an editor picks a .vtt file for a video, then the list says 已有字幕 and the TV playlist carries it', async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(`${cms.baseUrl}/admin/`);
  await page.getByLabel('用户名').fill(editor.user.username);
  await page.getByLabel('密码', { exact: true }).fill(TEST_USER_PASSWORD);
  await page.getByRole('button', { name: '登录' }).click();
  await page.getByRole('link', { name: '上传视频' }).click();
  const picker = page.getByTestId(`captions-file-${ASSET}`);
  await picker.waitFor({ state: 'attached' });

  await picker.setInputFiles({ name: '字幕.srt', mimeType: 'text/vtt', buffer: Buffer.from('1\n00:00:01,000 --> 00:00:02,000\n你好\n') });
  await expect.poll(() => page.locator('.banner-error').textContent()).toContain('文件开头必须是 WEBVTT');
  expect(await page.getByTestId(`captions-yes-${ASSET}`).count()).toBe(0);

  await picker.setInputFiles({ name: '字幕.vtt', mimeType: 'text/vtt', buffer: Buffer.from('WEBVTT\n\n00:00:01.000 --> 00:00:04.000\n欢迎收看\n') });
  await page.getByTestId(`captions-yes-${ASSET}`).waitFor();
  expect(await page.locator('.banner-ok').textContent()).toContain('字幕已添加');
  await page.screenshot({ path: screenshotPath('admin-captions'), fullPage: true });
  expect(await (await fetch(`${cms.baseUrl}/media/${ASSET}/master.m3u8`)).text()).toContain('SUBTITLES="subs"');
  await page.close();
});
