// Playable in minutes (issue 15), for real: a street uploads an H.264/AAC recording to a real CMS process whose
// ladder is made slow (ffmpeg reads at half real time). The video becomes 'playable' — its approved item is on
// the TVs, announced, its master listing the source copied as it is — while the ladder is still being encoded;
// then 'ready' with the whole ladder in the master. Over HTTP, as a box reads it: the early media playlist is a
// complete VOD playlist that never changes, and every playlist shows every frame once. A source that cannot be
// copied (MPEG-4 Part 2) never passes through 'playable'. The live channel still takes only ready videos.
import fs from 'node:fs/promises';
import path from 'node:path';
import { parse, types } from 'hls-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AssetView } from '../../../cms-server/src/admin/contract.ts';
import { ASSET_STATUS_LABELS } from '../../../cms-server/src/domain/labels.ts';
import { run } from '../../../cms-server/src/media/ffmpeg.ts';
import type { CatalogResponse, ItemDetail } from '../../../cms-server/src/tv-api/contract.ts';
import { adminOf, userClient, type AdminClient } from '../../helpers/admin-client.ts';
import { expectCompleteVod, expectEveryFrameOnce, frameTimes } from '../../helpers/hls-checks.ts';
import { copySeededData, startKeting, type KetingProcess } from '../../helpers/server.ts';
import { uploadFile } from '../../helpers/tus.ts';
import { makeVideo } from '../../helpers/videos.ts';

// The ladder of an 8 s video takes ≥ 16 s: time to look at the early rendition while it is encoded.
const SLOW = { TEST_PACKAGE_READRATE: '0.5' };
const SECONDS = 8;
const FPS = 25;

let dataDir: string;
let cms: KetingProcess;
let admin: AdminClient;
let editor: AdminClient;
let reviewer: AdminClient;

beforeAll(async () => {
  dataDir = await copySeededData({ ownMedia: true });
  cms = await startKeting({ dataDir, env: SLOW });
  admin = await adminOf(cms.baseUrl);
  // Made through the API, so the street has its live channel (street-taiping).
  expect((await admin.json('POST', '/api/admin/streets', { id: 'taiping', name: '太平街道', publishDirectly: false })).status).toBe(201);
  editor = await userClient(admin, { role: 'editor', streetId: 'taiping' });
  reviewer = await userClient(admin, { role: 'reviewer', streetId: 'taiping' });
});
afterAll(async () => {
  await cms?.stop();
  await fs.rm(dataDir, { recursive: true, force: true });
});

const asset = async (id: string) => (await editor.json<AssetView>('GET', `/api/admin/assets/${id}`)).body;
const text = async (url: string) => {
  const res = await fetch(url);
  expect(res.status, url).toBe(200);
  return res.text();
};
const catalogVersion = async () => ((await (await fetch(`${cms.baseUrl}/api/tv/v1/catalog?street=taiping`)).json()) as CatalogResponse).version;
const tvItem = (id: string) => fetch(`${cms.baseUrl}/api/tv/v1/items/${id}?street=taiping`);

/** Polls the asset, keeping every status it passed through, until `done` says so. */
async function follow(id: string, done: (a: AssetView) => boolean, seen: Set<string>, timeoutMs = 90_000): Promise<AssetView> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    const a = await asset(id);
    seen.add(a.status);
    if (a.status === 'failed') throw new Error(`packaging failed: ${JSON.stringify(a.error)}`);
    if (done(a)) return a;
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`timed out; statuses seen: ${[...seen].join(', ')}`);
}

async function upload(file: string, filename: string): Promise<string> {
  const up = await uploadFile(cms.baseUrl, { 'Tus-Resumable': '1.0.0', ...editor.headers() }, file, { filename, filetype: 'video/mp4' });
  expect(up.final.status).toBe(204);
  return up.assetId!;
}

/** A video item of the street in 支部党课, submitted and approved: published, shown once its video is watchable. */
async function publishedItem(assetId: string): Promise<string> {
  const created = await editor.json('POST', '/api/admin/items', { kind: 'video', sectionId: 'branch-lessons', title: '支部会议录像', assetId });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const id = created.body.id as string;
  expect((await editor.json('POST', `/api/admin/items/${id}/submit`)).status).toBe(200);
  const approved = await reviewer.json('POST', `/api/admin/items/${id}/approve`, {});
  expect(approved.status, JSON.stringify(approved.body)).toBe(200);
  return id;
}

/** The media playlist behind `master` (a URL): its variants' URIs, and each variant's URL. */
async function variantsOf(masterUrl: string): Promise<{ uris: string[]; urls: string[] }> {
  const master = parse(await text(masterUrl));
  expect(master).toBeInstanceOf(types.MasterPlaylist);
  const variants = (master as types.MasterPlaylist).variants;
  return { uris: variants.map((v) => v.uri), urls: variants.map((v) => new URL(v.uri, masterUrl).toString()) };
}

async function expectPlaysWhole(mediaUrl: string): Promise<string> {
  const body = await text(mediaUrl);
  const media = parse(body) as types.MediaPlaylist;
  expectCompleteVod(media, SECONDS);
  for (const seg of media.segments) expect((await fetch(new URL(seg.uri, mediaUrl), { method: 'HEAD' })).status).toBe(200);
  expectEveryFrameOnce(await frameTimes(mediaUrl), FPS, SECONDS);
  return body;
}

describe('playable in minutes, not after the whole ladder', () => {
  it('when an H.264/AAC recording is uploaded, then its item is on the TVs playing the copied source while the ladder is encoded, and then the ladder replaces it in the master while the early playlist stays the same', async () => {
    const file = path.join(dataDir, 'meeting.mp4');
    await makeVideo(file, { seconds: SECONDS, width: 854, height: 480, fps: FPS });
    const versionBefore = await catalogVersion();
    const id = await upload(file, '支部会议.mp4');
    const itemId = await publishedItem(id);
    const seen = new Set<string>();

    // Playable, the ladder still under way.
    const early = await follow(id, (a) => a.status !== 'pending' && a.status !== 'processing', seen);
    expect(early.status).toBe('playable');
    expect(ASSET_STATUS_LABELS[early.status]).toBe('已可观看（其余清晰度转码中）');
    expect(early.progress).toBeLessThan(100);
    expect(early.job?.state).toBe('running');
    expect(early.renditions).toEqual([{ height: 480, bandwidth: expect.any(Number) }]);
    expect(early.hls).toBe(`/media/${id}/master.m3u8`);

    // On the TVs: the item opens, the catalog moved, the master lists the copied source alone.
    const shown = await tvItem(itemId);
    expect(shown.status).toBe(200);
    const detail = (await shown.json()) as ItemDetail;
    expect(detail.video?.hls).toBe(`/media/${id}/master.m3u8`);
    expect(detail.video?.durationSec).toBeCloseTo(SECONDS, 0);
    expect(await catalogVersion()).not.toBe(versionBefore);
    const masterUrl = `${cms.baseUrl}${detail.video!.hls}`;
    const earlyMaster = await variantsOf(masterUrl);
    expect(earlyMaster.uris).toEqual(['src/index.m3u8']);
    const earlyPlaylist = await expectPlaysWhole(earlyMaster.urls[0]!);
    expect((await poster(id)).status).toBe(200);
    expect((await asset(id)).status).toBe('playable'); // all of the above happened before the ladder was done

    // The live channel takes only videos with the whole ladder (its segments aligned across rungs).
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    const broadcast = { channelId: 'street-taiping', title: '支部会议重播', items: [itemId], startsAt: `${tomorrow}T09:00:00+08:00` };
    const refused = await admin.json('POST', '/api/admin/broadcasts', broadcast);
    expect(refused.status, JSON.stringify(refused.body)).toBe(400);
    expect(refused.body.error.code).toBe('broadcast_item_not_ready');
    const versionEarly = await catalogVersion();

    // Ready: the master lists the ladder; the early playlist a box may still be playing is unchanged.
    const ready = await follow(id, (a) => a.status === 'ready', seen);
    expect([...seen].filter((s) => s !== 'pending' && s !== 'processing')).toEqual(['playable', 'ready']);
    expect(ready.progress).toBe(100);
    expect(ready.renditions.map((r) => r.height)).toEqual([480, 360]);
    const ladder = await variantsOf(masterUrl);
    expect(ladder.uris).toEqual(['v0/index.m3u8', 'v1/index.m3u8']);
    for (const url of ladder.urls) await expectPlaysWhole(url);
    expect(await expectPlaysWhole(earlyMaster.urls[0]!)).toBe(earlyPlaylist);
    // The item's answer is rebuilt (its renditions); home's bytes hold no renditions, so its version stays.
    const after = (await (await tvItem(itemId)).json()) as ItemDetail;
    expect(after.video?.renditions.map((r) => r.height)).toEqual([480, 360]);
    expect(await catalogVersion()).toBe(versionEarly);
    const accepted = await admin.json('POST', '/api/admin/broadcasts', broadcast);
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(201);
  });

  it('when the recording cannot be copied as it is (MPEG-4 Part 2), then it is never playable early: the ladder alone makes it ready', async () => {
    const file = path.join(dataDir, 'old-camera.mp4');
    await run('ffmpeg', ['-y', '-v', 'error', '-f', 'lavfi', '-i', `testsrc2=size=640x360:rate=${FPS}`, '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000',
      '-t', '4', '-c:v', 'mpeg4', '-q:v', '5', '-c:a', 'aac', file]);
    const id = await upload(file, '老摄像机.mp4');
    const seen = new Set<string>();
    const ready = await follow(id, (a) => a.status === 'ready', seen);
    expect(seen.has('playable')).toBe(false);
    expect((await variantsOf(`${cms.baseUrl}${ready.hls}`)).uris).toEqual(['v0/index.m3u8']);
    expect((await fetch(`${cms.baseUrl}/media/${id}/src/index.m3u8`)).status).toBe(404);
  });
});

const poster = (id: string) => fetch(`${cms.baseUrl}/media/${id}/poster.jpg`, { method: 'HEAD' });
