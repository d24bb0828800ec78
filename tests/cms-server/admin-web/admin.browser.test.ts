// The web admin (/admin/), built and served by the real CMS, used in Debian's Chromium the way street staff
// use it: an editor signs in, uploads a real video made by ffmpeg, watches both progress bars reach 100 %,
// writes a video lesson with it and submits it (surviving a session that runs out mid-form); an admin makes a reviewer account; the reviewer signs in with its one-time password, changes it, and approves;
// the lesson is then in the TV API and plays on the TV.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CatalogResponse } from '../../../cms-server/src/tv-api/contract.ts';
import { adminOf, TEST_ADMIN_PASSWORD, TEST_USER_PASSWORD, userClient, type AdminClient } from '../../helpers/admin-client.ts';
import { launchChromium, screenshotPath } from '../../helpers/browser.ts';
import { copySeededData, startKeting, type KetingProcess } from '../../helpers/server.ts';
import { uploadFile } from '../../helpers/tus.ts';
import { makeVideo } from '../../helpers/videos.ts';
import { tv } from '../../tv-app/tv-page.ts';

const TITLE = '社区党课：垃圾分类怎么做';
const VIEWPORT = { width: 1280, height: 800 };
const VIDEO_SECONDS = 14;
/** The admin's tus chunk (upload-widget.ts CHUNK_BYTES). */
const CHUNK_BYTES = 8 * 1024 * 1024;

let cms: KetingProcess;
let dataDir: string;
let tmp: string;
let browser: Browser;
let admin: AdminClient;
let editor: AdminClient;
let videoFile: string;
let itemId: string;
let reviewerOtp: string;
const REVIEWER = `lijianguo${process.pid}`;
/** Problems the pages reported: uncaught errors and Content-Security-Policy refusals. */
const pageProblems: string[] = [];

async function newPage(): Promise<Page> {
  const context = await browser.newContext({ viewport: VIEWPORT, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  const page = await context.newPage();
  page.on('pageerror', (e) => pageProblems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (/Content Security Policy|Refused to/i.test(m.text())) pageProblems.push(`console: ${m.text()}`);
  });
  return page;
}

async function signIn(page: Page, username: string, password: string): Promise<void> {
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码', { exact: true }).fill(password);
  await page.getByRole('button', { name: '登录' }).click();
}

/** Every value a progress bar showed, recorded in the page as it changes (the bars move faster than polling). */
async function recordProgress(page: Page, testid: string): Promise<void> {
  await page.evaluate((id) => {
    const w = window as unknown as Record<string, number[]>;
    w[id] = [];
    const seen = () => {
      const bar = document.querySelector(`[data-testid="${id}"]`);
      const v = bar ? Number(bar.getAttribute('aria-valuenow')) : NaN;
      if (!Number.isNaN(v) && w[id]!.at(-1) !== v) w[id]!.push(v);
    };
    new MutationObserver(seen).observe(document.body, { subtree: true, attributes: true, attributeFilter: ['aria-valuenow'], childList: true });
  }, testid);
}
const progressSeen = (page: Page, testid: string) => page.evaluate((id) => (window as unknown as Record<string, number[]>)[id] ?? [], testid);

beforeAll(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'keting-admin-web-'));
  videoFile = path.join(tmp, '垃圾分类党课.mp4');
  // 720p so the ladder has all three rungs; 14 s (about 11 MB) so the upload takes two 8 MiB chunks and a
  // dropped connection can be resumed in the middle, yet packaging takes seconds.
  await makeVideo(videoFile, { seconds: VIDEO_SECONDS, width: 1280, height: 720, faststart: true });
  dataDir = await copySeededData({ ownMedia: true });
  cms = await startKeting({ dataDir });
  admin = await adminOf(cms.baseUrl);
  // District-wide accounts: their content is the district's, which every TV (and the TV app here) shows.
  editor = await userClient(admin, { role: 'editor', streetId: null, displayName: '王丽' });
  browser = await launchChromium();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await cms?.stop();
  await fs.rm(dataDir, { recursive: true, force: true });
  await fs.rm(tmp, { recursive: true, force: true });
});

describe('web admin', () => {
  it('when an editor uploads a video, then both progress bars reach 100 % and the poster, duration and renditions show', async () => {
    const page = await newPage();
    await page.goto(`${cms.baseUrl}/admin/`);
    await page.getByLabel('用户名').waitFor();
    await page.screenshot({ path: screenshotPath('admin-login') });

    // A wrong password is refused in words, next to the form.
    await signIn(page, editor.user.username, 'not-the-password');
    await expect.poll(() => page.locator('.banner-error').textContent()).toMatch(/用户名或密码|密码/);

    await signIn(page, editor.user.username, TEST_USER_PASSWORD);
    await expect.poll(() => page.getByTestId('who').textContent()).toMatch(/王丽\s*编辑 · 全区/);
    await page.getByTestId('item-row').first().waitFor();
    await page.screenshot({ path: screenshotPath('admin-items') });

    await page.getByRole('link', { name: '上传视频' }).click();
    // Meeting minutes renamed to .mp4 by mistake: refused in words, and another file can be chosen.
    await page.getByTestId('file-input').setInputFiles({ name: '会议记录.mp4', mimeType: 'video/mp4', buffer: Buffer.from('第一项：垃圾分类。'.repeat(400)) });
    await page.getByTestId('start-upload').click();
    await expect.poll(() => page.locator('.upload-widget .banner-error').textContent(), { timeout: 15_000 }).toContain('这不是视频文件');
    await page.getByRole('button', { name: '换一个文件' }).click();
    await page.getByTestId('file-input').setInputFiles(videoFile);
    await expect(page.getByLabel('视频标题').inputValue()).resolves.toBe('垃圾分类党课');
    await recordProgress(page, 'upload-progress');
    await recordProgress(page, 'packaging-progress');
    // The office network drops once, in the middle of the second chunk's request: the page must ask the
    // server how much arrived and go on from there, not start again.
    const tusRequests: string[] = [];
    let dropped = false;
    await page.route('**/api/admin/uploads**', async (route) => {
      const req = route.request();
      const offset = (await req.allHeaders())['upload-offset'];
      tusRequests.push(`${req.method()}${offset === undefined ? '' : ` ${offset}`}`);
      if (req.method() === 'PATCH' && offset !== '0' && !dropped) {
        dropped = true;
        return route.abort('connectionreset');
      }
      return route.continue();
    });
    const started = Date.now();
    await page.getByTestId('start-upload').click();

    await page.locator('[data-testid="upload-progress"][aria-valuenow="100"]').waitFor({ timeout: 30_000 });
    const uploadedMs = Date.now() - started;
    await page.locator('[data-testid="packaging-progress"][aria-valuenow="100"]').waitFor({ timeout: 90_000 });
    await page.getByTestId('asset-ready').waitFor();
    const readyMs = Date.now() - started;
    expect(await page.getByTestId('upload-progress-pct').textContent()).toBe('100%');
    expect(await page.getByTestId('packaging-progress-pct').textContent()).toBe('100%');
    expect(await page.getByTestId('asset-duration').textContent()).toBe(`00:${VIDEO_SECONDS}`);
    expect(await page.getByTestId('asset-renditions').textContent()).toBe('720p、480p、360p');
    const poster = page.locator('.asset-summary img.poster');
    await expect.poll(() => poster.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBeGreaterThan(0);

    // The preview plays in the page through hls.js (blob: media under the admin's strict CSP).
    await page.getByRole('button', { name: /在这里预览/ }).click();
    await page.waitForFunction(() => ((document.querySelector('.preview-video') as HTMLVideoElement | null)?.currentTime ?? 0) > 0.5, null, { timeout: 15_000 });
    await page.evaluate(() => (document.querySelector('.preview-video') as HTMLVideoElement).pause());
    await page.screenshot({ path: screenshotPath('admin-upload'), fullPage: true });
    const up = await progressSeen(page, 'upload-progress');
    const pack = await progressSeen(page, 'packaging-progress');
    console.log(`[admin-web] upload bar went ${up.join('→')} (${uploadedMs} ms); packaging bar went ${pack.join('→')}; ready after ${readyMs} ms`);
    console.log(`[admin-web] tus requests: ${tusRequests.join(', ')}`);
    expect(up.at(-1)).toBe(100);
    expect(pack.at(-1)).toBe(100);
    // Resumed, not restarted: after the dropped PATCH at 8 MiB, no PATCH starts from 0 again.
    expect(dropped).toBe(true);
    const patches = tusRequests.filter((r) => r.startsWith('PATCH'));
    expect(patches).toEqual(['PATCH 0', `PATCH ${CHUNK_BYTES}`, `PATCH ${CHUNK_BYTES}`]);
    await page.unroute('**/api/admin/uploads**');

    // Into a video lesson: the editor opens with this video chosen.
    await page.getByTestId('new-video-item').click();
    await page.getByTestId('title').waitFor();
    const assetId = await page.getByTestId('asset-select').inputValue();
    expect(assetId).toMatch(/^[0-9a-f-]{36}$/);
    await page.getByTestId('title').fill(TITLE);
    await page.getByLabel('视频简介（可以不填）').fill('社区书记讲解垃圾分类的四种颜色和投放时间。');

    // What is typed is kept in sessionStorage as it is typed (for a reload or a closed tab).
    const drafts = await page.evaluate(() => Object.keys(sessionStorage).filter((k) => k.startsWith('keting:draft:')));
    expect(drafts.length).toBe(1);

    // The session runs out while the form is open (idle for longer than the limit): the sign-in box comes
    // over the page, and once signed in the save that met the expired session goes through, form intact.
    const db = new Database(path.join(dataDir, 'keting.sqlite'));
    const longAgo = new Date(Date.now() - 24 * 3_600_000).toISOString();
    db.prepare('UPDATE sessions SET last_seen_at = ? WHERE user_id = ?').run(longAgo, editor.user.id);
    db.close();
    await page.getByTestId('save').click();
    const relogin = page.locator('dialog.relogin');
    await relogin.waitFor();
    expect(await relogin.textContent()).toContain('登录已过期，请重新登录');
    await page.screenshot({ path: screenshotPath('admin-session-expired') });
    await relogin.getByLabel('密码', { exact: true }).fill(TEST_USER_PASSWORD);
    await relogin.getByRole('button', { name: '登录' }).click();
    await relogin.waitFor({ state: 'detached' });
    await expect.poll(() => page.locator('.banner-ok').first().textContent(), { timeout: 10_000 }).toContain('已保存为草稿');
    expect(await page.getByTestId('title').inputValue()).toBe(TITLE);

    await page.getByTestId('submit').click();
    await expect.poll(() => page.locator('.banner-ok').first().textContent(), { timeout: 10_000 }).toContain('已提交审核');
    await page.screenshot({ path: screenshotPath('admin-editor') });
    await page.screenshot({ path: screenshotPath('admin-editor-full'), fullPage: true });
    itemId = decodeURIComponent(new URL(page.url()).hash.split('/')[2] ?? '');
    expect(itemId).not.toBe('');

    // Stored as the page said: a video lesson in review, with this video. (The editor's API client shared
    // the expired session's fate, so the admin reads.)
    const stored = await admin.json('GET', `/api/admin/items/${itemId}`);
    expect(stored.status).toBe(200);
    expect(stored.body).toMatchObject({ kind: 'video', title: TITLE, state: 'review', assetId, sectionId: 'branch-lessons', streetId: null });
    expect(stored.body.asset.status).toBe('ready');
    // Not on the TVs before approval.
    const before = (await (await fetch(`${cms.baseUrl}/api/tv/v1/catalog`)).json()) as CatalogResponse;
    expect(before.sections.flatMap((s) => s.items).some((i) => i.id === itemId)).toBe(false);
    await page.context().close();
  }, 180_000);

  it('when an admin makes a reviewer account, then its one-time password is shown once and the audit log says so', async () => {
    const page = await newPage();
    await page.goto(`${cms.baseUrl}/admin/`);
    await signIn(page, 'admin', TEST_ADMIN_PASSWORD);
    await page.getByRole('link', { name: '账号' }).click();
    await page.getByLabel('用户名（登录用）').fill(REVIEWER);
    await page.getByLabel('姓名').fill('李建国');
    await page.getByLabel('角色', { exact: true }).selectOption('reviewer');
    await page.getByRole('button', { name: '新建账号' }).click();
    const otp = page.getByTestId('one-time-password');
    await otp.waitFor();
    reviewerOtp = (await otp.textContent())!.trim();
    await page.screenshot({ path: screenshotPath('admin-users-otp') });
    expect(reviewerOtp.length).toBeGreaterThanOrEqual(8);
    await page.getByRole('button', { name: '我已经记下了' }).click();
    await expect.poll(() => page.locator('.banner-ok').first().textContent()).toContain('已新建账号 李建国');
    const stored = await admin.json('GET', '/api/admin/users');
    expect(stored.body.users.find((u: { username: string }) => u.username === REVIEWER)).toMatchObject({ role: 'reviewer', streetId: null, mustChangePassword: true });

    await page.getByRole('link', { name: '操作记录' }).click();
    const newest = page.getByTestId('audit-row').first();
    await newest.waitFor();
    expect(await newest.textContent()).toContain('新建账号');
    expect(await newest.textContent()).toContain(REVIEWER);
    await page.getByTestId('logout').click();
    await page.getByLabel('用户名').waitFor();
    await page.context().close();
  }, 60_000);

  it('when a reviewer with a one-time password signs in, then the password must change first, and approving publishes', async () => {
    const page = await newPage();
    await page.goto(`${cms.baseUrl}/admin/`);
    await signIn(page, REVIEWER, reviewerOtp);
    await page.getByRole('heading', { name: '修改密码' }).waitFor();
    await page.screenshot({ path: screenshotPath('admin-password') });
    await page.getByLabel('现在的密码').fill(reviewerOtp);
    await page.getByLabel('新密码', { exact: true }).fill('short');
    await page.getByLabel('再输一遍新密码').fill('short');
    await page.getByRole('button', { name: '修改密码' }).click();
    expect(await page.locator('.banner-error').textContent()).toContain('至少要 8 位');
    // A common password passes the page's own length check; the server's reason is shown in its words.
    await page.getByLabel('新密码', { exact: true }).fill('12345678');
    await page.getByLabel('再输一遍新密码').fill('12345678');
    await page.getByRole('button', { name: '修改密码' }).click();
    await expect.poll(() => page.locator('.banner-error').textContent()).toContain('这是很常见的密码');
    await page.getByLabel('新密码', { exact: true }).fill('reviewer-new-password');
    await page.getByLabel('再输一遍新密码').fill('reviewer-new-password');
    await page.getByRole('button', { name: '修改密码' }).click();
    await expect.poll(() => page.getByTestId('who').textContent()).toMatch(/李建国\s*审核员 · 全区/);

    await page.getByRole('link', { name: '审核' }).click();
    const card = page.getByTestId('review-card').filter({ hasText: TITLE });
    await card.waitFor();
    await page.screenshot({ path: screenshotPath('admin-review') });
    await card.getByTestId('approve').click();
    await page.locator('dialog.modal').getByRole('button', { name: '通过' }).click();
    await expect.poll(() => card.textContent()).toContain('已通过，马上上线');

    const stored = await admin.json('GET', `/api/admin/items/${itemId}`);
    expect(stored.body.state).toBe('published');
    // The list counts it among the published, in the reviewer's own view.
    await page.goto(`${cms.baseUrl}/admin/#/items?state=published`);
    await page.getByTestId('item-row').filter({ hasText: TITLE }).waitFor();
    await page.context().close();
  }, 60_000);

  it('when an editor writes a service guide, a recruitment post and an urgent notice, then what is stored is what the form showed', async () => {
    const page = await newPage();
    await page.goto(`${cms.baseUrl}/admin/`);
    await signIn(page, editor.user.username, TEST_USER_PASSWORD);
    await page.getByTestId('who').waitFor();
    const idOfPage = () => decodeURIComponent(new URL(page.url()).hash.split('/')[2] ?? '');

    // 办事指南, with a missing title first: the server's message appears by the buttons.
    await page.getByRole('link', { name: '新建内容', exact: true }).click();
    await page.getByTestId('kind-guide').click();
    await page.getByLabel('办理部门').fill('太平街道社区事务受理服务中心');
    await page.getByLabel('办公时间').fill('周一至周五 9:00–17:00');
    await page.getByLabel('咨询电话').fill('0512-6512 3456');
    await page.getByLabel('办理地址').fill('太平街道聚民路18号');
    const duties = page.getByTestId('guide-duties');
    await duties.locator('input').first().fill('办理居民医保登记');
    await duties.getByRole('button', { name: '＋ 添加一项' }).click();
    await duties.locator('input').nth(1).fill('解答报销问题');
    await page.getByTestId('guide-steps').locator('input').first().fill('带齐材料到一楼窗口取号');
    await page.getByTestId('guide-materials').locator('input').first().fill('本人身份证');
    await page.getByLabel('正文').fill('居民医保每年缴费一次。\n\n行动不便的老人可以请家人代办。');
    await page.getByTestId('save').click();
    await expect.poll(() => page.locator('.action-bar .banner-error').textContent()).toBe('请填写标题。');
    await page.getByTestId('title').fill('居民医保怎么办');
    await page.getByTestId('save').click();
    await expect.poll(() => page.locator('.banner-ok').first().textContent()).toContain('已保存为草稿');
    const guide = await admin.json('GET', `/api/admin/items/${idOfPage()}`);
    expect(guide.body).toMatchObject({
      kind: 'guide',
      sectionId: 'guide',
      state: 'draft',
      title: '居民医保怎么办',
      guide: {
        department: '太平街道社区事务受理服务中心',
        duties: ['办理居民医保登记', '解答报销问题'],
        steps: ['带齐材料到一楼窗口取号'],
        materials: ['本人身份证'],
        hours: '周一至周五 9:00–17:00',
        phone: '0512-6512 3456',
        address: '太平街道聚民路18号',
      },
    });

    // 招聘信息 with two positions, submitted at once.
    await page.getByRole('link', { name: '新建内容', exact: true }).click();
    await page.getByTestId('kind-recruitment').click();
    await page.getByTestId('title').fill('社区养老服务站招聘');
    await page.getByLabel('招聘单位').fill('太平街道养老服务站');
    await page.getByLabel('报名截止日期').fill('2026-12-20');
    await page.getByLabel('联系方式').fill('王老师 0512-6512 0000');
    await page.getByLabel('岗位名称').fill('护理员');
    await page.getByLabel('招几人').fill('3');
    await page.getByLabel('要求').fill('50 岁以下，有护理经验');
    await page.getByRole('button', { name: '＋ 添加一个岗位' }).click();
    await page.getByLabel('岗位名称').nth(1).fill('厨师');
    await page.getByLabel('要求').nth(1).fill('持健康证');
    await page.getByLabel('正文').fill('养老服务站招聘护理员和厨师，欢迎社区居民报名。');
    await page.getByTestId('save-submit').click();
    await expect.poll(() => page.locator('.banner-ok').first().textContent()).toContain('已提交审核');
    const job = await admin.json('GET', `/api/admin/items/${idOfPage()}`);
    expect(job.body).toMatchObject({
      kind: 'recruitment',
      sectionId: 'jobs',
      state: 'review',
      recruitment: {
        employer: '太平街道养老服务站',
        deadline: '2026-12-20',
        contact: '王老师 0512-6512 0000',
        positions: [
          { name: '护理员', count: 3, requirements: '50 岁以下，有护理经验' },
          { name: '厨师', count: 1, requirements: '持健康证' },
        ],
      },
    });

    // An urgent notice with a publishing window typed in Beijing time, stored in UTC.
    await page.getByRole('link', { name: '新建内容', exact: true }).click();
    await page.getByTestId('kind-notice').click();
    await page.getByTestId('title').fill('12月1日停水通知');
    await page.getByLabel('紧急通知（电视上醒目显示）').check();
    await page.getByLabel('正文').fill('因管道检修，12月1日上午8点到下午5点停水，请提前储水。');
    // A week ahead, 08:00 to 18:30 the next day, Beijing time (the server refuses windows years ahead).
    const day = (n: number) => new Date(Date.now() + 8 * 3_600_000 + n * 86_400_000).toISOString().slice(0, 10);
    const [from, to] = [day(7), day(8)];
    await page.getByLabel('什么时候上线').fill(`${from}T08:00`);
    await page.getByLabel('什么时候下线').fill(`${to}T18:30`);
    await page.getByTestId('save').click();
    await expect.poll(() => page.locator('.banner-ok').first().textContent()).toContain('已保存为草稿');
    const notice = await admin.json('GET', `/api/admin/items/${idOfPage()}`);
    expect(notice.body).toMatchObject({ kind: 'notice', urgent: true, publishAt: `${from}T00:00:00.000Z`, unpublishAt: `${to}T10:30:00.000Z` });
    // Shown back in Beijing time, in the list too.
    expect(await page.getByLabel('什么时候上线').inputValue()).toBe(`${from}T08:00`);
    await page.goto(`${cms.baseUrl}/admin/#/items?state=draft`);
    const row = page.getByTestId('item-row').filter({ hasText: '12月1日停水通知' });
    await row.waitFor();
    const md = (ymd: string) => `${Number(ymd.slice(5, 7))}月${Number(ymd.slice(8, 10))}日`;
    expect(await row.textContent()).toMatch(new RegExp(`(\\d{4}年)?${md(from)} 08:00 起 · 至 (\\d{4}年)?${md(to)} 18:30`));
    await page.context().close();
  }, 90_000);

  it('when a reviewer sends an item back, then a reason is required and the editor reads it on the item', async () => {
    const page = await newPage();
    await page.goto(`${cms.baseUrl}/admin/`);
    await signIn(page, REVIEWER, 'reviewer-new-password');
    await page.getByRole('link', { name: /审核/ }).click();
    const card = page.getByTestId('review-card').filter({ hasText: '社区养老服务站招聘' });
    await card.getByTestId('reject').click();
    const dialog = page.locator('dialog.modal');
    await dialog.getByRole('button', { name: '退回' }).click();
    expect(await dialog.locator('.banner-error').textContent()).toContain('请写明退回的原因');
    const REASON = '请写明每个岗位的工作时间和工资。';
    await dialog.getByTestId('reject-reason').fill(REASON);
    await dialog.getByRole('button', { name: '退回' }).click();
    await expect.poll(() => card.textContent()).toContain('已退回给编辑');
    const id = ((await admin.json('GET', '/api/admin/items?kind=recruitment&state=draft')).body.items as { id: string; title: string }[]).find((i) => i.title === '社区养老服务站招聘')!.id;
    const stored = await admin.json('GET', `/api/admin/items/${id}`);
    expect(stored.body).toMatchObject({ state: 'draft', reviewNote: REASON });
    await page.context().close();

    const editorPage = await newPage();
    await editorPage.goto(`${cms.baseUrl}/admin/#/items/${id}`);
    await signIn(editorPage, editor.user.username, TEST_USER_PASSWORD);
    await expect.poll(() => editorPage.locator('.status-line').textContent()).toContain(`审核员退回了这条内容。原因：${REASON}`);
    await editorPage.context().close();
  }, 60_000);

  it('when the lesson is approved, then the TV API lists it and the TV app plays it; withdrawn, it is gone', async () => {
    const catalog = (await (await fetch(`${cms.baseUrl}/api/tv/v1/catalog`)).json()) as CatalogResponse;
    const section = catalog.sections.find((s) => s.id === 'branch-lessons')!;
    const at = section.items.findIndex((i) => i.id === itemId);
    expect(at).toBeGreaterThanOrEqual(0);
    expect(section.items[at]!.title).toBe(TITLE);

    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    const remote = tv(page);
    // Another test run on this machine may be rebuilding tv-app/dist this very second: load again then.
    for (let attempt = 1; ; attempt++) {
      await page.goto(`${cms.baseUrl}/tv/`);
      const ready = await page
        .waitForFunction(() => (window as unknown as { __keting?: { ready: boolean } }).__keting?.ready === true, null, { timeout: 15_000 })
        .then(() => true, () => false);
      if (ready) break;
      if (attempt === 3) throw new Error('the TV app did not start in three tries');
    }
    await remote.waitFor((s) => s.ready && s.route === 'home', 'the TV home screen');
    await remote.press('1');
    await remote.waitFor((s) => s.route === 'section/branch-lessons', 'section 1');
    for (let i = 0; i < at; i++) await remote.press('ArrowDown');
    expect((await remote.state()).focused).toBe(TITLE);
    await remote.press('Enter');
    await remote.waitFor((s) => s.route === `play/${itemId}`, 'the player');
    await page.waitForFunction(() => (document.querySelector('video')?.currentTime ?? 0) > 1, null, { timeout: 20_000 });
    await page.screenshot({ path: screenshotPath('admin-published-on-tv') });
    await page.close();

    // Withdrawn from the admin, after a confirmation: gone from the TVs at once.
    const adminPage = await newPage();
    await adminPage.goto(`${cms.baseUrl}/admin/#/items/${itemId}`);
    await signIn(adminPage, 'admin', TEST_ADMIN_PASSWORD);
    await adminPage.getByTestId('withdraw').click();
    await adminPage.locator('dialog.modal').getByRole('button', { name: '确定撤下' }).click();
    await expect.poll(() => adminPage.locator('.banner-ok').first().textContent()).toContain('已撤下');
    const after = (await (await fetch(`${cms.baseUrl}/api/tv/v1/catalog`)).json()) as CatalogResponse;
    expect(after.sections.flatMap((x) => x.items).some((i) => i.id === itemId)).toBe(false);
    expect((await admin.json('GET', `/api/admin/items/${itemId}`)).body.state).toBe('withdrawn');
    await adminPage.context().close();
    expect(pageProblems).toEqual([]);
  }, 60_000);
  it('when a video is uploaded from inside the video editor, then it is chosen for the lesson when ready', async () => {
    const file = path.join(tmp, '社区合唱.mp4');
    await makeVideo(file, { seconds: 3, width: 640, height: 360 });
    const page = await newPage();
    await page.goto(`${cms.baseUrl}/admin/`);
    await signIn(page, 'admin', TEST_ADMIN_PASSWORD);
    await page.getByTestId('who').waitFor();
    await page.goto(`${cms.baseUrl}/admin/#/new?kind=video`);
    await page.getByTestId('inline-upload').click();
    await page.getByTestId('file-input').setInputFiles(file);
    await page.getByTestId('start-upload').click();
    await page.locator('.video-picker [data-testid="asset-ready"]').waitFor({ timeout: 90_000 });
    const chosen = await page.getByTestId('asset-select').inputValue();
    expect(chosen).toMatch(/^[0-9a-f-]{36}$/);
    expect(await page.getByTestId('asset-duration').textContent()).toBe('00:03');
    await page.getByTestId('title').fill('社区合唱团排练');
    await page.getByTestId('save').click();
    await expect.poll(() => page.locator('.banner-ok').first().textContent()).toContain('已保存为草稿');
    const id = decodeURIComponent(new URL(page.url()).hash.split('/')[2] ?? '');
    const stored = await admin.json('GET', `/api/admin/items/${id}`);
    expect(stored.body).toMatchObject({ kind: 'video', title: '社区合唱团排练', assetId: chosen, state: 'draft' });
    await page.context().close();
  }, 120_000);

  it('when the packaging of a video has failed, then the list counts it under 视频处理失败 and the editor and the video list say why, in words', async () => {
    // A real upload, packaged; then its packaging is marked failed in the database, as the worker does when
    // ffmpeg gives up (a real failure cannot be caused on purpose with a file that passes validation).
    const file = path.join(tmp, '坏视频.mp4');
    await makeVideo(file, { seconds: 3, width: 640, height: 360 });
    const up = await uploadFile(cms.baseUrl, admin.headers(), file, { filename: '坏视频.mp4', filetype: 'video/mp4', title: '坏视频' });
    expect(up.assetId).toBeTruthy();
    await expect.poll(async () => (await admin.json('GET', `/api/admin/assets/${up.assetId}`)).body.status, { timeout: 60_000, interval: 500 }).toBe('ready');
    const created = await admin.json('POST', '/api/admin/items', { kind: 'video', sectionId: 'culture', title: '转码失败的视频', assetId: up.assetId });
    expect(created.status).toBe(201);
    const WHY = '视频第 2 秒的画面损坏，无法转换。请用原始文件重新上传。';
    const db = new Database(path.join(dataDir, 'keting.sqlite'));
    db.prepare("UPDATE assets SET status = 'failed', error = ?, error_code = 'packaging_failed' WHERE id = ?").run(WHY, up.assetId);
    db.close();

    const page = await newPage();
    await page.goto(`${cms.baseUrl}/admin/`);
    await signIn(page, 'admin', TEST_ADMIN_PASSWORD);
    await page.getByTestId('who').waitFor();
    await page.getByTestId('tab-failed').click();
    expect(await page.getByTestId('tab-failed').textContent()).toBe('视频处理失败 (1)');
    await page.getByTestId('item-row').filter({ hasText: '转码失败的视频' }).getByRole('link').click();
    // Said at the top, in the status, and again by the video.
    const why = page.getByTestId('failed-why');
    await why.waitFor();
    expect(await why.textContent()).toContain(WHY);
    expect(await page.locator('.video-picker .banner-error').textContent()).toContain(WHY);
    // It cannot go to the TVs: no 提交审核 until another video is chosen.
    expect(await page.getByTestId('submit').count()).toBe(0);
    await page.screenshot({ path: screenshotPath('admin-failed-video') });

    await page.getByRole('link', { name: '上传视频' }).click();
    await expect.poll(() => page.locator('table.list').textContent()).toContain(`处理失败：${WHY}`);
    await page.context().close();
    expect(pageProblems).toEqual([]);
  }, 120_000);
});
