// Packages one source video into adaptive HLS VOD: one ffmpeg process encodes every rung of the ladder
// (faster on 2 cores than a process per rung), with key frames forced every HLS_GOP_S seconds so that
// segments line up across renditions and a player can switch at any segment boundary.
//
// The result is written to a hidden temporary folder and renamed into place only when complete, so a
// half-written rendition is never served (the media route refuses dot-folders). A crash leaves only the
// temporary folder behind; `tmpFolderAsset` lets the job worker recognise and remove it. A step that fails on a
// full disk fails as ENOSPC (storage/disk-space.ts diskFullBehind), whatever ffmpeg said, and leaves nothing.
//
// Every rung is re-encoded, even when the source already is H.264/AAC at a rung's height: a copied rung
// keeps the camera's key frames, which do not line up with the forced HLS_GOP_S key frames of the other
// rungs, and misaligned segments break switching between renditions.
//
// Playable before the ladder: a source the TVs can play as it is (packageEarly, `notRemuxable` says why not)
// is first copied without decoding — seconds for an hour of video — into a rendition of its own, src/, with a
// master playlist listing only it (marked EARLY_MARKER), put in place whole like the ladder. The ladder then
// arrives beside it: its rung folders are moved in and master.m3u8 is replaced by one rename. src/ stays: a
// player that loaded the early master keeps a complete VOD playlist that never changes, and segments that
// are all still there. The early rendition is not listed next to the rungs (its segments follow the camera's
// key frames, not the rungs' forced ones, so a player could not switch between them).
import fs from 'node:fs/promises';
import path from 'node:path';
import crypto from 'node:crypto';
import { parse as parsePlaylist, types as hls } from 'hls-parser';
import {
  EARLY_AUDIO_KBPS,
  EARLY_FOLDER,
  EARLY_H264_PROFILES,
  EARLY_MAX_H264_LEVEL,
  EARLY_MAX_KBPS,
  EARLY_MAX_SEGMENT_S,
  HLS_GOP_S,
  HLS_SEGMENT_S,
  LADDER,
  PACKAGED_SHORTFALL_FRACTION,
  PACKAGED_SHORTFALL_S,
  X264_PRESET,
} from '../constants.ts';
import { diskFullBehind } from '../storage/disk-space.ts';
import { FfmpegError, probe, run, type ProbeResult } from './ffmpeg.ts';
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

const tmpFolderFor = (outDir: string) =>
  path.join(path.dirname(outDir), `${TMP_PREFIX}${path.basename(outDir)}-${crypto.randomBytes(4).toString('hex')}`);

/** The master playlist's session data naming a master that lists only the early (copied) rendition. */
export const EARLY_MARKER = 'cn.keting.early';

/** Why the source cannot be played by the TVs as it is (copied into HLS without decoding), or undefined if it can. */
export function notRemuxable(info: ProbeResult): string | undefined {
  const v = info.video;
  if (!v) return 'no video stream';
  if (v.codec !== 'h264') return `video codec ${v.codec}`;
  if (!(EARLY_H264_PROFILES as readonly (string | undefined)[]).includes(v.profile)) return `H.264 profile ${v.profile ?? '?'}`;
  if (!v.level || v.level > EARLY_MAX_H264_LEVEL) return `H.264 level ${v.level ?? '?'}`;
  if (v.pixFmt !== 'yuv420p' && v.pixFmt !== 'yuvj420p') return `pixel format ${v.pixFmt ?? '?'}`;
  if (v.fieldOrder && v.fieldOrder !== 'progressive' && v.fieldOrder !== 'unknown') return `interlaced (${v.fieldOrder})`;
  if (Math.max(v.width, v.height) > 1920 || Math.min(v.width, v.height) > 1080) return `${v.width}×${v.height} is over 1080p`;
  if (v.rotation % 360 !== 0) return `turned ${v.rotation}° on display`;
  const bps = v.bitRate ?? info.bitRate;
  if (!bps || bps > EARLY_MAX_KBPS * 1000) return `bit rate ${bps ?? '?'}`;
  return undefined;
}

/**
 * The early rendition: the source copied (video never decoded) into HLS VOD at media/<asset>/src/, a master
 * listing only it and a poster, put in place whole (replacing whatever was at `outDir`). Undefined, with
 * nothing written, when the source cannot be served as it is (`notRemuxable`), when its key frames are too far
 * apart, or when the copy comes out shorter than the source says it is (the ladder then decides).
 */
export async function packageEarly(source: string, outDir: string, info: ProbeResult, opts: PackageOptions = {}): Promise<PackageResult | undefined> {
  if (notRemuxable(info) !== undefined || !info.video) return undefined;
  const tmp = tmpFolderFor(outDir);
  const dir = path.join(tmp, EARLY_FOLDER);
  await fs.mkdir(dir, { recursive: true });
  try {
    const a = info.audio;
    const copyAudio = a?.codec === 'aac' && a.profile === 'LC' && (a.channels ?? 2) <= 2;
    const audioArgs = !a ? [] : copyAudio ? ['-c:a', 'copy'] : ['-c:a', 'aac', '-ac', '2', '-ar', '48000', '-b:a', `${EARLY_AUDIO_KBPS}k`];
    const runOpts = { signal: opts.signal, nice: opts.nice, timeoutMs: opts.timeoutMs };
    // prettier-ignore
    await run('ffmpeg', [
      '-y', '-hide_banner', '-nostdin', '-i', source,
      '-map', '0:v:0', ...(a ? ['-map', '0:a:0'] : []), '-c:v', 'copy', ...audioArgs,
      '-f', 'hls', '-hls_time', String(HLS_SEGMENT_S), '-hls_playlist_type', 'vod',
      '-hls_segment_filename', path.join(dir, 'seg_%05d.ts'), path.join(dir, 'index.m3u8'),
    ], runOpts);
    const media = parsePlaylist(await fs.readFile(path.join(dir, 'index.m3u8'), 'utf8'));
    if (!(media instanceof hls.MediaPlaylist) || !media.endlist || media.segments.length === 0) {
      throw new FfmpegError('ffmpeg wrote an incomplete media playlist', '');
    }
    const durationSec = media.segments.reduce((t, seg) => t + seg.duration, 0);
    const longest = Math.max(...media.segments.map((seg) => seg.duration));
    if (longest > EARLY_MAX_SEGMENT_S || cutShort(durationSec, info)) {
      await fs.rm(tmp, { recursive: true, force: true });
      return undefined;
    }
    // The peak bit rate of a segment, as BANDWIDTH means it.
    let peak = 0;
    for (const seg of media.segments) {
      const { size } = await fs.stat(path.join(dir, seg.uri));
      peak = Math.max(peak, Math.ceil((size * 8) / Math.max(seg.duration, 0.5)));
    }
    const { width, height } = info.video;
    const master = [
      '#EXTM3U',
      '#EXT-X-VERSION:3',
      `#EXT-X-SESSION-DATA:DATA-ID="${EARLY_MARKER}",VALUE="1"`,
      `#EXT-X-STREAM-INF:BANDWIDTH=${peak},RESOLUTION=${width}x${height}`,
      `${EARLY_FOLDER}/index.m3u8`,
      '',
    ].join('\n');
    await fs.writeFile(path.join(tmp, 'master.m3u8'), master);
    await makePoster(source, info, path.join(tmp, 'poster.jpg'), runOpts);
    opts.signal?.throwIfAborted();
    await fs.rm(outDir, { recursive: true, force: true });
    await fs.rename(tmp, outDir);
    return { durationSec, renditions: [{ height, bandwidth: peak }] };
  } catch (e) {
    const full = opts.signal?.aborted ? undefined : await diskFullBehind(tmp, e);
    await fs.rm(tmp, { recursive: true, force: true });
    throw full ?? e;
  }
}

/** Whether `packagedSec` of video falls short of the source's picture: the source was cut off part-way. */
function cutShort(packagedSec: number, info: ProbeResult): boolean {
  const want = info.video?.durationSec ?? info.durationSec;
  return packagedSec < want - Math.max(PACKAGED_SHORTFALL_S, want * PACKAGED_SHORTFALL_FRACTION);
}

/** A poster frame from a second in (the first frame of a recording is often black). */
async function makePoster(source: string, info: ProbeResult, file: string, runOpts: Parameters<typeof run>[2]): Promise<void> {
  const at = Math.min(1, Math.max(0, info.durationSec / 2)).toFixed(2);
  await run('ffmpeg', ['-y', '-hide_banner', '-nostdin', '-ss', at, '-i', source, '-frames:v', '1', '-vf', 'scale=-2:360', file], runOpts);
}

/**
 * ffmpeg's arguments for the whole ladder into `dir` (v0/…, v1/…, master.m3u8), progress on stdout: exported
 * so that the benchmark runs bare ffmpeg with exactly these (bench/early-playable.ts).
 */
export function ladderArgs(source: string, dir: string, info: ProbeResult, readrate?: number): string[] {
  const ladder = ladderFor(info.video?.height ?? 0);
  const split = ladder.map((_, i) => `[v${i}]`).join('');
  const scales = ladder.map((r, i) => `[v${i}]scale=-2:${r.height}[o${i}]`).join(';');
  const args = ['-y', '-hide_banner', '-nostdin', '-progress', 'pipe:1', '-nostats'];
  if (readrate) args.push('-readrate', String(readrate));
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
    '-hls_segment_filename', path.join(dir, 'v%v', 'seg_%03d.ts'),
    '-master_pl_name', 'master.m3u8', '-var_stream_map', streamMap,
    path.join(dir, 'v%v', 'index.m3u8'),
  );
  return args;
}

/**
 * The whole ladder. When `outDir` already holds an early rendition (packageEarly), the rungs are moved in
 * beside it and master.m3u8 is replaced by one rename; otherwise the finished folder is renamed into place.
 */
export async function packageHls(source: string, outDir: string, opts: PackageOptions = {}): Promise<PackageResult> {
  const info = await probe(source);
  if (!info.video) throw new FfmpegError('the source has no video stream', '');
  const tmp = tmpFolderFor(outDir);
  await fs.mkdir(tmp, { recursive: true });
  try {
    const args = ladderArgs(source, tmp, info, opts.readrate);
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
    // ffmpeg ends "successfully" where the data of a cut-off source ends: check the length it reached.
    const first = parsePlaylist(await fs.readFile(path.join(tmp, 'v0', 'index.m3u8'), 'utf8'));
    const packagedSec = first instanceof hls.MediaPlaylist ? first.segments.reduce((t, seg) => t + seg.duration, 0) : 0;
    if (cutShort(packagedSec, info)) {
      throw new FfmpegError(`the source's data ends at ${packagedSec.toFixed(1)} s of its ${info.durationSec.toFixed(1)} s (cut off?)`, '');
    }
    const early = await hasEarly(outDir);
    if (!early) await makePoster(source, info, path.join(tmp, 'poster.jpg'), runOpts);
    const renditions = await readRenditions(path.join(tmp, 'master.m3u8'));
    report(99);
    opts.signal?.throwIfAborted();
    if (early) {
      // Beside the early rendition: each rung folder in (a previous attempt's leftovers replaced), then the
      // master — the one file a player reads to find the rungs — replaced in one rename.
      for (const name of await fs.readdir(tmp)) {
        if (name === 'master.m3u8') continue;
        await fs.rm(path.join(outDir, name), { recursive: true, force: true });
        await fs.rename(path.join(tmp, name), path.join(outDir, name));
      }
      await fs.rename(path.join(tmp, 'master.m3u8'), path.join(outDir, 'master.m3u8'));
      await fs.rm(tmp, { recursive: true, force: true });
    } else {
      await fs.rm(outDir, { recursive: true, force: true });
      await fs.rename(tmp, outDir);
    }
    report(100);
    return { durationSec: info.durationSec, renditions };
  } catch (e) {
    // A full disk is said as such (ffmpeg may not have), so that the job waits for space instead of failing.
    const full = opts.signal?.aborted ? undefined : await diskFullBehind(tmp, e);
    await fs.rm(tmp, { recursive: true, force: true });
    throw full ?? e;
  }
}

/** Whether `outDir` holds an early rendition (packageEarly) whose files must stay. */
export async function hasEarly(outDir: string): Promise<boolean> {
  try {
    await fs.access(path.join(outDir, EARLY_FOLDER, 'index.m3u8'));
    return true;
  } catch {
    return false;
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
