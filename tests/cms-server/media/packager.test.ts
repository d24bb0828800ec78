import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parse, types } from 'hls-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ladderFor, packageHls } from '../../../cms-server/src/media/packager.ts';
import { makeSampleSource } from '../../../cms-server/src/seed/sample-videos.ts';

let work: string;
beforeAll(async () => {
  work = await fs.mkdtemp(path.join(os.tmpdir(), 'keting-pack-'));
});
afterAll(() => fs.rm(work, { recursive: true, force: true }));

describe('HLS packaging', () => {
  it('when a real 720p video is packaged, then a master playlist lists three aligned renditions of 4 s segments', async () => {
    const src = path.join(work, 'src.mp4');
    await makeSampleSource({ id: 'x', title: '测试视频', durationSec: 9, pattern: 'testsrc2', toneHz: 440 }, src);
    const out = path.join(work, 'asset-1');
    const result = await packageHls(src, out);

    expect(result.durationSec).toBeCloseTo(9, 0);
    expect(result.renditions.map((r) => r.height)).toEqual([720, 480, 360]);
    const master = parse(await fs.readFile(path.join(out, 'master.m3u8'), 'utf8'));
    expect(master).toBeInstanceOf(types.MasterPlaylist);
    const variants = (master as InstanceType<typeof types.MasterPlaylist>).variants;
    expect(variants.map((v) => v.uri)).toEqual(['v0/index.m3u8', 'v1/index.m3u8', 'v2/index.m3u8']);
    for (const v of variants) expect(v.codecs).toMatch(/avc1\..*mp4a\.40\.2/);
    const segmentCounts: number[] = [];
    for (const v of variants) {
      const media = parse(await fs.readFile(path.join(out, v.uri), 'utf8')) as InstanceType<typeof types.MediaPlaylist>;
      expect(media.endlist).toBe(true);
      for (const s of media.segments) {
        expect(s.duration).toBeLessThanOrEqual(4.1);
        await expect(fs.stat(path.join(out, path.dirname(v.uri), s.uri))).resolves.toBeTruthy();
      }
      segmentCounts.push(media.segments.length);
    }
    expect(new Set(segmentCounts).size).toBe(1); // aligned: same segment count in every rendition
    expect(segmentCounts[0]).toBe(3);
    expect((await fs.stat(path.join(out, 'poster.jpg'))).size).toBeGreaterThan(1000);
    expect((await fs.readdir(work)).filter((f) => f.startsWith('.tmp-'))).toEqual([]);
  });

  it('when the source is not a video, then packaging fails and leaves no folder behind', async () => {
    const src = path.join(work, 'notes.mp4');
    await fs.writeFile(src, '这不是视频，只是一段文字。');
    const out = path.join(work, 'asset-2');
    await expect(packageHls(src, out)).rejects.toThrow(/ffprobe exited/);
    expect((await fs.readdir(work)).filter((f) => f === 'asset-2' || f.startsWith('.tmp-'))).toEqual([]);
  });

  it('when the source is small, then rungs taller than it are dropped but one is always kept', () => {
    expect(ladderFor(1080).map((r) => r.height)).toEqual([720, 480, 360]);
    expect(ladderFor(480).map((r) => r.height)).toEqual([480, 360]);
    expect(ladderFor(240).map((r) => r.height)).toEqual([360]);
  });
});
