// The web admin on a full disk, in Debian Chromium: an upload whose second chunk the server refuses with 507
// insufficient_storage (the disk filled up: the real server's answer is tests/cms-server/storage/full-disk.test.ts;
// here the page is what is tested) says so in Chinese, does not hammer the server with retries, keeps 继续上传, and
// 继续上传 goes on from the server's offset. A video whose packaging waits for disk space is listed as waiting, not
// as failed or processing.
import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminOf, TEST_ADMIN_PASSWORD, type AdminClient } from '../../helpers/admin-client.ts';
import { launchChromium, screenshotPath, signInToAdmin } from '../../helpers/browser.ts';
import { copySeededData, startKeting, type KetingProcess } from '../../helpers/server.ts';
import { makeVideo } from '../../helpers/videos.ts';

/** The admin's tus chunk (upload-widget.ts CHUNK_BYTES). */
const CHUNK_BYTES = 8 * 1024 * 1024;
const FULL = '服务器存储空间已满，这个视频暂时传不上去。已上传的部分已保留，请联系管理员清理空间后，重新选择同一个文件继续上传。';

let cms: KetingProcess;
let dataDir: string;
let tmp: string;
let browser: Browser;
let admin: AdminClient;
let videoFile: string;

async function signedInPage(): Promise<Page> {
  return signInToAdmin(browser, cms.baseUrl, 'admin', TEST_ADMIN_PASSWORD, { viewport: { width: 1280, height: 800 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
}

beforeAll(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'keting-admin-full-'));
  videoFile = path.join(tmp, '满盘党课.mp4');
  // Over one chunk (8 MiB), so that the refusal comes in the middle, after bytes were kept.
  await makeVideo(videoFile, { seconds: 12, width: 1280, height: 720, faststart: true });
  expect((await fs.stat(videoFile)).size).toBeGreaterThan(CHUNK_BYTES);
  dataDir = await copySeededData({ ownMedia: true });
  cms = await startKeting({ dataDir });
  admin = await adminOf(cms.baseUrl);
  browser = await launchChromium();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await cms?.stop();
  if (dataDir) await fs.rm(dataDir, { recursive: true, force: true });
  if (tmp) await fs.rm(tmp, { recursive: true, force: true });
});

describe('the web admin on a full disk', () => {
  it('when the server answers 507 in the middle of an upload, then the page says so in Chinese, waits for 继续上传, and goes on from the kept offset', async () => {
    const page = await signedInPage();
    await page.getByRole('link', { name: '上传视频' }).click();
    await page.getByTestId('file-input').setInputFiles(videoFile);
    const tus: string[] = [];
    let refused = false;
    await page.route('**/api/admin/uploads**', async (route) => {
      const req = route.request();
      const offset = (await req.allHeaders())['upload-offset'];
      tus.push(`${req.method()}${offset === undefined ? '' : ` ${offset}`}`);
      if (req.method() === 'PATCH' && offset !== '0' && !refused) {
        refused = true;
        return route.fulfill({
          status: 507,
          headers: { 'Tus-Resumable': '1.0.0', 'Content-Type': 'application/json; charset=utf-8' },
          body: JSON.stringify({ error: { code: 'insufficient_storage', message: FULL } }),
        });
      }
      return route.continue();
    });
    await page.getByTestId('start-upload').click();

    await expect.poll(() => page.locator('.upload-widget .banner-error').textContent(), { timeout: 30_000 }).toContain(FULL);
    const resume = page.getByRole('button', { name: '继续上传' });
    expect(await resume.isVisible()).toBe(true);
    // No automatic retries against a full disk: one refused PATCH, then nothing until someone presses 继续上传.
    await page.waitForTimeout(2500);
    expect(tus.filter((r) => r.startsWith('PATCH'))).toEqual(['PATCH 0', `PATCH ${CHUNK_BYTES}`]);
    await page.screenshot({ path: screenshotPath('admin-upload-disk-full'), fullPage: true });

    // Space freed: 继续上传 asks the server how much it has and sends only the rest.
    await resume.click();
    await page.locator('[data-testid="upload-progress"][aria-valuenow="100"]').waitFor({ timeout: 30_000 });
    expect(tus.slice(tus.indexOf(`PATCH ${CHUNK_BYTES}`) + 1)).toEqual(['HEAD', `PATCH ${CHUNK_BYTES}`]);
    await page.unroute('**/api/admin/uploads**');
    await page.context().close();
  }, 90_000);

  it('when a video waits for disk space to be packaged, then the video list says it is waiting and will go on by itself', async () => {
    // Held as the worker holds it (jobs/worker.ts): pending, its job queued with held_for = 'disk', no attempt.
    const id = crypto.randomUUID();
    const now = new Date().toISOString();
    const db = new Database(path.join(dataDir, 'keting.sqlite'));
    db.prepare(
      `INSERT INTO assets (id, status, source_name, title, source_size, created_by, progress, created_at, updated_at)
       VALUES (?, 'pending', '等空间.mp4', '等待空间的视频', 1000000, ?, 0, ?, ?)`,
    ).run(id, admin.user.id, now, now);
    db.prepare(
      `INSERT INTO jobs (id, kind, asset_id, state, attempts, max_attempts, progress, run_after, created_at, updated_at, held_for)
       VALUES (?, 'package', ?, 'queued', 0, 3, 0, '2999-01-01T00:00:00.000Z', ?, ?, 'disk')`,
    ).run(crypto.randomUUID(), id, now, now);
    db.close();
    expect((await admin.json('GET', `/api/admin/assets/${id}`)).body).toMatchObject({ status: 'pending', heldFor: 'disk', error: null });

    const page = await signedInPage();
    await page.getByRole('link', { name: '上传视频' }).click();
    const row = page.locator('table.list tr').filter({ hasText: '等待空间的视频' });
    await expect.poll(() => row.textContent(), { timeout: 15_000 }).toContain('等待存储空间（磁盘已满，清理后自动继续）');
    expect(await row.textContent()).not.toMatch(/处理失败|正在处理|排队等待处理/);
    await page.context().close();
  }, 60_000);
});
