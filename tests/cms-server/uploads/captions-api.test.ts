// Captions over real HTTP against a real CMS process: a WebVTT file attached to a ready video is packaged
// into its HLS (a SUBTITLES group on every variant, the shape the TV's player reads), bad files and wrong
// callers are refused with stable codes and nothing changed, and removing the captions restores the master.
import fs from 'node:fs/promises';
import path from 'node:path';
import Database from 'better-sqlite3';
import { parse, types } from 'hls-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AssetView } from '../../../cms-server/src/admin/contract.ts';
import { AdminClient, addStreets, adminOf, userClient } from '../../helpers/admin-client.ts';
import { copySeededData, startKeting, type KetingProcess } from '../../helpers/server.ts';
import { expectApiError } from '../../helpers/api-error.ts';

const ASSET = 'sample-lesson'; // seeded, ready, district-wide, 8 s long
const GOOD = ['WEBVTT', '', '1', '00:00:00.500 --> 00:00:03.000', '欢迎收看党员教育', '', '00:03.000 --> 00:07.900 line:90%', '第二句字幕', ''].join('\n');

let cms: KetingProcess;
let dataDir: string;
let admin: AdminClient;
let streetEditor: AdminClient;
let districtEditor: AdminClient;
let reviewer: AdminClient;
let originalMaster: string;

const masterFile = () => path.join(dataDir, 'media', ASSET, 'master.m3u8');
const put = (who: AdminClient, body: string | Buffer, type = 'text/vtt', id = ASSET) =>
  fetch(`${cms.baseUrl}/api/admin/assets/${id}/captions`, { method: 'PUT', headers: { ...who.headers(), 'Content-Type': type }, body: typeof body === 'string' ? body : new Uint8Array(body) });


beforeAll(async () => {
  dataDir = await copySeededData({ ownMedia: true });
  addStreets(dataDir, [{ id: 'taiping', name: '太平街道' }, { id: 'heping', name: '和平街道' }]);
  // Street videos without uploading (rows as packaging leaves them; files copied from a sample): one ready
  // per street, and one of taiping's still being packaged.
  const db = new Database(path.join(dataDir, 'keting.sqlite'));
  const insert = db.prepare(
    `INSERT INTO assets (id, status, source_name, duration_sec, renditions, created_at, updated_at, street_id, poster, progress)
     SELECT ?, ?, source_name, duration_sec, renditions, created_at, updated_at, ?, poster, ? FROM assets WHERE id = ?`,
  );
  for (const [id, status, street] of [['taiping-video', 'ready', 'taiping'], ['heping-video', 'ready', 'heping'], ['taiping-packaging', 'processing', 'taiping']] as const) {
    insert.run(id, status, street, status === 'ready' ? 100 : 40, ASSET);
    if (status === 'ready') await fs.cp(path.join(dataDir, 'media', ASSET), path.join(dataDir, 'media', id), { recursive: true });
  }
  db.close();
  cms = await startKeting({ dataDir });
  admin = await adminOf(cms.baseUrl);
  streetEditor = await userClient(admin, { role: 'editor', streetId: 'taiping' });
  districtEditor = await userClient(admin, { role: 'editor', streetId: null });
  reviewer = await userClient(admin, { role: 'reviewer', streetId: null });
  originalMaster = await fs.readFile(masterFile(), 'utf8');
}, 90_000);

afterAll(async () => {
  await cms?.stop();
});

describe('captions of a video', () => {
  it('when a bad file or a wrong caller sends captions, then each is refused with its code and nothing changes', async () => {
    const cases: [string, () => Promise<Response>, number, string][] = [
      ['not WebVTT', () => put(admin, '1\n00:00:01,000 --> 00:00:02,000\n一句\n'), 422, 'not_webvtt'],
      ['binary junk', () => put(admin, Buffer.from([0x57, 0x45, 0x42, 0x56, 0x54, 0x54, 0x0a, 0xff, 0xfe, 0x00, 0x81])), 422, 'captions_not_utf8'],
      ['GBK text', () => put(admin, Buffer.concat([Buffer.from('WEBVTT\n\n00:00.000 --> 00:01.000\n'), Buffer.from([0xc4, 0xe3, 0xba, 0xc3])])), 422, 'captions_not_utf8'],
      ['a cue past the end', () => put(admin, 'WEBVTT\n\n00:00:01.000 --> 00:00:30.000\n太晚了\n'), 422, 'captions_past_end'],
      ['a broken timing line', () => put(admin, 'WEBVTT\n\n00:01 --> 00:02\n缺毫秒\n'), 422, 'invalid_captions'],
      ['an end before the start', () => put(admin, 'WEBVTT\n\n00:00:03.000 --> 00:00:02.000\n倒着\n'), 422, 'invalid_captions'],
      ['no cue at all', () => put(admin, 'WEBVTT\n\nNOTE 只有注释\n'), 422, 'captions_empty'],
      ['an empty body', () => put(admin, ''), 422, 'captions_empty'],
      ['the wrong content type', () => put(admin, GOOD, 'text/plain'), 415, 'captions_type_required'],
      ['a file too large', () => put(admin, 'WEBVTT\n\n' + 'NOTE '.padEnd(3 * 1024 * 1024, 'x') + '\n'), 413, 'captions_too_large'],
      ['an unknown asset', () => put(admin, GOOD, 'text/vtt', 'no-such-video'), 404, 'not_found'],
      ['a malformed asset id', () => put(admin, GOOD, 'text/vtt', 'Bad..Id'), 400, 'invalid_id'],
      ['a street editor on a district video', () => put(streetEditor, GOOD), 403, 'forbidden'],
      ["another street's video for a street editor", () => put(streetEditor, GOOD, 'text/vtt', 'heping-video'), 404, 'not_found'],
      ['a video still being packaged', () => put(streetEditor, GOOD, 'text/vtt', 'taiping-packaging'), 409, 'asset_not_ready'],
      ['a reviewer (no role to change videos)', () => put(reviewer, GOOD), 403, 'forbidden'],
      ['no CSRF token', () => fetch(`${cms.baseUrl}/api/admin/assets/${ASSET}/captions`, { method: 'PUT', headers: { Cookie: admin.cookie, 'Content-Type': 'text/vtt' }, body: GOOD }), 403, 'csrf_failed'],
      ['removing captions that are not there', () => admin.request('DELETE', `/api/admin/assets/${ASSET}/captions`), 404, 'captions_not_found'],
    ];
    for (const [name, send, status, code] of cases) {
      await expectApiError(await send(), status, code).catch((e: Error) => {
        throw new Error(`${name}: ${e.message}`);
      });
    }
    expect(await fs.readFile(masterFile(), 'utf8')).toBe(originalMaster);
    await expect(fs.stat(path.join(dataDir, 'media', ASSET, 'subs'))).rejects.toThrow();
    const view = await admin.json<AssetView>('GET', `/api/admin/assets/${ASSET}`);
    expect(view.body.captions).toBe(false);
    const audit = await admin.json('GET', `/api/admin/audit?targetType=asset&targetId=${ASSET}`);
    expect(audit.body.entries.filter((e: { action: string }) => e.action.startsWith('asset_captions'))).toEqual([]);
  }, 60_000);

  it('when a district editor sets captions, then the master carries a SUBTITLES group on every variant and the files are served', async () => {
    const res = await put(districtEditor, '\uFEFF' + GOOD.replace(/\n/g, '\r\n'));
    const text = await res.text();
    expect(res.status, text).toBe(200);
    expect((JSON.parse(text) as AssetView).captions).toBe(true);

    const masterRes = await fetch(`${cms.baseUrl}/media/${ASSET}/master.m3u8`);
    expect(masterRes.headers.get('content-type')).toBe('application/vnd.apple.mpegurl');
    const master = parse(await masterRes.text()) as types.MasterPlaylist;
    expect(master.isMasterPlaylist).toBe(true);
    expect(master.variants.length).toBe(3);
    for (const v of master.variants) {
      expect(v.subtitles).toHaveLength(1);
      expect(v.subtitles[0]).toMatchObject({ type: 'SUBTITLES', groupId: 'subs', name: '中文', language: 'zh', isDefault: true, autoselect: true, uri: 'subs/zh.m3u8' });
    }
    expect(master.variants.map((v) => v.uri)).toEqual(['v0/index.m3u8', 'v1/index.m3u8', 'v2/index.m3u8']);

    const subsRes = await fetch(`${cms.baseUrl}/media/${ASSET}/subs/zh.m3u8`);
    expect(subsRes.status).toBe(200);
    expect(subsRes.headers.get('content-type')).toBe('application/vnd.apple.mpegurl');
    const subsText = await subsRes.text();
    const subs = parse(subsText) as types.MediaPlaylist;
    expect(subs.targetDuration).toBe(8);
    expect(subs.playlistType).toBe('VOD');
    expect(subs.endlist).toBe(true);
    expect(subs.segments.map((s) => [s.uri, s.duration])).toEqual([['zh.vtt', 8]]);

    const vttRes = await fetch(`${cms.baseUrl}/media/${ASSET}/subs/zh.vtt`);
    expect(vttRes.status).toBe(200);
    expect(vttRes.headers.get('content-type')).toBe('text/vtt; charset=utf-8');
    const vtt = await vttRes.text();
    expect(vtt).toMatch(/^WEBVTT\nX-TIMESTAMP-MAP=MPEGTS:\d+,LOCAL:00:00:00\.000\n\n/);
    expect(vtt).toContain('00:00:00.500 --> 00:00:03.000\n欢迎收看党员教育');
    const mpegts = Number(/MPEGTS:(\d+)/.exec(vtt)![1]);
    expect(mpegts).toBeGreaterThan(0); // ffmpeg's segments start at ~1.4 s, not 0

    const view = await admin.json<AssetView>('GET', `/api/admin/assets/${ASSET}`);
    expect(view.body.captions).toBe(true);
    const audit = await admin.json('GET', `/api/admin/audit?targetType=asset&targetId=${ASSET}`);
    expect(audit.body.entries.map((e: { action: string }) => e.action)).toContain('asset_captions_set');
    // No temporary file is left beside the playlists.
    expect((await fs.readdir(path.join(dataDir, 'media', ASSET, 'subs'))).sort()).toEqual(['zh.m3u8', 'zh.vtt']);
    expect((await fs.readdir(path.join(dataDir, 'media', ASSET))).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  }, 60_000);

  it("when a street editor captions its own street's video, then it is packaged there and nowhere else", async () => {
    const res = await put(streetEditor, GOOD, 'text/vtt', 'taiping-video');
    expect(res.status, await res.text()).toBe(200);
    expect(await fs.readFile(path.join(dataDir, 'media', 'taiping-video', 'master.m3u8'), 'utf8')).toContain('SUBTITLES="subs"');
    expect(await fs.readFile(path.join(dataDir, 'media', 'heping-video', 'master.m3u8'), 'utf8')).not.toContain('SUBTITLES');
  });

  it('when captions are set again, then they replace the old ones and the master keeps one group', async () => {
    const res = await put(admin, 'WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n换了一句\n');
    expect(res.status).toBe(200);
    const master = await fs.readFile(masterFile(), 'utf8');
    expect(master.match(/#EXT-X-MEDIA:/g)).toHaveLength(1);
    const vtt = await (await fetch(`${cms.baseUrl}/media/${ASSET}/subs/zh.vtt`)).text();
    expect(vtt).toContain('换了一句');
    expect(vtt).not.toContain('欢迎收看');
  }, 30_000);

  it('when a street editor or reviewer tries to remove them, then they are refused and the captions stay', async () => {
    await expectApiError(await streetEditor.request('DELETE', `/api/admin/assets/${ASSET}/captions`), 403, 'forbidden');
    await expectApiError(await reviewer.request('DELETE', `/api/admin/assets/${ASSET}/captions`), 403, 'forbidden');
    expect((await fetch(`${cms.baseUrl}/media/${ASSET}/subs/zh.vtt`)).status).toBe(200);
  });

  it('when the captions are removed, then the master is as packaged again and the subtitle files are gone', async () => {
    const res = await admin.request('DELETE', `/api/admin/assets/${ASSET}/captions`);
    expect(res.status).toBe(204);
    const master = parse(await (await fetch(`${cms.baseUrl}/media/${ASSET}/master.m3u8`)).text()) as types.MasterPlaylist;
    const before = parse(originalMaster) as types.MasterPlaylist;
    expect(master.variants.map((v) => [v.uri, v.bandwidth, v.subtitles.length])).toEqual(before.variants.map((v) => [v.uri, v.bandwidth, 0]));
    expect(await fs.readFile(masterFile(), 'utf8')).not.toContain('SUBTITLES');
    expect((await fetch(`${cms.baseUrl}/media/${ASSET}/subs/zh.vtt`)).status).toBe(404);
    const view = await admin.json<AssetView>('GET', `/api/admin/assets/${ASSET}`);
    expect(view.body.captions).toBe(false);
    const audit = await admin.json('GET', `/api/admin/audit?targetType=asset&targetId=${ASSET}`);
    expect(audit.body.entries.map((e: { action: string }) => e.action)).toContain('asset_captions_removed');
  });
});
