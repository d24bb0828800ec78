// A TV keeps playing while a CMS node dies: Debian's Chromium at 1920×1080 opens the TV app through nginx (the
// production site, deploy/nginx/keting.conf, via tests/helpers/nginx.ts) in front of two CMS nodes on one data folder
// (tests/cms-server/cluster/two-nodes.ts), and plays a 90-second video (long-video.ts, put in place of the first
// video's packaged files, so nginx serves it from disk like any other). While it plays, the node holding the TV's
// event stream — the one request a TV keeps on one node — is killed with SIGKILL. The picture goes on (currentTime
// advancing for 9 s after the kill, the player never in error, no message), the stream comes back on the other node,
// and the TV API still answers through nginx: the progress report sent on pause is accepted (204) and is in the
// shared database and in GET /api/tv/v1/progress. About 30 s.
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CatalogResponse, ItemDetail, ProgressResponse } from '../../cms-server/src/tv-api/contract.ts';
import { startTwoNodes, until, type TwoNodes } from '../cms-server/cluster/two-nodes.ts';
import { launchChromium, screenshotPath } from '../helpers/browser.ts';
import { nginxMissing, startNginx, type NginxProcess } from '../helpers/nginx.ts';
import type { KetingProcess } from '../helpers/server.ts';
import { makeLongHls } from './long-video.ts';
import { tv } from './tv-page.ts';

let two: TwoNodes;
let nginx: NginxProcess;
let browser: Browser;
let page: Page | undefined;
let longDir: string;
let catalog: CatalogResponse;
let video: ItemDetail;

/** The event streams a node holds open now (its own /metrics, read from loopback). */
async function streamsOn(node: KetingProcess): Promise<number> {
  const text = await (await fetch(`${node.baseUrl}/metrics`)).text();
  const m = /^keting_event_streams_open (\d+)/m.exec(text);
  if (!m) throw new Error(`no keting_event_streams_open in ${node.baseUrl}/metrics`);
  return Number(m[1]);
}

const missing = nginxMissing();
it('has Debian\'s nginx to put in front of the nodes (scripts/install-system-deps.sh installs it)', () => {
  expect(missing, missing).toBeUndefined();
});

describe.runIf(!missing)('a TV behind nginx, in front of two nodes on one data folder', () => {
  beforeAll(async () => {
    // Its own media folder: the first video's files are replaced by the long one.
    [two, longDir] = await Promise.all([startTwoNodes({ TRUST_PROXY: 'loopback' }, { ownMedia: true }), makeLongHls()]);
    const mediaDir = path.join(two.dataDir, 'media');
    nginx = await startNginx({ upstreams: [new URL(two.a.baseUrl).host, new URL(two.b.baseUrl).host], mediaDir });
    catalog = (await (await fetch(`${nginx.baseUrl}/api/tv/v1/catalog`)).json()) as CatalogResponse;
    const first = catalog.sections[0]!.items.find((i) => i.kind === 'video')!;
    video = (await (await fetch(`${nginx.baseUrl}/api/tv/v1/items/${first.id}`)).json()) as ItemDetail;
    // "/media/<asset>/master.m3u8" → that asset's folder: its playlists and segments become the 90 s video's, its
    // poster stays.
    const assetDir = path.join(mediaDir, path.dirname(video.video!.hls.replace(/^\/media\//, '')));
    for (const entry of await fs.readdir(assetDir)) {
      if (entry !== 'poster.jpg') await fs.rm(path.join(assetDir, entry), { recursive: true, force: true });
    }
    await fs.cp(longDir, assetDir, { recursive: true });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await page?.close();
    await browser?.close();
    await nginx?.stop();
    await two?.stop();
    if (longDir) await fs.rm(longDir, { recursive: true, force: true });
  });

  it('when the node holding the TV\'s stream is killed mid-video, then the video plays on without a message, and progress reports are still accepted through nginx', async () => {
    page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    const t = tv(page);
    await page.goto(`${nginx.baseUrl}/tv/`);
    await t.waitFor((s) => s.ready && s.route === 'home', 'the home screen');
    const at = catalog.sections[0]!.items.findIndex((i) => i.id === video.id);
    await t.press('1', ...Array<string>(at).fill('ArrowDown'), 'Enter');
    await t.waitFor((s) => s.route === `play/${video.id}` && s.player === 'playing', 'playback', 20_000);
    await page.waitForFunction(() => (document.querySelector('video')?.currentTime ?? 0) > 1, null, { timeout: 15_000 });
    await t.waitFor((s) => s.live, 'the event stream open');
    expect((await t.state()).message).toBeNull();
    const deviceId = (await page.evaluate(() => localStorage.getItem('keting.device')))!;

    // The TV's other requests alternate between the nodes (nginx's round robin); its event stream stays on one.
    const [victim, survivor] = await until('the TV\'s stream on one node', 10_000, async () => {
      const [onA, onB] = await Promise.all([streamsOn(two.a), streamsOn(two.b)]);
      if (onA + onB !== 1) return undefined;
      return onA === 1 ? [two.a, two.b] : [two.b, two.a];
    });
    const victimHost = new URL(victim.baseUrl).host;
    const survivorHost = new URL(survivor.baseUrl).host;
    const logBefore = nginx.accessLog().length;

    const timeAtKill = await t.videoTime();
    const killedAt = Date.now();
    victim.child.kill('SIGKILL');
    // Watched second by second for 9 s: the picture moves on every time, the player is never in error, no message.
    const seen: { at: number; time: number; player: string | null; message: string | null }[] = [];
    while (Date.now() - killedAt < 9000) {
      await page.waitForTimeout(1000);
      const s = await t.state();
      seen.push({ at: Date.now() - killedAt, time: await t.videoTime(), player: s.player, message: s.message });
    }
    const log = JSON.stringify(seen);
    expect(victim.child.signalCode, 'the victim died').toBe('SIGKILL');
    for (let i = 1; i < seen.length; i++) expect(seen[i]!.time, log).toBeGreaterThan(seen[i - 1]!.time);
    expect(seen[0]!.time, log).toBeGreaterThan(timeAtKill);
    expect(seen.at(-1)!.time - timeAtKill, log).toBeGreaterThan(8);
    expect(seen.filter((s) => s.player !== 'playing'), log).toEqual([]);
    expect(seen.filter((s) => s.message !== null), log).toEqual([]);

    // The stream is back, on the node that lives.
    await t.waitFor((s) => s.live, 'the event stream open again', 10_000);
    expect(await streamsOn(survivor)).toBe(1);
    await page.screenshot({ path: screenshotPath('cluster-failover-playing') });

    // OK pauses, and the position is reported at once: accepted through nginx by the node that lives.
    const report = page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/api/tv/v1/progress');
    await t.press('Enter');
    await t.waitFor((s) => s.player === 'paused', 'paused');
    expect((await report).status()).toBe(204);
    const pausedAt = await t.videoTime();
    expect(pausedAt - timeAtKill).toBeGreaterThan(8);
    const rows = await until('the report in the shared database', 5000, () => {
      const r = two.query<{ position_sec: number }>('SELECT position_sec FROM viewing_progress WHERE device_id = ? AND item_id = ?', deviceId, video.id);
      return r[0] && r[0].position_sec > timeAtKill + 8 ? r : undefined;
    });
    expect(rows[0]!.position_sec).toBeCloseTo(pausedAt, 0);
    const viaNginx = await fetch(`${nginx.baseUrl}/api/tv/v1/progress?deviceId=${deviceId}`);
    expect(viaNginx.status).toBe(200);
    const { positions } = (await viaNginx.json()) as ProgressResponse;
    expect(positions.find((p) => p.itemId === video.id)?.positionSec).toBeCloseTo(pausedAt, 0);
    expect((await fetch(`${nginx.baseUrl}/api/tv/v2/catalog`)).status).toBe(200);

    // nginx's own account. A line is written when a request ends: the stream cut by the kill is logged then, naming
    // the dead node; every other TV API request since the kill was answered by the node that lives (a request may
    // name the dead one first, skipped, then the other) or by nginx's cache.
    const ended = nginx.accessLog().slice(logBefore).split('\n').filter((l) => l.includes('/api/tv/'));
    const cut = ended.filter((l) => l.includes('/api/tv/v2/events') && l.includes(`upstream=${victimHost} `));
    expect(cut.length, ended.join('\n')).toBe(1);
    const since = ended.filter((l) => !cut.includes(l));
    const progressLines = since.filter((l) => l.includes('"POST /api/tv/v1/progress'));
    expect(progressLines.length, since.join('\n')).toBeGreaterThanOrEqual(1);
    for (const l of since) {
      expect(l, since.join('\n')).toMatch(/ (?:200|204|304) /);
      if (l.endsWith('upstream=- cache=HIT')) continue; // answered from nginx's cache, by no node
      expect(/upstream=(.*) cache=/.exec(l)![1]!.split(', ').at(-1), l).toBe(survivorHost);
    }
    console.log(
      `killed ${victimHost} (held the TV's stream) at video ${timeAtKill.toFixed(1)} s; paused at ${pausedAt.toFixed(1)} s; ` +
        `TV API requests since, through nginx: ${since.length}, all answered by ${survivorHost}`,
    );
  });
});
