// The relay engine end to end: a local ffmpeg producing live HLS (1 s segments) served on 127.0.0.1 is the upstream
// of a relay slot on the district channel of a real CMS (RELAY_ALLOW_PRIVATE=1 for this loopback upstream). The
// channel serves the relayed segments from the CMS's cache, each pulled from the upstream once; the upstream killed
// mid-slot → filler and the plate within 3 target durations; started again → back to the relay; at the slot's end a
// recorded asset (remuxed, its master playlist read by ffprobe over HTTP) and a draft item in 支部党课 exist.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { parse, types } from 'hls-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminOf, type AdminClient } from '../../helpers/admin-client.ts';
import { startLiveUpstream, UPSTREAM_SEGMENT_S, type LiveUpstream } from '../../helpers/live-upstream.ts';
import { copySeededData, startKeting, type KetingProcess } from '../../helpers/server.ts';

const run = promisify(execFile);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const STALL_MS = 3 * UPSTREAM_SEGMENT_S * 1000;

let upstream: LiveUpstream;
let keting: KetingProcess;
let admin: AdminClient;
let slotEndMs = 0;
let broadcastId = '';

async function playlist(): Promise<types.MediaPlaylist> {
  const res = await fetch(`${keting.baseUrl}/live/district/720p.m3u8`);
  expect(res.status).toBe(200);
  return parse(await res.text()) as types.MediaPlaylist;
}

async function signal(): Promise<any> {
  const res = await fetch(`${keting.baseUrl}/api/tv/v1/channels`);
  return (await res.json()).channels.find((c: any) => c.id === 'district').signal;
}

/** Polls until the newest segment of the channel is relayed (or not), answering the ms waited and that playlist. */
async function untilNewest(relayed: boolean, withinMs: number): Promise<{ waited: number; at: number; p: types.MediaPlaylist }> {
  const t0 = Date.now();
  while (Date.now() - t0 < withinMs) {
    const p = await playlist();
    const newest = p.segments[p.segments.length - 1]?.uri ?? '';
    if (newest.startsWith('/relay/') === relayed) return { waited: Date.now() - t0, at: Date.now(), p };
    await sleep(100);
  }
  throw new Error(`the channel's newest segment was not ${relayed ? 'relayed' : 'filler'} within ${withinMs} ms`);
}

const upstreamSegmentPulls = () => [...upstream.requests].filter(([name]) => name.endsWith('.ts'));

beforeAll(async () => {
  upstream = await startLiveUpstream();
  await upstream.start('up');
  keting = await startKeting({ dataDir: await copySeededData({ ownMedia: true }), env: { RELAY_ALLOW_PRIVATE: '1' } });
  admin = await adminOf(keting.baseUrl);
  const startsAt = new Date(Date.now() + 2_000);
  slotEndMs = startsAt.getTime() + 40_000;
  const res = await admin.json('POST', '/api/admin/broadcasts', {
    channelId: 'district',
    title: '全区党员大会',
    relayUrl: upstream.url,
    startsAt: startsAt.toISOString().replace(/\.\d+Z$/, 'Z'),
    endsAt: new Date(slotEndMs).toISOString().replace(/\.\d+Z$/, 'Z'),
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  broadcastId = res.body.id ?? res.body.broadcast?.id;
  slotEndMs = Math.floor(slotEndMs / 1000) * 1000;
}, 120_000);

afterAll(async () => {
  await keting?.stop();
  await upstream?.stop();
});

describe('relaying a live upstream', () => {
  it('when a relay slot starts, then the channel serves the upstream from the CMS cache, one upstream pull per segment', async () => {
    await untilNewest(true, 15_000);
    const p = await playlist();
    const relayed = p.segments.filter((s) => s.uri.startsWith('/relay/'));
    expect(relayed.length).toBeGreaterThan(0);
    const seg = await fetch(`${keting.baseUrl}${relayed[relayed.length - 1]!.uri}`);
    expect(seg.status).toBe(200);
    expect(seg.headers.get('content-type')).toBe('video/mp2t');
    expect((await seg.arrayBuffer()).byteLength).toBeGreaterThan(1000);
    expect(await signal()).toMatchObject({ state: 'live', plate: null });
    // Many boxes at once: playlists and segments from the cache, the upstream asked once per segment.
    await Promise.all(
      Array.from({ length: 50 }, async () => {
        const q = await playlist();
        await Promise.all(q.segments.filter((s) => s.uri.startsWith('/relay/')).map(async (s) => (await fetch(`${keting.baseUrl}${s.uri}`)).arrayBuffer()));
      }),
    );
    await sleep(3_000);
    const pulls = upstreamSegmentPulls();
    expect(pulls.length).toBeGreaterThan(2);
    for (const [name, n] of pulls) expect(n, name).toBe(1);
    // The media sequence is consecutive across reloads: a segment keeps its number.
    const a = await playlist();
    await sleep(1_500);
    const b = await playlist();
    for (const s of b.segments) {
      const same = a.segments.find((x) => x.uri === s.uri);
      if (same) expect(s.mediaSequenceNumber).toBe(same.mediaSequenceNumber);
    }
  }, 60_000);

  it('when the upstream is killed mid-slot, then filler and the plate within 3 target durations; started again, then back to the relay', async () => {
    await upstream.kill();
    const { waited, at, p } = await untilNewest(false, STALL_MS + 3_000);
    // The last relayed segment arrived (the CMS may still fetch one the killed encoder had listed) a target duration
    // after its EXT-X-PROGRAM-DATE-TIME; the stall rule counts from that arrival.
    const lastRelayed = p.segments.filter((s) => s.uri.startsWith('/relay/')).at(-1)!;
    const sinceLast = at - (lastRelayed.programDateTime!.getTime() + p.targetDuration * 1000);
    console.log(`relay: filler listed ${waited} ms after the upstream was killed, ${sinceLast} ms after the last segment arrived (rule ${STALL_MS} ms)`);
    expect(sinceLast).toBeGreaterThanOrEqual(STALL_MS);
    expect(sinceLast).toBeLessThanOrEqual(STALL_MS + 500);
    expect(waited).toBeLessThanOrEqual(STALL_MS + 1_500);
    expect(await signal()).toMatchObject({ state: 'interrupted', plate: '直播信号中断，稍后恢复' });
    await sleep(2_000);
    await upstream.start('again');
    const { waited: back } = await untilNewest(true, 10_000);
    console.log(`relay: relayed again ${back} ms after the upstream was started`);
    expect(await signal()).toMatchObject({ state: 'live', plate: null });
  }, 60_000);

  it('when the slot ends, then the meeting is a recorded asset that plays and a draft item in 支部党课 waits for review', async () => {
    await sleep(Math.max(0, slotEndMs - Date.now()));
    await untilNewest(false, 8_000);
    let item: any;
    const until = Date.now() + 60_000;
    while (!item && Date.now() < until) {
      const res = await admin.json('GET', '/api/admin/items?section=branch-lessons&state=draft&limit=200');
      item = res.body.items.find((i: any) => i.title.includes('全区党员大会') && i.title.includes('录像'));
      if (!item) await sleep(500);
    }
    expect(item, 'a draft recording item').toBeDefined();
    expect(item).toMatchObject({ kind: 'video', state: 'draft', sectionId: 'branch-lessons' });
    const assetId = item.assetId as string;
    expect(item.asset.status).toBe('ready');
    const master = await fetch(`${keting.baseUrl}/media/${assetId}/master.m3u8`);
    expect(master.status).toBe(200);
    expect(parse(await master.text())).toBeInstanceOf(types.MasterPlaylist);
    const { stdout } = await run('ffprobe', ['-v', 'error', '-print_format', 'json', '-show_format', '-show_streams', `${keting.baseUrl}/media/${assetId}/master.m3u8`]);
    const probed = JSON.parse(stdout);
    expect(probed.streams.some((s: any) => s.codec_type === 'video' && s.codec_name === 'h264')).toBe(true);
    expect(probed.streams.some((s: any) => s.codec_type === 'audio')).toBe(true);
    expect(Number(probed.format.duration)).toBeGreaterThan(8);
    const audit = await admin.json('GET', '/api/admin/audit?limit=200');
    const made = audit.body.entries.find((e: any) => e.action === 'item_created' && e.targetId === item.id);
    expect(made).toMatchObject({ actorName: '系统' });
    expect(broadcastId).not.toBe('');
  }, 120_000);
});
