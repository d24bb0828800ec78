// Packages one source video into adaptive HLS VOD: one ffmpeg process encodes every rung of the ladder
// (faster on 2 cores than a process per rung), with key frames forced every HLS_GOP_S seconds so that
// segments line up across renditions and a player can switch at any segment boundary.
//
// The result is written to a hidden temporary folder and renamed into place only when complete, so a
// half-written rendition is never served (the media route refuses dot-folders). A crash leaves only the
// temporary folder behind; `tmpFolderAsset` lets the job worker recognise and remove it.
//
// Every rung is re-encoded, even when the source already is H.264/AAC at a rung's height: a copied rung
// keeps the camera's key frames, which do not line up with the forced HLS_GOP_S key frames of the other
// rungs, and misaligned segments break switching between renditions.
import fs from 'node:fs/promises';
import path from 'node:path';
import crypto from 'node:crypto';
import { parse as parsePlaylist, types as hls } from 'hls-parser';
import { HLS_GOP_S, HLS_SEGMENT_S, LADDER, X264_PRESET } from '../constants.ts';
import { FfmpegError, probe, run } from './ffmpeg.ts';
import type { Rendition } from './asset-repository.ts';

export interface PackageResult {
  durationSec: number;
  renditions: Rendition[];
}

export interface PackageOptions {
  /** Percent done, 0–100, from ffmpeg's own `-progress` report (100 once the result is in place). */
  onProgress?: (percent: number) => void;
  /** Aborting kills ffmpeg and removes the temporary folder. */
  signal?: AbortSignal;
  /** ffmpeg's nice value (constants.ts PACKAGER_NICE). */
  nice?: number;
  /** Kill ffmpeg after this many milliseconds. */
  timeoutMs?: number;
  /** Test only: read the source at this multiple of real time (ffmpeg -readrate), to make packaging slow. */
  readrate?: number;
}

const TMP_PREFIX = '.tmp-';

/** The asset id a packager temporary folder belongs to (`.tmp-<asset>-<8 hex>`), or undefined. */
export function tmpFolderAsset(name: string): string | undefined {
  const m = /^\.tmp-(.+)-[0-9a-f]{8}$/.exec(name);
  return m?.[1];
}

export function ladderFor(sourceHeight: number) {
  const fits = LADDER.filter((r) => r.height <= sourceHeight);
  return fits.length > 0 ? fits : [LADDER[LADDER.length - 1]!];
}

export async function packageHls(source: string, outDir: string, opts: PackageOptions = {}): Promise<PackageResult> {
  const info = await probe(source);
  if (!info.video) throw new FfmpegError('the source has no video stream', '');
  const ladder = ladderFor(info.video.height);
  const tmp = path.join(path.dirname(outDir), `${TMP_PREFIX}${path.basename(outDir)}-${crypto.randomBytes(4).toString('hex')}`);
  await fs.mkdir(tmp, { recursive: true });
  try {
    const split = ladder.map((_, i) => `[v${i}]`).join('');
    const scales = ladder.map((r, i) => `[v${i}]scale=-2:${r.height}[o${i}]`).join(';');
    const args = ['-y', '-hide_banner', '-nostdin', '-progress', 'pipe:1', '-nostats'];
    if (opts.readrate) args.push('-readrate', String(opts.readrate));
    args.push('-i', source, '-filter_complex', `[0:v]split=${ladder.length}${split};${scales}`);
    ladder.forEach((r, i) => {
      args.push('-map', `[o${i}]`);
      if (info.audio) args.push('-map', '0:a:0');
      args.push(`-b:v:${i}`, `${r.videoKbps}k`, `-maxrate:v:${i}`, `${Math.round(r.videoKbps * 1.2)}k`);
      args.push(`-bufsize:v:${i}`, `${r.videoKbps * 2}k`);
      if (info.audio) args.push(`-b:a:${i}`, `${r.audioKbps}k`);
    });
    args.push(
      '-c:v', 'libx264', '-preset', X264_PRESET, '-profile:v', 'main', '-pix_fmt', 'yuv420p',
      '-force_key_frames', `expr:gte(t,n_forced*${HLS_GOP_S})`, '-sc_threshold', '0',
    );
    if (info.audio) args.push('-c:a', 'aac', '-ac', '2', '-ar', '48000');
    const streamMap = ladder.map((_, i) => (info.audio ? `v:${i},a:${i}` : `v:${i}`)).join(' ');
    args.push(
      '-f', 'hls', '-hls_time', String(HLS_SEGMENT_S), '-hls_playlist_type', 'vod',
      '-hls_segment_filename', path.join(tmp, 'v%v', 'seg_%03d.ts'),
      '-master_pl_name', 'master.m3u8', '-var_stream_map', streamMap,
      path.join(tmp, 'v%v', 'index.m3u8'),
    );
    let last = -1;
    const report = (percent: number) => {
      if (percent > last) opts.onProgress?.((last = percent));
    };
    report(0);
    const runOpts = { signal: opts.signal, nice: opts.nice, timeoutMs: opts.timeoutMs };
    await run('ffmpeg', args, {
      ...runOpts,
      // `out_time_us` is how far into the video the encode has got; the encode is most of the work (0–97 %).
      onStdoutLine: (line) => {
        const m = /^out_time_us=(\d+)$/.exec(line);
        if (m && info.durationSec > 0) report(Math.min(97, Math.floor((Number(m[1]) / 1e6 / info.durationSec) * 97)));
      },
    });
    report(97);
    // A poster frame from a second in (the first frame of a recording is often black).
    const at = Math.min(1, Math.max(0, info.durationSec / 2)).toFixed(2);
    await run('ffmpeg', ['-y', '-hide_banner', '-nostdin', '-ss', at, '-i', source, '-frames:v', '1', '-vf', 'scale=-2:360',
      path.join(tmp, 'poster.jpg')], runOpts);
    const renditions = await readRenditions(path.join(tmp, 'master.m3u8'));
    report(99);
    opts.signal?.throwIfAborted();
    await fs.rm(outDir, { recursive: true, force: true });
    await fs.rename(tmp, outDir);
    report(100);
    return { durationSec: info.durationSec, renditions };
  } catch (e) {
    await fs.rm(tmp, { recursive: true, force: true });
    throw e;
  }
}

/** The renditions a player will see, read back from the master playlist ffmpeg wrote. */
export async function readRenditions(masterFile: string): Promise<Rendition[]> {
  const playlist = parsePlaylist(await fs.readFile(masterFile, 'utf8'));
  if (!(playlist instanceof hls.MasterPlaylist) || playlist.variants.length === 0) {
    throw new FfmpegError('ffmpeg wrote a master playlist without variants', '');
  }
  return playlist.variants
    .map((v) => ({ height: v.resolution?.height ?? 0, bandwidth: v.bandwidth }))
    .sort((a, b) => b.height - a.height);
}
