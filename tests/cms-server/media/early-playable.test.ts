// Playable before the ladder (issue 15): a source the TVs can play as it is is copied, not decoded, into an
// early HLS rendition (media/<asset>/src/) with a master listing only it; the ladder then arrives beside it and
// the master is replaced, while the early media playlist and its segments stay exactly as they were. Real
// ffmpeg-made sources; every frame of the picture is counted through the playlists, as a player reads them.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parse, types } from 'hls-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probe, run } from '../../../cms-server/src/media/ffmpeg.ts';
import { EARLY_MARKER, notRemuxable, packageEarly, packageHls } from '../../../cms-server/src/media/packager.ts';
import { expectCompleteVod, expectEveryFrameOnce, frameTimes } from '../../helpers/hls-checks.ts';
import { makeVideo, truncate } from '../../helpers/videos.ts';

let work: string;
beforeAll(async () => {
  work = await fs.mkdtemp(path.join(os.tmpdir(), 'keting-early-'));
});
afterAll(() => fs.rm(work, { recursive: true, force: true }));

const ff = (args: string[]) => run('ffmpeg', ['-y', '-hide_banner', '-nostdin', '-v', 'error', ...args]);
const readPlaylist = async (file: string) => parse(await fs.readFile(file, 'utf8'));

describe('playable before the ladder', () => {
  it('when an H.264/AAC source is packaged, then its copy is playable first, and the ladder arrives beside it leaving the early playlist and segments unchanged', async () => {
    const src = path.join(work, 'meeting.mp4');
    await makeVideo(src, { seconds: 8, width: 854, height: 480 });
    const info = await probe(src);
    expect(notRemuxable(info)).toBeUndefined();
    const out = path.join(work, 'a-early');

    const early = await packageEarly(src, out, info);
    expect(early?.durationSec).toBeCloseTo(8, 1);
    expect(early?.renditions).toEqual([{ height: 480, bandwidth: expect.any(Number) }]);
    const master = (await readPlaylist(path.join(out, 'master.m3u8'))) as types.MasterPlaylist;
    expect(master).toBeInstanceOf(types.MasterPlaylist);
    expect(master.variants.map((v) => v.uri)).toEqual(['src/index.m3u8']);
    expect(master.sessionDataList.map((d) => d.id)).toEqual([EARLY_MARKER]);
    const earlyFile = path.join(out, 'src', 'index.m3u8');
    const earlyText = await fs.readFile(earlyFile, 'utf8');
    const media = parse(earlyText) as types.MediaPlaylist;
    expectCompleteVod(media, 8);
    for (const s of media.segments) expect(s.duration).toBeLessThanOrEqual(4.01); // cut at the source's 2 s key frames
    expectEveryFrameOnce(await frameTimes(earlyFile), 25, 8);
    expect((await fs.stat(path.join(out, 'poster.jpg'))).size).toBeGreaterThan(1000);
    const earlySegments = await Promise.all(media.segments.map((s) => fs.readFile(path.join(out, 'src', s.uri))));

    const full = await packageHls(src, out);
    expect(full.renditions.map((r) => r.height)).toEqual([480, 360]);
    const ladder = (await readPlaylist(path.join(out, 'master.m3u8'))) as types.MasterPlaylist;
    expect(ladder.variants.map((v) => v.uri)).toEqual(['v0/index.m3u8', 'v1/index.m3u8']);
    expect(ladder.sessionDataList).toEqual([]);
    for (const v of ladder.variants) {
      const rung = path.join(out, v.uri);
      expectCompleteVod((await readPlaylist(rung)) as types.MediaPlaylist, 8);
      expectEveryFrameOnce(await frameTimes(rung), 25, 8);
    }
    // A player that loaded the early master still reads the same playlist and the same bytes.
    expect(await fs.readFile(earlyFile, 'utf8')).toBe(earlyText);
    for (const [i, s] of media.segments.entries()) expect((await fs.readFile(path.join(out, 'src', s.uri))).equals(earlySegments[i]!)).toBe(true);
    expect((await fs.readdir(work)).filter((f) => f.startsWith('.tmp-'))).toEqual([]);
  });

  it.each([
    ['MPEG-4 Part 2 in Matroska', 'mpeg4.mkv', ['-c:v', 'mpeg4', '-q:v', '5'], /video codec mpeg4/],
    ['VP8 in Matroska', 'vp8.mkv', ['-c:v', 'libvpx', '-b:v', '500k', '-deadline', 'realtime', '-cpu-used', '8'], /video codec vp8/],
    ['H.264 in 4:4:4', 'h264-444.mp4', ['-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv444p'], /profile High 4:4:4/],
  ])('when the source is %s, then it is not copied early: the ladder alone makes it, as before', async (_what, name, codec, why) => {
    const src = path.join(work, name);
    await ff(['-f', 'lavfi', '-i', 'testsrc2=size=640x360:rate=25', '-t', '3', ...codec, src]);
    const info = await probe(src);
    expect(notRemuxable(info)).toMatch(why);
    const out = path.join(work, `a-${name.replace(/\W/g, '')}`);
    expect(await packageEarly(src, out, info)).toBeUndefined();
    await expect(fs.stat(out)).rejects.toThrow();
    const full = await packageHls(src, out);
    expect(full.renditions.map((r) => r.height)).toEqual([360]);
    expect(((await readPlaylist(path.join(out, 'master.m3u8'))) as types.MasterPlaylist).variants.map((v) => v.uri)).toEqual(['v0/index.m3u8']);
    expect(await fs.readdir(out)).not.toContain('src');
  });

  it('when the sound is not AAC, then the picture is still copied and only the sound is encoded', async () => {
    const src = path.join(work, 'mp3-sound.mkv');
    await ff(['-f', 'lavfi', '-i', 'testsrc2=size=640x360:rate=25', '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=44100', '-t', '4',
      '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-g', '50', '-c:a', 'libmp3lame', src]);
    const out = path.join(work, 'a-mp3');
    const early = await packageEarly(src, out, await probe(src));
    expect(early?.durationSec).toBeCloseTo(4, 1);
    const seg = path.join(out, 'src', 'seg_00000.ts');
    const streams = JSON.parse(await run('ffprobe', ['-v', 'error', '-show_entries', 'stream=codec_name', '-of', 'json', seg])) as { streams: { codec_name: string }[] };
    expect(streams.streams.map((s) => s.codec_name).sort()).toEqual(['aac', 'h264']);
  });

  it('when the source has key frames too far apart for a box to buffer, then it is not served early', async () => {
    const src = path.join(work, 'long-gop.mp4');
    await ff(['-f', 'lavfi', '-i', 'testsrc2=size=320x240:rate=10', '-t', '30', '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p',
      '-g', '300', '-keyint_min', '300', '-sc_threshold', '0', src]);
    const info = await probe(src);
    expect(notRemuxable(info)).toBeUndefined();
    const out = path.join(work, 'a-long-gop');
    expect(await packageEarly(src, out, info)).toBeUndefined();
    await expect(fs.stat(out)).rejects.toThrow();
    expect((await fs.readdir(work)).filter((f) => f.startsWith('.tmp-'))).toEqual([]);
  });

  it('when the source was cut off part-way (its index whole, its data not), then nothing is served early and packaging fails saying so', async () => {
    const whole = path.join(work, 'whole.mp4');
    await makeVideo(whole, { seconds: 8, width: 640, height: 360, faststart: true });
    const cut = path.join(work, 'cut.mp4');
    await truncate(whole, cut, 0.6);
    const info = await probe(cut);
    expect(info.durationSec).toBeCloseTo(8, 0); // the index still promises all of it
    const out = path.join(work, 'a-cut');
    expect(await packageEarly(cut, out, info)).toBeUndefined();
    await expect(packageHls(cut, out)).rejects.toThrow(/cut off/);
    await expect(fs.stat(out)).rejects.toThrow();
    expect((await fs.readdir(work)).filter((f) => f.startsWith('.tmp-'))).toEqual([]);
  });

  it('when sources are not fit to copy as they are, then each says why', () => {
    const v = { codec: 'h264', width: 1920, height: 1080, profile: 'High', level: 40, pixFmt: 'yuv420p', fieldOrder: 'progressive', bitRate: 6e6, rotation: 0 };
    const base = { durationSec: 60, startSec: 0 };
    expect(notRemuxable({ ...base, video: v })).toBeUndefined();
    expect(notRemuxable({ ...base, video: { ...v, width: 3840, height: 2160, level: 51 } })).toMatch(/level 51/);
    expect(notRemuxable({ ...base, video: { ...v, width: 2560, height: 1440 } })).toMatch(/over 1080p/);
    expect(notRemuxable({ ...base, video: { ...v, profile: 'High 10', pixFmt: 'yuv420p10le' } })).toMatch(/profile High 10/);
    expect(notRemuxable({ ...base, video: { ...v, fieldOrder: 'tt' } })).toMatch(/interlaced/);
    expect(notRemuxable({ ...base, video: { ...v, rotation: -90 } })).toMatch(/turned/);
    expect(notRemuxable({ ...base, video: { ...v, bitRate: 40e6 } })).toMatch(/bit rate/);
    expect(notRemuxable({ ...base, video: { ...v, width: 1080, height: 1920 } })).toBeUndefined(); // a phone held upright, stored upright
  });
});
