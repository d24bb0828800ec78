// A full disk loses nothing, for real: a real CMS process whose DATA_DIR is a small tmpfs, filled by a test file
// ("the filler") at the worst moments — in the middle of an upload's PATCH, before a packaging job starts, and
// while ffmpeg writes the ladder. Each time: a clear 507 or a job held (not failed, no attempt counted), nothing
// half-made on disk or served, and once the filler is deleted everything goes on by itself (or, for the upload,
// from the offset the server reports) to a packaged, playable video.
//
// Needs root (mount -t tmpfs); where mounting is not permitted the tests are skipped and say why.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AssetView, SystemStatusResponse } from '../../../cms-server/src/admin/contract.ts';
import { EARLY_MARKER } from '../../../cms-server/src/media/packager.ts';
import { adminOf, type AdminClient } from '../../helpers/admin-client.ts';
import { startKeting, type KetingProcess } from '../../helpers/server.ts';
import { createUpload, head, patch, TUS } from '../../helpers/tus.ts';
import { makeVideo } from '../../helpers/videos.ts';
import { inject } from 'vitest';

const TMPFS_MB = 32;
const FULL_MESSAGE = '服务器存储空间已满，这个视频暂时传不上去。已上传的部分已保留，请联系管理员清理空间后，重新选择同一个文件继续上传。';

let mountDir = '';
let mounted = false;
let skipReason = '';
let cms: KetingProcess | undefined;
let admin: AdminClient;
let work = '';
/** Video A: 640×360, ~0.9 MB. Video B: 720p at a very low bit rate (~0.4 MB) whose ladder is ~2 MB. */
let videoA: Buffer;
let videoB: Buffer;

const filler = () => path.join(mountDir, 'filler.bin');
const freeOnDisk = async () => {
  const s = await fs.statfs(mountDir);
  return s.bavail * s.bsize;
};
/** Writes the filler so that about `leave` bytes stay free on the tmpfs (whole pages). */
async function fillLeaving(leave: number): Promise<void> {
  const free = await freeOnDisk();
  const bytes = Math.floor(Math.max(0, free - leave) / 4096) * 4096;
  const fh = await fs.open(filler(), 'a');
  try {
    const chunk = Buffer.alloc(1024 * 1024, 0x5a);
    for (let left = bytes; left > 0; left -= chunk.length) await fh.write(chunk, 0, Math.min(chunk.length, left));
  } finally {
    await fh.close();
  }
}
const freeUp = () => fs.rm(filler(), { force: true });

const api = <T>(p: string) => admin.json<T>('GET', p);
const asset = async (id: string) => (await api<AssetView>(`/api/admin/assets/${id}`)).body;
const media = (p: string) => fetch(`${cms!.baseUrl}/media/${p}`);

async function until<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined>): Promise<T> {
  const end = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < end) {
    const v = await probe();
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, 150));
  }
  last = await probe().catch((e: unknown) => e);
  throw new Error(`timed out waiting for ${what} (${JSON.stringify(last)})\n${cms?.output().slice(-3000)}`);
}

const readyAsset = (id: string, timeoutMs = 40_000) =>
  until(`asset ${id} ready`, timeoutMs, async () => {
    const a = await asset(id);
    if (a.status === 'failed') throw new Error(`asset failed: ${JSON.stringify(a)}`);
    return a.status === 'ready' ? a : undefined;
  });

/** The packaged video plays: its master, a rung's playlist and that rung's first segment are served. */
async function expectPlayable(id: string): Promise<void> {
  const master = await media(`${id}/master.m3u8`);
  expect(master.status).toBe(200);
  const text = await master.text();
  expect(text).not.toContain(EARLY_MARKER);
  const rung = text.split('\n').find((l) => /^v\d+\/index\.m3u8$/.test(l.trim()))!.trim();
  const playlist = await (await media(`${id}/${rung}`)).text();
  const seg = playlist.split('\n').find((l) => l.endsWith('.ts'))!;
  const segment = await media(`${id}/${path.dirname(rung)}/${seg}`);
  expect(segment.status).toBe(200);
  expect((await segment.arrayBuffer()).byteLength).toBeGreaterThan(1000);
}

/** Every byte but the last `keep` of `data` sent to a new upload; its Location. */
async function uploadAllBut(data: Buffer, keep: number, filename: string): Promise<string> {
  const created = await createUpload(cms!.baseUrl, admin.headers(), data.length, { filename, filetype: 'video/mp4' });
  expect(created.status).toBe(201);
  const location = new URL(created.headers.get('location')!, cms!.baseUrl).toString();
  expect((await patch(location, admin.headers(), 0, data.subarray(0, data.length - keep))).status).toBe(204);
  return location;
}

async function finishUpload(location: string, data: Buffer, keep: number): Promise<string> {
  const res = await patch(location, admin.headers(), data.length - keep, data.subarray(data.length - keep));
  expect(res.status, await res.clone().text()).toBe(204);
  return res.headers.get('keting-asset-id')!;
}

beforeAll(async () => {
  mountDir = await fs.mkdtemp(path.join(os.tmpdir(), 'keting-fulldisk-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${TMPFS_MB}m`, 'tmpfs', mountDir], { stdio: 'pipe' });
    mounted = true;
  } catch (e) {
    skipReason = `cannot mount a tmpfs here (needs root / CAP_SYS_ADMIN): ${String((e as { stderr?: Buffer }).stderr ?? e).trim()}`;
    return;
  }
  // DATA_DIR on the tmpfs: a copy of the seeded database, an empty media folder (no sample videos needed).
  await fs.copyFile(path.join(inject('seededDataDir'), 'keting.sqlite'), path.join(mountDir, 'keting.sqlite'));
  await fs.mkdir(path.join(mountDir, 'media'));
  work = await fs.mkdtemp(path.join(os.tmpdir(), 'keting-fulldisk-videos-'));
  await makeVideo(path.join(work, 'a.mp4'), { seconds: 4, width: 640, height: 360 });
  videoA = await fs.readFile(path.join(work, 'a.mp4'));
  // A 720p source at a very low bit rate: it can be copied early (small), but its three-rung ladder is ~5× its size.
  execFileSync('ffmpeg', ['-y', '-hide_banner', '-v', 'error', '-f', 'lavfi', '-i', 'testsrc2=size=1280x720:rate=25',
    '-f', 'lavfi', '-i', 'sine=frequency=523:sample_rate=48000', '-t', '4', '-c:v', 'libx264', '-preset', 'ultrafast',
    '-crf', '45', '-pix_fmt', 'yuv420p', '-g', '50', '-c:a', 'aac', '-b:a', '32k', path.join(work, 'b.mp4')]);
  videoB = await fs.readFile(path.join(work, 'b.mp4'));
  cms = await startKeting({
    dataDir: mountDir,
    // No reserve, so that the disk can really fill up; held jobs looked at every second.
    env: { DISK_RESERVE_MB: '0', DISK_RECHECK_SECONDS: '1', JOB_LEASE_SECONDS: '5' },
  });
  admin = await adminOf(cms.baseUrl);
});

afterAll(async () => {
  try {
    await cms?.stop({ keepData: true });
  } finally {
    if (mounted) {
      try {
        execFileSync('umount', [mountDir], { stdio: 'pipe' });
      } catch {
        execFileSync('umount', ['-l', mountDir], { stdio: 'pipe' });
      }
    }
    await fs.rm(mountDir, { recursive: true, force: true });
    if (work) await fs.rm(work, { recursive: true, force: true });
  }
});

describe('a full disk loses nothing', () => {
  // A failed test must not leave the disk full for the next one.
  afterEach(freeUp);

  it('when the disk fills up in the middle of an upload, then 507 in Chinese, the offset is what is on disk, and after freeing space the upload resumes and is packaged', async (ctx) => {
    if (!mounted) return ctx.skip(skipReason);
    const first = 300 * 1024;
    const created = await createUpload(cms!.baseUrl, admin.headers(), videoA.length, { filename: '满盘.mp4', filetype: 'video/mp4' });
    expect(created.status).toBe(201);
    const location = new URL(created.headers.get('location')!, cms!.baseUrl).toString();
    const id = location.split('/').pop()!;
    const onDisk = path.join(mountDir, 'uploads', id);
    expect((await patch(location, admin.headers(), 0, videoA.subarray(0, first))).status).toBe(204);

    // The rest in one PATCH; part-way through, the disk fills up (another program writes a big file).
    const u = new URL(location);
    const answer = new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = http.request({
        host: u.hostname, port: u.port, path: u.pathname, method: 'PATCH',
        headers: { ...TUS, ...admin.headers(), 'Upload-Offset': String(first), 'Content-Type': 'application/offset+octet-stream', 'Content-Length': String(videoA.length - first) },
      });
      req.on('response', (res) => {
        let body = '';
        res.on('data', (b: Buffer) => (body += b.toString()));
        res.on('end', () => resolve({ status: res.statusCode!, body }));
      });
      req.on('error', reject);
      const part = 64 * 1024;
      req.write(videoA.subarray(first, first + part));
      void (async () => {
        await until('the first part written', 10_000, async () => ((await fs.stat(onDisk)).size >= first + part ? true : undefined));
        await fillLeaving(100 * 1024);
        req.end(videoA.subarray(first + part));
      })().catch(reject);
    });
    const refused = await answer;
    expect(refused.status, `${refused.body}\n${cms!.output().slice(-3000)}`).toBe(507);
    expect(JSON.parse(refused.body)).toEqual({ error: { code: 'insufficient_storage', message: FULL_MESSAGE } });

    // What HEAD reports is exactly what is on disk: a prefix of the file, intact.
    const size = (await fs.stat(onDisk)).size;
    expect(size).toBeGreaterThan(first + 64 * 1024);
    expect(size).toBeLessThan(videoA.length);
    const headRes = await head(location, admin.headers());
    expect(Number(headRes.headers.get('upload-offset'))).toBe(size);
    expect((await fs.readFile(onDisk)).equals(videoA.subarray(0, size))).toBe(true);

    // Still full: the next PATCH is refused before a byte is written, and a new upload is refused at once.
    const again = await patch(location, admin.headers(), size, videoA.subarray(size));
    expect(again.status).toBe(507);
    expect(((await again.json()) as { error: { code: string } }).error.code).toBe('insufficient_storage');
    expect((await fs.stat(onDisk)).size).toBe(size);
    const another = await createUpload(cms!.baseUrl, admin.headers(), videoA.length, { filename: '另一个.mp4', filetype: 'video/mp4' });
    expect(another.status).toBe(507);
    expect(((await another.json()) as { error: { code: string; message: string } }).error).toMatchObject({ code: 'insufficient_storage', message: expect.stringContaining('存储空间不足') });

    // Space freed: the upload goes on from the offset the server reports and becomes a playable video.
    await freeUp();
    const offset = Number((await head(location, admin.headers())).headers.get('upload-offset'));
    expect(offset).toBe(size);
    const done = await patch(location, admin.headers(), offset, videoA.subarray(offset));
    expect(done.status).toBe(204);
    expect(done.headers.get('keting-asset-id')).toBe(id);
    const a = await readyAsset(id);
    expect(a.sourceSize).toBe(videoA.length);
    expect(a.heldFor).toBeNull();
    await expectPlayable(id);
  });

  it('when there is no room to package a video, then its job is held (no attempt counted, nothing served) and runs by itself once space is freed', async (ctx) => {
    if (!mounted) return ctx.skip(skipReason);
    const location = await uploadAllBut(videoB, 1024, '等空间.mp4');
    // Room for the last kilobyte, not for packaging (twice the source's size).
    await fillLeaving(videoB.length / 2);
    const id = await finishUpload(location, videoB, 1024);

    const held = await until('the job held for disk', 15_000, async () => {
      const a = await asset(id);
      return a.heldFor === 'disk' ? a : undefined;
    });
    expect(held.status).toBe('pending');
    expect(held.job).toMatchObject({ state: 'queued', attempts: 0 });
    expect(held.error).toBeNull();
    expect(held.hls).toBeNull();
    // Looked at again every second, it stays held: never failed, never an attempt, nothing written or served.
    await new Promise((r) => setTimeout(r, 2500));
    const still = await asset(id);
    expect(still).toMatchObject({ status: 'pending', heldFor: 'disk', job: { state: 'queued', attempts: 0 } });
    expect((await media(`${id}/master.m3u8`)).status).toBe(404);
    expect((await media(`${id}/poster.jpg`)).status).toBe(404);
    expect((await fs.readdir(path.join(mountDir, 'media'))).filter((n) => n.includes(id))).toEqual([]);
    // The list shows it too.
    const list = (await api<{ assets: AssetView[] }>('/api/admin/assets')).body.assets;
    expect(list.find((x) => x.id === id)?.heldFor).toBe('disk');
    // And 系统维护 counts it among the videos waiting for room.
    const system = (await api<SystemStatusResponse>('/api/admin/system')).body;
    expect(system.disk.videosWaiting).toBe(1);
    expect(system.disk.reserveBytes).toBe(0);

    await freeUp();
    const ready = await readyAsset(id);
    expect(ready.heldFor).toBeNull();
    expect(ready.job).toMatchObject({ state: 'done', attempts: 1 });
    await expectPlayable(id);
  });

  it('when the disk fills up while ffmpeg writes the ladder, then the half-made ladder is removed, never served, the job is held, and it completes once space is freed', async (ctx) => {
    if (!mounted) return ctx.skip(skipReason);
    const location = await uploadAllBut(videoB, 1024, '中途满盘.mp4');
    // Enough for the check (2 × the source) and for the early copy, not for the ladder (~5 × the source).
    await fillLeaving(videoB.length * 2 + 200 * 1024);
    const id = await finishUpload(location, videoB, 1024);

    const held = await until('the job held for disk after running out of space', 30_000, async () => {
      const a = await asset(id);
      return a.heldFor === 'disk' ? a : undefined;
    });
    expect(cms!.output()).toMatch(/ran out of space while packaging/);
    // The early copy is whole and stays watchable; the ladder that did not fit is nowhere.
    expect(held.status).toBe('playable');
    expect(held.error).toBeNull();
    expect(held.job).toMatchObject({ state: 'queued', attempts: 0 });
    const master = await media(`${id}/master.m3u8`);
    expect(master.status).toBe(200);
    expect(await master.text()).toContain(EARLY_MARKER);
    for (const rung of ['v0', 'v1', 'v2']) expect((await media(`${id}/${rung}/index.m3u8`)).status).toBe(404);
    const entries = await fs.readdir(path.join(mountDir, 'media', id));
    expect(entries.filter((n) => /^v\d+$/.test(n))).toEqual([]);
    await until('no temporary folder left', 5000, async () =>
      (await fs.readdir(path.join(mountDir, 'media'))).some((n) => n.startsWith(`.tmp-${id}`)) ? undefined : true,
    );

    await freeUp();
    const ready = await readyAsset(id);
    expect(ready.heldFor).toBeNull();
    expect(ready.job).toMatchObject({ state: 'done', attempts: 1 });
    await expectPlayable(id);
  });
});
