// The admin's week view of a channel (直播排期) in Debian's Chromium against a real CMS: an operator reads the week,
// drags a broadcast onto another (the API's overlap check refuses it, the calendar springs back and says which
// broadcast is in the way), drags it to a free time (moved, in Shanghai time), schedules one by choosing a range,
// and deletes it from its form. Roles without scheduling do not see the page. The browser runs in Berlin's time zone:
// the page shows and sends Shanghai time whatever the office PC's zone.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { adminOf, TEST_USER_PASSWORD, userClient, type AdminClient } from '../../helpers/admin-client.ts';
import { launchChromium, screenshotPath, signInToAdmin } from '../../helpers/browser.ts';
import { startKeting, type KetingProcess } from '../../helpers/server.ts';

// A published, ready seeded video item (content/sections/01-branch-lessons.json, sample-lesson).
const VIDEO_ITEM = 'lesson-keting-dangjian';
const DAY_MS = 86_400_000;

let cms: KetingProcess;
let browser: Browser;
let admin: AdminClient;
let operator: AdminClient;
let editor: AdminClient;

/** This week's Monday in Shanghai, "YYYY-MM-DD" (the week the page opens on). */
function mondayInShanghai(): string {
  const wall = new Date(Date.now() + 8 * 3600_000);
  const back = (wall.getUTCDay() + 6) % 7;
  return new Date(wall.getTime() - back * DAY_MS).toISOString().slice(0, 10);
}
const dayOfWeek = (offset: number) => new Date(Date.parse(`${mondayInShanghai()}T00:00:00Z`) + offset * DAY_MS).toISOString().slice(0, 10);
const at = (offset: number, time: string) => `${dayOfWeek(offset)}T${time}:00+08:00`;

beforeAll(async () => {
  cms = await startKeting();
  admin = await adminOf(cms.baseUrl);
  operator = await userClient(admin, { role: 'operator', streetId: null, displayName: '陈运营' });
  editor = await userClient(admin, { role: 'editor', streetId: null });
  browser = await launchChromium();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await cms?.stop();
});

async function signIn(user: AdminClient): Promise<Page> {
  return signInToAdmin(browser, cms.baseUrl, user.user.username, TEST_USER_PASSWORD, { viewport: { width: 1400, height: 1300 }, locale: 'zh-CN', timezoneId: 'Europe/Berlin' });
}

const broadcast = async (id: string) => (await admin.json('GET', `/api/admin/broadcasts/${id}`)).body.broadcast;

const slotTop = async (page: Page, time: string) => (await page.locator(`.fc-timegrid-slot-lane[data-time="${time}:00"]`).boundingBox())!.y;
const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/**
 * Drags the event titled `title` to start at `time` of `date`, as a person does: holding it, moving it there and
 * nudging it until the time the dragged copy shows (FullCalendar's mirror, snapped to 5 minutes) reads `time`.
 */
async function drag(page: Page, title: string, date: string, time: string): Promise<void> {
  // A banner scrolls itself into view smoothly: measure once the page stands still.
  let y = -1;
  for (let now = await page.evaluate('scrollY'); now !== y; now = await page.evaluate('scrollY')) {
    y = now as number;
    await page.waitForTimeout(150);
  }
  const box = (await page.locator('.fc-timegrid-event', { hasText: title }).boundingBox())!;
  const col = (await page.locator(`.fc-timegrid-col[data-date="${date}"]`).boundingBox())!;
  const pxPerMinute = ((await slotTop(page, '10:00')) - (await slotTop(page, '09:00'))) / 60;
  const grab = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
  await page.mouse.move(grab.x, grab.y);
  await page.mouse.down();
  const to = { x: col.x + col.width / 2, y: grab.y + (await slotTop(page, time)) - box.y };
  await page.mouse.move(to.x, to.y, { steps: 12 });
  for (let nudge = 0; nudge < 4; nudge++) {
    const shown = (await page.locator('.fc-event-mirror .ev-time').textContent())!.slice(0, 5);
    const off = minutesOf(shown) - minutesOf(time);
    if (off === 0) break;
    to.y -= off * pxPerMinute;
    await page.mouse.move(to.x, to.y, { steps: 3 });
  }
  await page.mouse.up();
}

it('when an operator drags a broadcast onto another, then it is refused in words and stays; onto a free time, then it moves', async () => {
  const made = async (title: string, day: number) => {
    const res = await operator.json('POST', '/api/admin/broadcasts', { channelId: 'district', title, items: [VIDEO_ITEM], startsAt: at(day, '09:00'), endsAt: at(day, '10:00'), takeover: 'prompt', announceMinutes: 10 });
    expect(res.status).toBe(201);
    return res.body.broadcast.id as string;
  };
  const meeting = await made('全区党员大会', 2); // Wednesday
  await made('道德讲堂直播', 3); // Thursday

  const page = await signIn(operator);
  await page.getByRole('link', { name: '直播排期' }).click();
  await page.locator('.fc-timegrid-event', { hasText: '全区党员大会' }).waitFor();
  expect(await page.locator('.fc-timegrid-event', { hasText: '道德讲堂直播' }).textContent()).toContain('09:00');
  expect(await page.locator('.fc-timegrid-event', { hasText: '全区党员大会' }).textContent()).toContain('提示观看');
  await page.screenshot({ path: screenshotPath('admin-broadcasts-week') });

  // Onto Thursday 09:00: the other broadcast is there.
  await drag(page, '全区党员大会', dayOfWeek(3), '09:00');
  await expect.poll(() => page.locator('.banner-error').textContent()).toContain('道德讲堂直播');
  expect(await page.locator('.banner-error').textContent()).toContain('没有移动');
  expect((await broadcast(meeting)).startsAt).toBe(new Date(at(2, '09:00')).toISOString());
  const wed = (await page.locator(`.fc-timegrid-col[data-date="${dayOfWeek(2)}"]`).boundingBox())!;
  const evBox = (await page.locator('.fc-timegrid-event', { hasText: '全区党员大会' }).boundingBox())!;
  expect(evBox.x).toBeGreaterThanOrEqual(wed.x - 1); // sprang back to Wednesday
  expect(evBox.x + evBox.width).toBeLessThanOrEqual(wed.x + wed.width + 1);

  // To Wednesday 11:00: free.
  await drag(page, '全区党员大会', dayOfWeek(2), '11:00');
  await expect.poll(() => page.locator('.banner-ok').textContent()).toContain('已改到');
  const moved = await broadcast(meeting);
  expect(moved.startsAt).toBe(new Date(at(2, '11:00')).toISOString());
  expect(moved.endsAt).toBe(new Date(at(2, '12:00')).toISOString());
  await page.close();
});

it('when an operator chooses a range, then the form schedules a broadcast there; its form deletes it', async () => {
  const page = await signIn(operator);
  await page.goto(`${cms.baseUrl}/admin/#/broadcasts`);
  await page.locator('.fc-timegrid-slot-lane[data-time="13:00:00"]').waitFor();
  const col = (await page.locator(`.fc-timegrid-col[data-date="${dayOfWeek(4)}"]`).boundingBox())!;
  const from = (await page.locator('.fc-timegrid-slot-lane[data-time="13:00:00"]').boundingBox())!;
  const to = (await page.locator('.fc-timegrid-slot-lane[data-time="13:30:00"]').boundingBox())!;
  await page.mouse.move(col.x + col.width / 2, from.y + 4);
  await page.mouse.down();
  await page.mouse.move(col.x + col.width / 2, from.y + 20, { steps: 4 });
  await page.mouse.move(col.x + col.width / 2, to.y + to.height - 4, { steps: 6 });
  await page.mouse.up();

  await page.getByTestId('bc-title').waitFor();
  expect(await page.getByTestId('bc-start').inputValue()).toBe(`${dayOfWeek(4)}T13:00`);
  expect(await page.getByTestId('bc-end').inputValue()).toBe(`${dayOfWeek(4)}T14:00`);
  await page.getByRole('button', { name: '保存' }).click();
  expect(await page.locator('dialog .banner-error').textContent()).toContain('请填写节目名称');
  await page.getByTestId('bc-title').fill('社区医保政策解读');
  await page.getByRole('button', { name: '保存' }).click();
  await expect.poll(() => page.locator('dialog .banner-error').textContent()).toContain('请至少选择一个视频');
  await page.getByTestId('bc-videos').locator('input[type=checkbox]').first().check();
  await page.getByTestId('bc-takeover').selectOption('switch');
  await page.screenshot({ path: screenshotPath('admin-broadcasts-form') });
  await page.getByRole('button', { name: '保存' }).click();
  await page.locator('.fc-timegrid-event', { hasText: '社区医保政策解读' }).waitFor();
  expect(await page.locator('.banner-ok').textContent()).toContain('已安排');
  const week = await admin.json('GET', `/api/admin/channels?week=${dayOfWeek(0)}`);
  const made = week.body.channels.find((c: { id: string }) => c.id === 'district').broadcasts.find((b: { title: string }) => b.title === '社区医保政策解读');
  expect(made).toMatchObject({ takeover: 'switch', startsAt: new Date(at(4, '13:00')).toISOString(), endsAt: new Date(at(4, '14:00')).toISOString() });

  await page.locator('.fc-timegrid-event', { hasText: '社区医保政策解读' }).click();
  page.once('dialog', (d) => void d.accept());
  await page.getByTestId('bc-delete').click();
  await expect.poll(() => page.locator('.fc-timegrid-event', { hasText: '社区医保政策解读' }).count()).toBe(0);
  expect((await admin.json('GET', `/api/admin/broadcasts/${made.id}`)).status).toBe(404);
  await page.close();
});

it('when an editor signs in, then 直播排期 is not in the menu', async () => {
  const page = await signIn(editor);
  expect(await page.getByRole('link', { name: '内容' }).count()).toBeGreaterThan(0);
  expect(await page.getByRole('link', { name: '直播排期' }).count()).toBe(0);
  await page.close();
});
