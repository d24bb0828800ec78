// Files street staff pick by mistake, uploaded for real over tus to a real CMS process: each is refused
// with its own stable code and a Chinese message, and leaves nothing behind (no asset, no file).
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AdminClient, addStreets, adminOf, userClient } from '../../helpers/admin-client.ts';
import { copySeededData, startKeting, type KetingProcess } from '../../helpers/server.ts';
import { createUpload, uploadFile } from '../../helpers/tus.ts';
import {
  makeAudioOnly,
  makeMp3WithCover,
  makePicture,
  makeTenHourVideo,
  makeVideo,
  truncate,
} from '../../helpers/videos.ts';

let districtAdmin: AdminClient;
let EDITOR: AdminClient;
let cms: KetingProcess;
let dataDir: string;
let work: string;
let assetsBefore: number;

const assetCount = async () =>
  ((await (await fetch(`${cms.baseUrl}/api/admin/assets?limit=1`, { headers: districtAdmin.headers() })).json()) as { total: number }).total;
const entries = async (dir: string) => (await fs.readdir(path.join(dataDir, dir)).catch(() => [] as string[])).sort();

beforeAll(async () => {
  dataDir = await copySeededData({ ownMedia: true });
  addStreets(dataDir, [{ id: 'taiping', name: '太平街道' }]);
  work = await fs.mkdtemp(path.join(dataDir, 'files-'));
  const whole = path.join(work, 'whole.mp4');
  const wholeFaststart = path.join(work, 'whole-faststart.mp4');
  await Promise.all([
    makeVideo(whole, { seconds: 4, width: 320, height: 240 }),
    makeVideo(wholeFaststart, { seconds: 4, width: 320, height: 240, faststart: true }),
    makeAudioOnly(path.join(work, '录音.m4a')),
    makeMp3WithCover(path.join(work, '讲话录音.mp3')),
    makeTenHourVideo(path.join(work, '十小时.mp4')),
    makePicture(path.join(work, 'photo.jpg')),
    fs.writeFile(path.join(work, '会议记录.mp4'), '这是会议记录的文字稿，不是视频。\n'.repeat(200)),
  ]);
  await truncate(whole, path.join(work, '拷了一半.mp4'), 0.5);
  await truncate(wholeFaststart, path.join(work, '拷了一半-faststart.mp4'), 0.6);
  await fs.rename(path.join(work, 'photo.jpg'), path.join(work, '照片.mp4'));
  cms = await startKeting({ dataDir });
  districtAdmin = await adminOf(cms.baseUrl);
  EDITOR = await userClient(districtAdmin, { role: 'editor', streetId: 'taiping' });
  assetsBefore = await assetCount();
});
afterAll(async () => {
  await cms?.stop();
  await fs.rm(dataDir, { recursive: true, force: true });
});

describe('bad files', () => {
  it.each([
    ['a renamed text file', '会议记录.mp4', 'video/mp4', 415, 'unsupported_file_type', /不是视频文件/],
    ['a photo renamed to .mp4', '照片.mp4', 'video/mp4', 415, 'unsupported_file_type', /不是视频文件/],
    ['a truncated mp4 (index at the end, cut off)', '拷了一半.mp4', 'video/mp4', 422, 'video_truncated', /不完整/],
    ['a truncated mp4 (index at the front, data cut off)', '拷了一半-faststart.mp4', 'video/mp4', 422, 'video_truncated', /不完整/],
    ['an audio-only file', '录音.m4a', 'audio/mp4', 422, 'no_video_stream', /只有声音/],
    ['an mp3 with cover art', '讲话录音.mp3', 'audio/mpeg', 422, 'no_video_stream', /只有声音/],
    ['a 10-hour file', '十小时.mp4', 'video/mp4', 422, 'video_too_long', /约 10 小时.*最长可以上传 4 小时/],
  ])('when %s is uploaded, then it is refused with its code and nothing is left', async (_what, name, filetype, status, code, words) => {
    const up = await uploadFile(cms.baseUrl, EDITOR.headers(), path.join(work, name), { filename: name, filetype });
    expect(up.final.status).toBe(status);
    expect(up.final.headers.get('content-type')).toMatch(/application\/json/);
    const body = (await up.final.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe(code);
    expect(body.error.message).toMatch(words);
    expect(up.assetId).toBeNull();
    // Nothing behind: no asset, no partial upload, no source, no media folder.
    expect(await assetCount()).toBe(assetsBefore);
    expect(await entries('uploads')).toEqual([]);
    expect(await entries('sources')).toEqual([]);
    expect((await fetch(up.location, { method: 'HEAD', headers: { 'Tus-Resumable': '1.0.0', ...EDITOR.headers() } })).status).toBe(404);
    const uploadId = up.location.split('/').pop()!;
    expect(await entries('media')).not.toContain(uploadId);
  });

  it('when a 0-byte file is uploaded, then it is refused before any byte is sent and nothing is stored', async () => {
    await fs.writeFile(path.join(work, 'empty.mp4'), '');
    const res = await createUpload(cms.baseUrl, EDITOR.headers(), 0, { filename: 'empty.mp4', filetype: 'video/mp4' });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('empty_file');
    expect(await entries('uploads')).toEqual([]);
    expect(await assetCount()).toBe(assetsBefore);
  });

  it('when a good file follows the bad ones, then it is accepted (the refusals left no trace in the way)', async () => {
    const up = await uploadFile(cms.baseUrl, EDITOR.headers(), path.join(work, 'whole.mp4'), { filename: 'whole.mp4' });
    expect(up.final.status).toBe(204);
    expect(up.assetId).toMatch(/^[0-9a-f-]{36}$/);
    expect(await assetCount()).toBe(assetsBefore + 1);
  });
});
