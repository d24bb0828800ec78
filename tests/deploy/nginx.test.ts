// The production nginx site (deploy/nginx/keting.conf) in front of a real CMS, over real HTTP: nginx itself (Debian's,
// from scripts/install-system-deps.sh) runs the very file, with only its machine lines rewritten (tests/helpers/nginx.ts).
// Media from disk with the CMS's caching and nothing else of the data folder, the catalog cached for its max-age and
// revalidated, answered stale while the CMS is down, the admin API and the event streams passed through, /metrics
// hidden. The catalog is cached first and re-asked after its max-age, so the file takes about 35 s.
import http from 'node:http';
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CATALOG_MAX_AGE_S, PLAYLIST_MAX_AGE_S, SEGMENT_MAX_AGE_S } from '../../cms-server/src/constants.ts';
import { TEST_ADMIN_PASSWORD } from '../helpers/admin-client.ts';
import { freePort, nginxMissing, startNginx, type NginxProcess } from '../helpers/nginx.ts';
import { copySeededData, startKeting, type KetingProcess } from '../helpers/server.ts';
import { SseStream } from '../helpers/sse-client.ts';

let cms: KetingProcess;
let nginx: NginxProcess;
let dataDir: string;
let asset: string;
/** When the catalogs were first kept by nginx. */
let cachedAt = 0;
const kept: Record<string, { body: string; etag: string }> = {};

const direct = (p: string, init?: RequestInit) => fetch(`${cms.baseUrl}${p}`, { redirect: 'manual', ...init });
const proxied = (p: string, init?: RequestInit) => fetch(`${nginx.baseUrl}${p}`, { redirect: 'manual', ...init });
/** A revalidation as a box sends it (fetch alone would add Cache-Control: no-cache). */
const revalidate = (etag: string) => ({ headers: { 'If-None-Match': etag, 'Cache-Control': 'max-age=0' } });
const cacheStatus = (res: Response) => res.headers.get('x-cache-status');

/** A request with the path exactly as written (fetch would fold "..", and so on), through nginx. */
function raw(p: string): Promise<{ status: number; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port: nginx.port, path: p }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
  });
}

// Not a skip: CI installs nginx with scripts/install-system-deps.sh, and a missing one must show as a failed test.
const missing = nginxMissing();
it('has Debian\'s nginx to run the site in (scripts/install-system-deps.sh installs it)', () => {
  expect(missing, missing).toBeUndefined();
});

describe.runIf(!missing)('deploy/nginx/keting.conf in front of the CMS', () => {
  beforeAll(async () => {
    // Its own media folder: the test adds a packager's temp folder and captions to it.
    dataDir = await copySeededData({ ownMedia: true });
    const mediaDir = path.join(dataDir, 'media');
    asset = 'sample-lesson';
    await fs.access(path.join(mediaDir, asset, 'master.m3u8'));
    // What the packager leaves while it works (media/.tmp-…), and captions as media/captions.ts writes them.
    await fs.mkdir(path.join(mediaDir, '.tmp-x'), { recursive: true });
    await fs.copyFile(path.join(mediaDir, asset, 'master.m3u8'), path.join(mediaDir, '.tmp-x', 'master.m3u8'));
    await fs.mkdir(path.join(mediaDir, asset, 'subs'), { recursive: true });
    await fs.writeFile(path.join(mediaDir, asset, 'subs', 'zh.vtt'), 'WEBVTT\n\n00:00.000 --> 00:02.000\n欢迎收看\n');
    await fs.writeFile(path.join(mediaDir, asset, '.secret.jpg'), 'not for boxes');
    cms = await startKeting({ dataDir, env: { TRUST_PROXY: 'loopback' } });
    // A second CMS that is down: its share of the requests goes to the one that answers.
    const dead = await freePort();
    nginx = await startNginx({ upstreams: [`127.0.0.1:${dead}`, new URL(cms.baseUrl).host], mediaDir });
  });

  afterAll(async () => {
    await nginx?.stop();
    await cms?.stop();
    if (dataDir) await fs.rm(dataDir, { recursive: true, force: true });
  });

  it('keeps the catalog: a miss, then hits, and 304 for a box that has it', async () => {
    for (const url of ['/api/tv/v2/catalog', '/api/tv/v1/catalog']) {
      const first = await proxied(url);
      if (!cachedAt) cachedAt = Date.now();
      expect(first.status, nginx.errors()).toBe(200);
      expect(cacheStatus(first)).toBe('MISS');
      const body = await first.text();
      const fromCms = await direct(url);
      expect(body).toBe(await fromCms.text());
      expect(first.headers.get('etag')).toBe(fromCms.headers.get('etag'));
      expect(first.headers.get('cache-control')).toBe(fromCms.headers.get('cache-control'));
      expect(first.headers.get('cache-control')).toContain(`max-age=${CATALOG_MAX_AGE_S}`);
      kept[url] = { body, etag: first.headers.get('etag')! };
    }
    const second = await proxied('/api/tv/v2/catalog');
    expect(cacheStatus(second)).toBe('HIT');
    expect(await second.text()).toBe(kept['/api/tv/v2/catalog']!.body);
    // A cookie does not make another entry (the key has none), and does not reach a kept answer.
    const withCookie = await proxied('/api/tv/v2/catalog', { headers: { Cookie: 'keting_sid=whatever' } });
    expect(cacheStatus(withCookie)).toBe('HIT');
    const notModified = await proxied('/api/tv/v2/catalog', revalidate(kept['/api/tv/v2/catalog']!.etag));
    expect(notModified.status).toBe(304);
    expect(cacheStatus(notModified)).toBe('HIT');
    expect(await notModified.text()).toBe('');
  });

  it('serves media from disk with the CMS\'s types and caching, byte for byte', async () => {
    const files = [
      ['master.m3u8', `public, max-age=${PLAYLIST_MAX_AGE_S}`],
      ['v0/index.m3u8', `public, max-age=${PLAYLIST_MAX_AGE_S}`],
      ['v0/seg_000.ts', `public, max-age=${SEGMENT_MAX_AGE_S}, immutable`],
      ['poster.jpg', `public, max-age=${SEGMENT_MAX_AGE_S}, immutable`],
      ['subs/zh.vtt', `public, max-age=${SEGMENT_MAX_AGE_S}, immutable`],
    ] as const;
    for (const [file, cacheControl] of files) {
      const url = `/media/${asset}/${file}`;
      const [viaNginx, fromCms] = await Promise.all([proxied(url), direct(url)]);
      expect(viaNginx.status, url).toBe(200);
      expect(fromCms.status, url).toBe(200);
      expect(Buffer.from(await viaNginx.arrayBuffer()).equals(Buffer.from(await fromCms.arrayBuffer())), url).toBe(true);
      expect(viaNginx.headers.get('cache-control'), url).toBe(cacheControl);
      expect(fromCms.headers.get('cache-control'), url).toBe(cacheControl);
      expect(viaNginx.headers.get('content-type'), url).toBe(fromCms.headers.get('content-type'));
      expect(viaNginx.headers.get('x-content-type-options'), url).toBe('nosniff');
      expect(viaNginx.headers.get('cross-origin-resource-policy'), url).toBe(fromCms.headers.get('cross-origin-resource-policy'));
      // nginx's own file answer (the CMS's would carry its Content-Security-Policy), with ranges for players.
      expect(viaNginx.headers.get('content-security-policy'), url).toBeNull();
      expect(viaNginx.headers.get('accept-ranges'), url).toBe('bytes');
    }
    expect((await proxied(`/media/${asset}/subs/zh.vtt`)).headers.get('content-type')).toBe('text/vtt; charset=utf-8');
    const range = await proxied(`/media/${asset}/v0/seg_000.ts`, { headers: { Range: 'bytes=0-187' } });
    expect(range.status).toBe(206);
    expect((await range.arrayBuffer()).byteLength).toBe(188);
  });

  it('refuses what the CMS\'s media route refuses: the packager\'s temp folders, dot-files, path tricks', async () => {
    const refused = [
      '/media/.tmp-x/master.m3u8',
      `/media/${asset}/.secret.jpg`,
      '/media/',
      `/media/${asset}/`,
      `/media/${asset}/v0/`,
      `/media/${asset}/MASTER.M3U8`,
      `/media/${asset}/master.m3u8.bak`,
      '/media/../keting.sqlite',
      '/media/..%2fketing.sqlite',
      '/media/..%2f..%2fetc%2fpasswd',
      `/media/${asset}/..%2f..%2fketing.sqlite`,
      `/media/${asset}/../../keting.sqlite`,
      `/media/${asset}%5c..%5cketing.sqlite`,
      '/media/%2e%2e/keting.sqlite',
      '/media/%2etmp-x/master.m3u8',
      `/media/${asset}/master.m3u8%00.jpg`,
      '/media/%E0%A4%A',
    ];
    for (const p of refused) {
      const res = await raw(p);
      expect([400, 403, 404], `${p} → ${res.status}`).toContain(res.status);
      expect(res.body.toString('latin1'), p).not.toMatch(/SQLite format|#EXTM3U|root:/);
    }
  });

  it('passes the admin API through uncached: Set-Cookie, 401 for a stranger, the Host an Origin check needs', async () => {
    const stranger = await proxied('/api/admin/session');
    expect(stranger.status).toBe(401);
    expect(cacheStatus(stranger)).toBeNull();
    const login = await proxied('/api/admin/session', {
      method: 'POST',
      // The web admin's browser sends its Origin: the CMS compares it with the Host nginx passed on (port included).
      headers: { 'Content-Type': 'application/json', Origin: nginx.baseUrl },
      body: JSON.stringify({ username: 'admin', password: TEST_ADMIN_PASSWORD }),
    });
    expect(login.status, await login.clone().text()).toBe(200);
    const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]!).find((c) => c.startsWith('keting_sid='));
    expect(cookie).toBeDefined();
    const mine = await proxied('/api/admin/session', { headers: { Cookie: cookie! } });
    expect(mine.status).toBe(200);
    expect(mine.headers.get('cache-control')).toBe('no-store');
    // Asked again without the cookie: the CMS answers again (nothing of the signed-in answer was kept).
    expect((await proxied('/api/admin/session')).status).toBe(401);
  });

  // The CMS also says `X-Accel-Buffering: no` on its streams (better-sse), which nginx obeys; the site's
  // `proxy_buffering off` holds even where that header is ignored (proxy_ignore_headers), and lets the CMS feel a
  // slow box's back-pressure (its 64 KiB bound) instead of nginx buffering the stream to disk.
  it('sends the TVs\' event stream on at once, unbuffered', async () => {
    const opened = Date.now();
    const stream = await SseStream.open(`${nginx.baseUrl}/api/tv/v2/events`);
    try {
      expect(stream.status).toBe(200);
      expect(stream.headers.get('content-type')).toMatch(/^text\/event-stream/);
      expect(stream.headers.get('x-cache-status')).toBeNull();
      const first = await stream.next((m) => m.event === 'catalog', 3000);
      expect(Date.now() - opened).toBeLessThan(1500);
      expect(first.data).toEqual({ version: expect.any(String) });
    } finally {
      stream.close();
    }
  });

  it('does not expose /metrics (the CMS itself answers it to loopback)', async () => {
    expect((await direct('/metrics')).status).toBe(200);
    const res = await proxied('/metrics');
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('route_not_found');
  });

  it('sends a dead upstream\'s GETs to the CMS that answers', async () => {
    for (let i = 0; i < 6; i++) {
      const res = await proxied('/healthz');
      expect(res.status, nginx.errors()).toBe(200);
      expect(res.headers.get('x-cache-status')).toBeNull();
    }
  });

  it('after max-age, revalidates the catalog with its ETag (the CMS answers 304), then keeps it again', async () => {
    const wait = cachedAt + (CATALOG_MAX_AGE_S + 1) * 1000 - Date.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const again = await proxied('/api/tv/v2/catalog');
    expect(again.status).toBe(200);
    expect(cacheStatus(again)).toBe('REVALIDATED');
    expect(await again.text()).toBe(kept['/api/tv/v2/catalog']!.body);
    expect(cacheStatus(await proxied('/api/tv/v2/catalog'))).toBe('HIT');
  }, (CATALOG_MAX_AGE_S + 30) * 1000);

  it('with the CMS stopped: the kept catalog is answered (stale), media still from disk, the admin API 502', async () => {
    await cms.stop();
    // v1's catalog was kept over max-age ago and not asked since: stale, answered anyway.
    const stale = await proxied('/api/tv/v1/catalog');
    expect(stale.status, nginx.errors()).toBe(200);
    expect(cacheStatus(stale)).toBe('STALE');
    expect(await stale.text()).toBe(kept['/api/tv/v1/catalog']!.body);
    // v2's was just revalidated: still fresh.
    const fresh = await proxied('/api/tv/v2/catalog');
    expect(cacheStatus(fresh)).toBe('HIT');
    const segment = await proxied(`/media/${asset}/v0/seg_000.ts`);
    expect(segment.status).toBe(200);
    expect((await segment.arrayBuffer()).byteLength).toBe((await fs.stat(path.join(dataDir, 'media', asset, 'v0', 'seg_000.ts'))).size);
    expect((await proxied('/api/admin/session')).status).toBe(502);
    expect((await proxied('/api/tv/v2/sections/no-such-section/items')).status).toBe(502);
  });
});
