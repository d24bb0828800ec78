// The relay engine across a restart: the CMS stopped in the middle of a relay slot and started again on the same data
// picks the relay up where the database says it stands — the segments already listed keep their numbers, pulling
// resumes at the upstream's live edge — and records the meeting at the slot's end. A restart loses nothing.
import { parse, types } from 'hls-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminOf } from '../../helpers/admin-client.ts';
import { startLiveUpstream, type LiveUpstream } from '../../helpers/live-upstream.ts';
import { copySeededData, startKeting, type KetingProcess } from '../../helpers/server.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const ENV = { RELAY_ALLOW_PRIVATE: '1' };
let upstream: LiveUpstream;
let keting: KetingProcess;
let dataDir = '';

async function playlist(): Promise<types.MediaPlaylist> {
  return parse(await (await fetch(`${keting.baseUrl}/live/district/720p.m3u8`)).text()) as types.MediaPlaylist;
}

async function relayedSegments(atLeast: number, withinMs: number): Promise<types.MediaPlaylist> {
  const t0 = Date.now();
  while (Date.now() - t0 < withinMs) {
    const p = await playlist();
    if (p.segments.filter((s) => s.uri.startsWith('/relay/')).length >= atLeast) return p;
    await sleep(200);
  }
  throw new Error(`fewer than ${atLeast} relayed segments within ${withinMs} ms`);
}

beforeAll(async () => {
  upstream = await startLiveUpstream();
  await upstream.start('up');
  dataDir = await copySeededData({ ownMedia: true });
  keting = await startKeting({ dataDir, env: ENV });
}, 120_000);

afterAll(async () => {
  await keting?.stop();
  await upstream?.stop();
  if (dataDir) await import('node:fs/promises').then((fs) => fs.rm(dataDir, { recursive: true, force: true }));
});

describe('a relay across a restart of the CMS', () => {
  it('when the CMS restarts mid-slot, then the relay resumes with every listed segment keeping its number, and the meeting is recorded at the end', async () => {
    const admin = await adminOf(keting.baseUrl);
    const startsAt = new Date(Date.now() + 1_000);
    const endsAt = new Date(startsAt.getTime() + 30_000);
    const made = await admin.json('POST', '/api/admin/broadcasts', {
      channelId: 'district',
      title: '支部会议',
      relayUrl: upstream.url,
      startsAt: startsAt.toISOString().replace(/\.\d+Z$/, 'Z'),
      endsAt: endsAt.toISOString().replace(/\.\d+Z$/, 'Z'),
    });
    expect(made.status).toBe(201);
    const before = await relayedSegments(3, 15_000);
    await keting.stop({ keepData: true });
    keting = await startKeting({ dataDir, env: ENV });
    const after = await playlist();
    const seen = new Map(before.segments.map((s) => [s.uri, s.mediaSequenceNumber]));
    const common = after.segments.filter((s) => seen.has(s.uri));
    expect(common.length).toBeGreaterThan(0);
    for (const s of common) expect(s.mediaSequenceNumber, s.uri).toBe(seen.get(s.uri));
    // Pulling resumed: a segment that arrived after the restart is listed.
    const lastBefore = before.segments.filter((s) => s.uri.startsWith('/relay/')).at(-1)!.uri;
    const n = (uri: string) => Number(/seg_(\d+)\.ts$/.exec(uri)![1]);
    const t0 = Date.now();
    for (;;) {
      const p = await playlist();
      const newest = p.segments.filter((s) => s.uri.startsWith('/relay/')).at(-1);
      if (newest && n(newest.uri) > n(lastBefore) + 1) break;
      if (Date.now() - t0 > 15_000) throw new Error('the relay did not resume after the restart');
      await sleep(200);
    }
    await sleep(Math.max(0, endsAt.getTime() - Date.now()));
    const admin2 = await adminOf(keting.baseUrl);
    let item: any;
    const until = Date.now() + 60_000;
    while (!item && Date.now() < until) {
      const res = await admin2.json('GET', '/api/admin/items?section=branch-lessons&state=draft&limit=200');
      item = res.body.items.find((i: any) => i.title.startsWith('支部会议'));
      if (!item) await sleep(500);
    }
    expect(item?.asset?.status).toBe('ready');
    const media = parse(await (await fetch(`${keting.baseUrl}/media/${item.assetId}/v0/index.m3u8`)).text()) as types.MediaPlaylist;
    const seconds = media.segments.reduce((t, s) => t + s.duration, 0);
    expect(seconds).toBeGreaterThan(10);
  }, 180_000);
});
