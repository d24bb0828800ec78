// The CMS over real HTTP: a real server process on 127.0.0.1, on a copy of the seeded data.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CatalogResponse, ItemDetail } from '../../cms-server/src/tv-api/contract.ts';
import { startKeting, type KetingProcess } from '../helpers/server.ts';

let cms: KetingProcess;
let catalog: CatalogResponse;
const get = (path: string, init?: RequestInit) => fetch(`${cms.baseUrl}${path}`, { redirect: 'manual', ...init });
/** A revalidation as a browser or cache sends it (fetch would otherwise add "Cache-Control: no-cache",
 * which by HTTP rules forbids a 304). */
const revalidate = (etag: string) => ({ headers: { 'If-None-Match': etag, 'Cache-Control': 'max-age=0' } });

beforeAll(async () => {
  cms = await startKeting();
  catalog = (await (await get('/api/tv/v1/catalog')).json()) as CatalogResponse;
});
afterAll(() => cms?.stop());

async function expectError(path: string, status: number, code: string) {
  const res = await get(path);
  expect(res.status, path).toBe(status);
  expect(res.headers.get('content-type')).toMatch(/application\/json/);
  const body = (await res.json()) as { error: { code: string; message: string } };
  expect(body.error.code, path).toBe(code);
  expect(body.error.message).toMatch(/[\u4e00-\u9fff]/); // said in Chinese
}

describe('TV API', () => {
  it('when the catalog is asked for, then it has ten sections with items, an ETag and a cache policy', async () => {
    const res = await get('/api/tv/v1/catalog');
    expect(res.status).toBe(200);
    expect(res.headers.get('etag')).toBe(`"${catalog.version}"`);
    expect(res.headers.get('cache-control')).toMatch(/public, max-age=\d+/);
    expect(catalog.sections).toHaveLength(10);
    for (const s of catalog.sections) expect(s.items.length, s.title).toBeGreaterThanOrEqual(3);
    const videos = catalog.sections.flatMap((s) => s.items).filter((i) => i.kind === 'video');
    expect(videos.length).toBeGreaterThan(0);
    for (const v of videos) expect(v.durationSec).toBeGreaterThan(0);
  });

  it('when the TV already has this catalog version, then the answer is 304 with no body', async () => {
    const res = await get('/api/tv/v1/catalog', revalidate(`"${catalog.version}"`));
    expect(res.status).toBe(304);
    expect(await res.text()).toBe('');
    const stale = await get('/api/tv/v1/catalog', revalidate('"something-old"'));
    expect(stale.status).toBe(200);
  });

  it('when a video item is opened, then its master playlist and poster are served with HLS types', async () => {
    const summary = catalog.sections.flatMap((s) => s.items).find((i) => i.kind === 'video')!;
    const res = await get(`/api/tv/v1/items/${summary.id}`);
    expect(res.status).toBe(200);
    const item = (await res.json()) as ItemDetail;
    expect(item.video!.renditions.length).toBeGreaterThanOrEqual(2);
    const master = await get(item.video!.hls);
    expect(master.status).toBe(200);
    expect(master.headers.get('content-type')).toBe('application/vnd.apple.mpegurl');
    const text = await master.text();
    expect(text).toMatch(/#EXT-X-STREAM-INF/);
    const firstVariant = text.split('\n').find((l) => l.endsWith('.m3u8'))!;
    const base = item.video!.hls.replace(/master\.m3u8$/, '');
    const variant = await (await get(base + firstVariant)).text();
    const segment = variant.split('\n').find((l) => l.endsWith('.ts'))!;
    const seg = await get(base + firstVariant.replace(/index\.m3u8$/, '') + segment);
    expect(seg.status).toBe(200);
    expect(seg.headers.get('content-type')).toBe('video/mp2t');
    expect(seg.headers.get('cache-control')).toMatch(/immutable/);
    expect((await get(item.video!.poster)).headers.get('content-type')).toBe('image/jpeg');
  });

  it('when an item is asked for again with its ETag, then the answer is 304', async () => {
    const id = catalog.sections[5]!.items[0]!.id;
    const first = await get(`/api/tv/v1/items/${id}`);
    const etag = first.headers.get('etag')!;
    expect((await get(`/api/tv/v1/items/${id}`, revalidate(etag))).status).toBe(304);
  });

  it('when ids are unknown or malformed, then the answer is a JSON error with a stable code', async () => {
    await expectError('/api/tv/v1/items/no-such-item', 404, 'not_found');
    await expectError('/api/tv/v1/items/Bad_Id!', 400, 'invalid_id');
    await expectError(`/api/tv/v1/items/${'a'.repeat(200)}`, 400, 'invalid_id');
    await expectError('/api/tv/v1/items/%E4%B8%AD', 400, 'invalid_id');
    await expectError('/api/tv/v1/nothing-here', 404, 'route_not_found');
    await expectError('/api/tv/v3/catalog', 404, 'route_not_found');
  });

  it('when media paths try to escape or reach hidden files, then they are refused', async () => {
    const videoId = catalog.sections.flatMap((s) => s.items).find((i) => i.kind === 'video')!.poster!.split('/')[2];
    for (const path of [
      '/media/..%2fketing.sqlite',
      '/media/..%2f..%2fetc%2fpasswd',
      `/media/${videoId}/..%2f..%2fketing.sqlite`,
      `/media/${videoId}%5c..%5cketing.sqlite`,
      '/media/.tmp-x/master.m3u8',
      `/media/${videoId}/master.m3u8%00.jpg`,
      '/media/%E0%A4%A',
    ]) {
      await expectError(path, 400, 'bad_path');
    }
    await expectError('/media/no-such-asset/master.m3u8', 404, 'media_not_found');
    // Node's URL parser folds "/media/../" before routing: that one never reaches the media folder.
    const folded = await get('/media/../keting.sqlite');
    expect(folded.status).toBe(404);
  });
});

describe('the rest of the server', () => {
  it('when / is opened, then it redirects to the TV app, which is served with its index', async () => {
    const root = await get('/');
    expect(root.status).toBe(302);
    expect(root.headers.get('location')).toBe('/tv/');
    const tv = await get('/tv/');
    expect(tv.status).toBe(200);
    expect(tv.headers.get('content-type')).toMatch(/text\/html/);
    expect(tv.headers.get('cache-control')).toBe('no-cache');
    expect(tv.headers.get('content-security-policy')).toMatch(/media-src 'self' blob:/);
  });

  it('when /healthz is asked, then it reports the database is reachable', async () => {
    const res = await get('/healthz');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok', db: true });
  });
});
