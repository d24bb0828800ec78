// Captions packaged into an asset's HLS: media/<asset>/subs/zh.vtt, a one-segment subtitle playlist
// subs/zh.m3u8, and a SUBTITLES group on every variant of master.m3u8 (the shape the TV's player reads, see
// tests/tv-app/long-video.ts). Every file is written to a temporary name and renamed into place, so a TV never
// reads a half-written playlist; the master is rewritten last when adding and first when removing, so it
// never points at subtitle files that are not there.
import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { parse as parsePlaylist, stringify, types as hls } from 'hls-parser';
import { CAPTION_END_TOLERANCE_S } from '../constants.ts';
import { AppError } from '../domain/errors.ts';
import { run } from './ffmpeg.ts';

export const SUBS_DIR = 'subs';
export const CAPTION_FILE = 'zh.vtt';
export const CAPTION_PLAYLIST = 'zh.m3u8';
const GROUP_ID = 'subs';

const invalid = (detail: string) => new AppError(422, 'invalid_captions', `字幕文件的格式不对：${detail}请用 .vtt（WebVTT）字幕文件。`);

/** "hh:mm:ss.ttt" or "mm:ss.ttt" (WebVTT timestamps) in seconds. */
const TIMESTAMP = String.raw`(?:(\d{2,}):)?([0-5]\d):([0-5]\d)\.(\d{3})`;
const TIMING_LINE = new RegExp(String.raw`^${TIMESTAMP}[ \t]+-->[ \t]+${TIMESTAMP}(?:[ \t].*)?$`);
const seconds = (h: string | undefined, m: string, s: string, ms: string) =>
  Number(h ?? 0) * 3600 + Number(m) * 60 + Number(s) + Number(ms) / 1000;

export interface ParsedCaptions {
  /** The file as text, without a byte-order mark, with \n line ends. */
  text: string;
  cues: number;
  lastEndSec: number;
}

/**
 * A strict check of a WebVTT file (no parser on npm fits: the maintained ones are browser-only or unmaintained):
 * UTF-8, the WEBVTT signature, and every cue block with a valid timing line whose end follows its start and
 * falls within the video. NOTE, STYLE and REGION blocks are passed through.
 */
export function parseCaptions(bytes: Buffer, durationSec: number): ParsedCaptions {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new AppError(422, 'captions_not_utf8', '字幕文件不是 UTF-8 编码（可能是 GBK 等）。请在记事本里“另存为”UTF-8 后再上传。');
  }
  text = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  if (!/^WEBVTT(?:[ \t\n]|$)/.test(text)) {
    throw new AppError(422, 'not_webvtt', '这不是 WebVTT 字幕文件：文件开头必须是 WEBVTT。请用 .vtt 字幕文件。');
  }
  if (text.includes('\u0000')) throw invalid('文件里有不属于文字的内容。');
  const blocks = text.split(/\n{2,}/).slice(1);
  let cues = 0;
  let lastEndSec = 0;
  for (const block of blocks) {
    const lines = block.split('\n').filter((l, i) => i > 0 || l !== '');
    if (lines.length === 0) continue;
    if (/^(?:NOTE|STYLE|REGION)(?:[ \t]|$)/.test(lines[0]!)) continue;
    const timingIndex = lines[0]!.includes('-->') ? 0 : 1;
    const timing = lines[timingIndex];
    const m = timing === undefined ? null : TIMING_LINE.exec(timing);
    if (!m) throw invalid(`第 ${cues + 1} 条字幕的时间行不正确（应该像 00:00:01.000 --> 00:00:04.000）。`);
    const start = seconds(m[1], m[2]!, m[3]!, m[4]!);
    const end = seconds(m[5], m[6]!, m[7]!, m[8]!);
    if (end <= start) throw invalid(`第 ${cues + 1} 条字幕的结束时间没有晚于开始时间。`);
    if (end > durationSec + CAPTION_END_TOLERANCE_S) {
      throw new AppError(
        422,
        'captions_past_end',
        `第 ${cues + 1} 条字幕在 ${timing!.split('-->')[1]!.trim().split(/[ \t]/)[0]} 结束，但视频只有 ${Math.round(durationSec)} 秒。请确认字幕是不是这个视频的。`,
      );
    }
    cues++;
    lastEndSec = Math.max(lastEndSec, end);
  }
  if (cues === 0) throw new AppError(422, 'captions_empty', '字幕文件里没有任何一条字幕。');
  return { text, cues, lastEndSec };
}

async function writeAtomically(file: string, content: string): Promise<void> {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${crypto.randomUUID()}.tmp`);
  try {
    await fs.writeFile(tmp, content);
    await fs.rename(tmp, file);
  } catch (err) {
    await fs.rm(tmp, { force: true });
    throw err;
  }
}

async function readMaster(assetDir: string): Promise<hls.MasterPlaylist> {
  const playlist = parsePlaylist(await fs.readFile(path.join(assetDir, 'master.m3u8'), 'utf8'));
  if (!playlist.isMasterPlaylist) throw new Error(`${assetDir}/master.m3u8 is not a master playlist`);
  return playlist as hls.MasterPlaylist;
}

/**
 * Where the video's timeline starts on the MPEG-TS clock (90 kHz): the TV's player (hls.js) places cues by
 * X-TIMESTAMP-MAP, and ffmpeg's segments do not start at 0 (about 1.4 s).
 */
async function mpegtsStart(assetDir: string, master: hls.MasterPlaylist): Promise<number> {
  const variant = master.variants[0];
  if (!variant) throw new Error(`${assetDir}/master.m3u8 has no variant`);
  const media = parsePlaylist(await fs.readFile(path.join(assetDir, variant.uri), 'utf8')) as hls.MediaPlaylist;
  const first = media.segments[0];
  if (!first) throw new Error(`${variant.uri} has no segment`);
  const out = await run('ffprobe', ['-v', 'error', '-show_entries', 'format=start_time', '-of', 'csv=p=0', path.join(assetDir, path.dirname(variant.uri), first.uri)], { timeoutMs: 30_000 });
  const start = Number(out.trim());
  return Number.isFinite(start) ? Math.round(start * 90000) : 0;
}

export function hasCaptions(mediaDir: string, assetId: string): boolean {
  return existsSync(path.join(mediaDir, assetId, SUBS_DIR, CAPTION_FILE));
}

/** Writes the captions and points every variant of the master at them. */
export async function packageCaptions(assetDir: string, captions: ParsedCaptions, durationSec: number): Promise<void> {
  const master = await readMaster(assetDir);
  const subsDir = path.join(assetDir, SUBS_DIR);
  await fs.mkdir(subsDir, { recursive: true });
  const map = `X-TIMESTAMP-MAP=MPEGTS:${await mpegtsStart(assetDir, master)},LOCAL:00:00:00.000`;
  // The editor's own map (if any) is replaced: it cannot know where our packaging started the clock.
  const blank = captions.text.indexOf('\n\n');
  const headerEnd = blank < 0 ? captions.text.length : blank;
  const header = captions.text.slice(0, headerEnd).split('\n').filter((l, i) => i === 0 || !l.startsWith('X-TIMESTAMP-MAP='));
  header.splice(1, 0, map);
  await writeAtomically(path.join(subsDir, CAPTION_FILE), header.join('\n') + captions.text.slice(headerEnd));

  const target = Math.max(1, Math.ceil(durationSec));
  const media = new hls.MediaPlaylist({
    version: 3,
    targetDuration: target,
    playlistType: 'VOD',
    endlist: true,
    segments: [new hls.Segment({ uri: CAPTION_FILE, duration: durationSec, mediaSequenceNumber: 0, discontinuitySequence: 0 })],
  });
  await writeAtomically(path.join(subsDir, CAPTION_PLAYLIST), stringify(media));

  const rendition = new hls.Rendition({
    type: 'SUBTITLES',
    uri: `${SUBS_DIR}/${CAPTION_PLAYLIST}`,
    groupId: GROUP_ID,
    language: 'zh',
    name: '中文',
    isDefault: true,
    autoselect: true,
    forced: false,
  }) as hls.Rendition & { type: 'SUBTITLES' };
  for (const v of master.variants) v.subtitles = [rendition];
  await writeAtomically(path.join(assetDir, 'master.m3u8'), stringify(master));
}

/** Takes the SUBTITLES group off the master, then removes the subtitle files. */
export async function removeCaptions(assetDir: string): Promise<void> {
  const master = await readMaster(assetDir);
  for (const v of master.variants) v.subtitles = [];
  await writeAtomically(path.join(assetDir, 'master.m3u8'), stringify(master));
  await fs.rm(path.join(assetDir, SUBS_DIR), { recursive: true, force: true });
}
