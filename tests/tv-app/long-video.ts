// A long HLS video for player tests (the seeded samples last 8 s: too short to seek 30 s in). Made once
// per test file with ffmpeg — 90 s, two small renditions, 10 fps — in a couple of seconds, and served
// to the page in place of a real item's master playlist, so the app plays it like any other video.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { run } from '../../cms-server/src/media/ffmpeg.ts';

export const LONG_SECONDS = 90;
/** Each caption of the long video reads "字幕 第N句" for N = 0…8, the N-th shown from N×10 s for 8 s. */
export const CAPTION_PREFIX = '字幕 第';
const RENDITIONS = [
  { name: 'v0', w: 640, h: 360, kbps: 400 },
  { name: 'v1', w: 320, h: 180, kbps: 150 },
];

export async function makeLongHls(): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'keting-long-hls-'));
  for (const r of RENDITIONS) {
    await fs.mkdir(path.join(dir, r.name));
    await run('ffmpeg', [
      '-y', '-hide_banner', '-nostdin', '-v', 'error',
      '-f', 'lavfi', '-i', `testsrc2=size=${r.w}x${r.h}:rate=10`,
      '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000',
      '-t', String(LONG_SECONDS),
      '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-g', '20', '-b:v', `${r.kbps}k`,
      '-c:a', 'aac', '-b:a', '48k',
      '-f', 'hls', '-hls_time', '4', '-hls_playlist_type', 'vod', '-hls_segment_filename', path.join(dir, r.name, 'seg_%03d.ts'),
      path.join(dir, r.name, 'index.m3u8'),
    ]);
  }
  // Captions: one WebVTT segment, a line every 10 s ("字幕 0" at 0–8 s, "字幕 1" at 10–18 s…). ffmpeg's
  // MPEG-TS starts at 1.4 s (PTS 126000), which X-TIMESTAMP-MAP ties to the captions' zero.
  await fs.mkdir(path.join(dir, 'subs'));
  const cue = (s: number) => new Date(s * 1000).toISOString().slice(11, 23);
  const vtt = ['WEBVTT', 'X-TIMESTAMP-MAP=MPEGTS:126000,LOCAL:00:00:00.000', ''];
  for (let i = 0; i < LONG_SECONDS / 10; i++) vtt.push(`${cue(i * 10)} --> ${cue(i * 10 + 8)}`, `${CAPTION_PREFIX}${i}句`, '');
  await fs.writeFile(path.join(dir, 'subs', 'subs.vtt'), vtt.join('\n'));
  await fs.writeFile(
    path.join(dir, 'subs', 'index.m3u8'),
    ['#EXTM3U', '#EXT-X-VERSION:3', `#EXT-X-TARGETDURATION:${LONG_SECONDS}`, '#EXT-X-PLAYLIST-TYPE:VOD', `#EXTINF:${LONG_SECONDS}.0,`, 'subs.vtt', '#EXT-X-ENDLIST', ''].join('\n'),
  );
  const master = ['#EXTM3U', '#EXT-X-VERSION:3'];
  master.push('#EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID="subs",NAME="中文",LANGUAGE="zh",DEFAULT=YES,AUTOSELECT=YES,URI="subs/index.m3u8"');
  for (const r of RENDITIONS) {
    master.push(`#EXT-X-STREAM-INF:BANDWIDTH=${(r.kbps + 48) * 1100},RESOLUTION=${r.w}x${r.h},CODECS="avc1.42c01e,mp4a.40.2",SUBTITLES="subs"`, `${r.name}/index.m3u8`);
  }
  await fs.writeFile(path.join(dir, 'master.m3u8'), master.join('\n') + '\n');
  return dir;
}

/** Serves the long video instead of the HLS files of asset `assetPath` ("/media/<asset>/"). */
export async function serveLongHls(page: Page, dir: string, assetPath: string): Promise<void> {
  await page.route(`**${assetPath}**`, async (route) => {
    const rel = new URL(route.request().url()).pathname.slice(assetPath.length);
    if (rel.endsWith('.jpg')) return route.continue(); // the poster stays the real one
    try {
      const body = await fs.readFile(path.join(dir, rel));
      const type = rel.endsWith('.m3u8') ? 'application/vnd.apple.mpegurl' : rel.endsWith('.vtt') ? 'text/vtt' : 'video/mp2t';
      await route.fulfill({ body, contentType: type });
    } catch {
      await route.fulfill({ status: 404 });
    }
  });
}
