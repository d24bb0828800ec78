// Thin wrappers around the ffmpeg and ffprobe binaries (Debian's, installed by
// scripts/install-system-deps.sh). Arguments are always an array — never a shell string.
import { spawn } from 'node:child_process';
import os from 'node:os';

export class FfmpegError extends Error {
  constructor(
    message: string,
    readonly stderrTail: string,
  ) {
    super(message);
  }
}

export interface RunOptions {
  /** Kill the process (SIGKILL) after this many milliseconds. */
  timeoutMs?: number;
  /** Kill the process (SIGKILL) when aborted: a cancelled job, a server shutting down. */
  signal?: AbortSignal;
  /** Each line ffmpeg writes to stdout (e.g. its `-progress pipe:1` report); stdout is then not collected. */
  onStdoutLine?: (line: string) => void;
  /** The process's nice value (0–19): long encodes yield the CPU to the API and the TVs. */
  nice?: number;
}

export function run(bin: 'ffmpeg' | 'ffprobe', args: string[], opts: RunOptions = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    if (opts.signal?.aborted) {
      reject(new FfmpegError(`${bin} was cancelled before it started`, ''));
      return;
    }
    const child = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    if (opts.nice && child.pid !== undefined) {
      try {
        os.setPriority(child.pid, opts.nice);
      } catch {
        // Not fatal: the encode just competes for the CPU at normal priority.
      }
    }
    const out: Buffer[] = [];
    let partial = '';
    let err = '';
    child.stdout.on('data', (b: Buffer) => {
      if (!opts.onStdoutLine) {
        out.push(b);
        return;
      }
      const lines = (partial + b.toString('utf8')).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) opts.onStdoutLine(line.trim());
    });
    child.stderr.on('data', (b: Buffer) => {
      err = (err + b.toString('utf8')).slice(-4000); // keep the tail: that is where ffmpeg says why
    });
    const timer = opts.timeoutMs
      ? setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs).unref()
      : undefined;
    const onAbort = () => child.kill('SIGKILL');
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    const done = () => {
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
    };
    child.on('error', (e) => {
      done();
      reject(new FfmpegError(`${bin} could not start: ${e.message}`, ''));
    });
    child.on('close', (code, signal) => {
      done();
      if (code === 0) resolve(Buffer.concat(out).toString('utf8'));
      else if (opts.signal?.aborted) reject(new FfmpegError(`${bin} was cancelled`, err.trim()));
      else reject(new FfmpegError(`${bin} exited with ${signal ?? code}`, err.trim()));
    });
  });
}

export interface ProbeResult {
  durationSec: number;
  /** The container's first timestamp (MPEG-TS files start at ~1.4 s, not 0). */
  startSec: number;
  /** The whole file's bit rate (bit/s), when the container says. */
  bitRate?: number;
  video?: {
    codec: string;
    width: number;
    height: number;
    /** What a copy of the stream (no decoding) needs to know; undefined when ffprobe does not say. */
    profile?: string;
    level?: number;
    pixFmt?: string;
    fieldOrder?: string;
    bitRate?: number;
    /** The video stream's own length (s), when the container says (an MP4 does, an MKV not). */
    durationSec?: number;
    /** Degrees the picture is to be turned on display (a phone's portrait recording), 0 if none. */
    rotation: number;
  };
  audio?: { codec: string; profile?: string; channels?: number };
}

export async function probe(file: string): Promise<ProbeResult> {
  const json = await run('ffprobe', ['-v', 'error', '-print_format', 'json', '-show_format', '-show_streams', file], {
    timeoutMs: 30_000,
  });
  const data = JSON.parse(json) as {
    format?: { duration?: string; start_time?: string; bit_rate?: string };
    streams?: {
      codec_type?: string;
      codec_name?: string;
      width?: number;
      height?: number;
      profile?: string;
      level?: number;
      pix_fmt?: string;
      field_order?: string;
      bit_rate?: string;
      duration?: string;
      channels?: number;
      tags?: { rotate?: string };
      side_data_list?: { rotation?: number }[];
      disposition?: { attached_pic?: number };
    }[];
  };
  // A cover image inside an MP3 or M4A shows up as a one-frame "video" stream: it is not a picture to watch.
  const v = data.streams?.find((s) => s.codec_type === 'video' && s.disposition?.attached_pic !== 1);
  const a = data.streams?.find((s) => s.codec_type === 'audio');
  const num = (x: string | number | undefined) => (x === undefined || !Number.isFinite(Number(x)) ? undefined : Number(x));
  const rotation = v ? Number(v.side_data_list?.find((d) => d.rotation !== undefined)?.rotation ?? v.tags?.rotate ?? 0) || 0 : 0;
  return {
    durationSec: Number(data.format?.duration ?? 0),
    startSec: Number(data.format?.start_time ?? 0) || 0,
    bitRate: num(data.format?.bit_rate),
    video: v
      ? {
          codec: v.codec_name ?? '?',
          width: v.width ?? 0,
          height: v.height ?? 0,
          profile: v.profile,
          level: num(v.level),
          pixFmt: v.pix_fmt,
          fieldOrder: v.field_order,
          bitRate: num(v.bit_rate),
          durationSec: num(v.duration),
          rotation,
        }
      : undefined,
    audio: a ? { codec: a.codec_name ?? '?', profile: a.profile, channels: a.channels } : undefined,
  };
}
