// Thin wrappers around the ffmpeg and ffprobe binaries (Debian's, installed by
// scripts/install-system-deps.sh). Arguments are always an array — never a shell string.
import { spawn } from 'node:child_process';

export class FfmpegError extends Error {
  constructor(
    message: string,
    readonly stderrTail: string,
  ) {
    super(message);
  }
}

export function run(bin: 'ffmpeg' | 'ffprobe', args: string[], opts: { timeoutMs?: number } = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    let err = '';
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => {
      err = (err + b.toString('utf8')).slice(-4000); // keep the tail: that is where ffmpeg says why
    });
    const timer = opts.timeoutMs
      ? setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs).unref()
      : undefined;
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(new FfmpegError(`${bin} could not start: ${e.message}`, ''));
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve(Buffer.concat(out).toString('utf8'));
      else reject(new FfmpegError(`${bin} exited with ${signal ?? code}`, err.trim()));
    });
  });
}

export interface ProbeResult {
  durationSec: number;
  video?: { codec: string; width: number; height: number };
  audio?: { codec: string };
}

export async function probe(file: string): Promise<ProbeResult> {
  const json = await run('ffprobe', ['-v', 'error', '-print_format', 'json', '-show_format', '-show_streams', file], {
    timeoutMs: 30_000,
  });
  const data = JSON.parse(json) as {
    format?: { duration?: string };
    streams?: { codec_type?: string; codec_name?: string; width?: number; height?: number }[];
  };
  const v = data.streams?.find((s) => s.codec_type === 'video');
  const a = data.streams?.find((s) => s.codec_type === 'audio');
  return {
    durationSec: Number(data.format?.duration ?? 0),
    video: v ? { codec: v.codec_name ?? '?', width: v.width ?? 0, height: v.height ?? 0 } : undefined,
    audio: a ? { codec: a.codec_name ?? '?' } : undefined,
  };
}
