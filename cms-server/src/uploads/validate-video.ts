// The one validation path for an uploaded video file, whatever route it came by: size, type by
// magic bytes, then ffprobe (readable, has a picture, duration within limits, not cut off). Every refusal
// is an AppError with a stable code and a Chinese message that tells an office worker what to do.
import fs from 'node:fs/promises';
import { fileTypeFromFile } from 'file-type';
import {
  MAX_UPLOAD_BYTES,
  MAX_VIDEO_DURATION_S,
  MIN_VIDEO_DURATION_S,
  TRUNCATION_TAIL_S,
  TRUNCATION_TOLERANCE_S,
} from '../constants.ts';
import { AppError } from '../domain/errors.ts';
import { FfmpegError, probe, run, type ProbeResult } from '../media/ffmpeg.ts';

export interface ValidatedVideo {
  /** The container found by its magic bytes, e.g. "mp4", "mov", "mkv". */
  container: string;
  mime: string;
  sizeBytes: number;
  durationSec: number;
  width: number;
  height: number;
  videoCodec: string;
  audioCodec: string | null;
}

/** How the size limit reads to people, e.g. "4 GB". */
export const maxUploadText = () => `${Math.round(MAX_UPLOAD_BYTES / 1024 ** 3)} GB`;

export const uploadErrors = {
  empty: () => new AppError(400, 'empty_file', '这个文件是空的（0 字节），请重新选择视频文件。'),
  tooLarge: () =>
    new AppError(413, 'upload_too_large', `文件太大了：最大可以上传 ${maxUploadText()} 的视频。请先压缩或剪短。`),
  unsupportedType: () =>
    new AppError(415, 'unsupported_file_type', '这不是视频文件。请上传 MP4、MOV、MKV、AVI 等格式的视频。'),
  truncated: () =>
    new AppError(422, 'video_truncated', '视频文件不完整，可能在复制或上传时被截断了。请用原始文件重新上传。'),
  corrupt: () => new AppError(422, 'video_corrupt', '视频文件已损坏，无法读取。请用原始文件重新上传。'),
  noVideo: () => new AppError(422, 'no_video_stream', '这个文件只有声音，没有画面。请上传带画面的视频。'),
  tooLong: (sec: number) =>
    new AppError(
      422,
      'video_too_long',
      `视频太长了（约 ${hours(sec)}）：最长可以上传 ${hours(MAX_VIDEO_DURATION_S)}的视频。请剪短或分段后再上传。`,
    ),
  tooShort: () => new AppError(422, 'video_too_short', `视频太短了：至少要 ${MIN_VIDEO_DURATION_S} 秒。`),
};

function hours(sec: number): string {
  if (sec < 3600) return `${Math.max(1, Math.round(sec / 60))} 分钟`;
  const h = Math.floor(sec / 3600);
  const m = Math.round((sec % 3600) / 60);
  return m ? `${h} 小时 ${m} 分钟` : `${h} 小时`;
}

// What ffmpeg says about a file that stops early.
const TRUNCATION_SIGNS = /moov atom not found|partial file|unexpected end|end of file|truncat/i;

export async function validateVideoFile(file: string): Promise<ValidatedVideo> {
  const { size } = await fs.stat(file);
  if (size === 0) throw uploadErrors.empty();
  if (size > MAX_UPLOAD_BYTES) throw uploadErrors.tooLarge();

  // Magic bytes first: a renamed text file or picture never reaches ffprobe. Audio containers pass on to
  // ffprobe, which decides (an M4A is an MP4 that may or may not carry a picture).
  const type = await fileTypeFromFile(file);
  if (!type || !/^(video|audio)\//.test(type.mime)) throw uploadErrors.unsupportedType();

  let info: ProbeResult;
  try {
    info = await probe(file);
  } catch (e) {
    if (e instanceof FfmpegError && TRUNCATION_SIGNS.test(e.stderrTail)) throw uploadErrors.truncated();
    throw uploadErrors.corrupt();
  }
  if (!info.video) throw uploadErrors.noVideo();
  if (!(info.video.width > 0 && info.video.height > 0)) throw uploadErrors.corrupt();
  if (!Number.isFinite(info.durationSec) || info.durationSec <= 0) throw uploadErrors.corrupt();
  if (info.durationSec > MAX_VIDEO_DURATION_S) throw uploadErrors.tooLong(info.durationSec);
  if (info.durationSec < MIN_VIDEO_DURATION_S) throw uploadErrors.tooShort();
  await checkNotTruncated(file, info);

  return {
    container: type.ext,
    mime: type.mime,
    sizeBytes: size,
    durationSec: info.durationSec,
    width: info.video.width,
    height: info.video.height,
    videoCodec: info.video.codec,
    audioCodec: info.audio?.codec ?? null,
  };
}

/**
 * A file cut off after its index (an MP4 written with "faststart", a Matroska file) still probes as whole:
 * read the packets of the last TRUNCATION_TAIL_S seconds and check that they reach the declared end.
 * This seeks, so it costs the same for a 2 GB file as for a small one.
 */
async function checkNotTruncated(file: string, info: ProbeResult): Promise<void> {
  const from = Math.max(0, info.startSec + info.durationSec - TRUNCATION_TAIL_S);
  let out: string;
  try {
    out = await run(
      'ffprobe',
      ['-v', 'error', '-read_intervals', `${from.toFixed(3)}%`, '-show_entries', 'packet=pts_time,duration_time', '-of', 'csv=p=0', file],
      { timeoutMs: 60_000 },
    );
  } catch (e) {
    if (e instanceof FfmpegError && TRUNCATION_SIGNS.test(e.stderrTail)) throw uploadErrors.truncated();
    throw uploadErrors.corrupt();
  }
  let end = -Infinity;
  for (const line of out.split('\n')) {
    const [pts, dur] = line.split(',').map(Number);
    if (pts !== undefined && Number.isFinite(pts)) end = Math.max(end, pts + (dur !== undefined && Number.isFinite(dur) ? dur : 0));
  }
  const declaredEnd = info.startSec + info.durationSec;
  if (!(end >= declaredEnd - TRUNCATION_TOLERANCE_S)) throw uploadErrors.truncated();
}
