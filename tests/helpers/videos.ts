// Small real media files made by ffmpeg for upload and packaging tests: good videos and every kind of bad
// file street staff might pick by mistake. Each takes well under a second to make.
import fs from 'node:fs/promises';
import { run } from '../../cms-server/src/media/ffmpeg.ts';

const ff = (args: string[]) => run('ffmpeg', ['-y', '-hide_banner', '-nostdin', '-v', 'error', ...args]);

export interface VideoSpec {
  seconds: number;
  width?: number;
  height?: number;
  fps?: number;
  audio?: boolean;
  /** MP4 with its index (moov) at the front, as phones and editors often write it. */
  faststart?: boolean;
}

/** An H.264/AAC MP4 test pattern with a tone. */
export async function makeVideo(file: string, spec: VideoSpec): Promise<void> {
  const { seconds, width = 854, height = 480, fps = 25, audio = true } = spec;
  await ff([
    '-f', 'lavfi', '-i', `testsrc2=size=${width}x${height}:rate=${fps}`,
    ...(audio ? ['-f', 'lavfi', '-i', 'sine=frequency=523:sample_rate=48000'] : []),
    '-t', String(seconds),
    '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-g', String(fps * 2),
    ...(audio ? ['-c:a', 'aac', '-b:a', '64k'] : []),
    ...(spec.faststart ? ['-movflags', '+faststart'] : []),
    file,
  ]);
}

/**
 * A 10-hour video in a few kilobytes: a tiny grey picture at one frame a minute. Real to ffprobe (a proper
 * MP4 with a 36 000 s video track), cheap to make.
 */
export async function makeTenHourVideo(file: string): Promise<void> {
  await ff(['-f', 'lavfi', '-i', 'color=c=gray:size=64x64:rate=1/60', '-t', String(10 * 3600),
    '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', file]);
}

/** Sound only: an AAC track in an MP4 container (.m4a). */
export async function makeAudioOnly(file: string, seconds = 4): Promise<void> {
  await ff(['-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000', '-t', String(seconds), '-c:a', 'aac', file]);
}

/** An MP3 with cover art: ffprobe lists the picture as a (one-frame) video stream. */
export async function makeMp3WithCover(file: string, seconds = 4): Promise<void> {
  const cover = `${file}.cover.jpg`;
  await makePicture(cover);
  await ff(['-f', 'lavfi', '-i', 'sine=frequency=330:sample_rate=44100', '-i', cover, '-t', String(seconds),
    '-map', '0:a', '-map', '1:v', '-c:a', 'libmp3lame', '-c:v', 'mjpeg', '-disposition:v', 'attached_pic', file]);
  await fs.rm(cover, { force: true });
}

export async function makePicture(file: string): Promise<void> {
  await ff(['-f', 'lavfi', '-i', 'testsrc2=size=320x240', '-frames:v', '1', file]);
}

/** Keeps the first `fraction` of a file: a copy that stopped part-way. */
export async function truncate(from: string, to: string, fraction: number): Promise<void> {
  const data = await fs.readFile(from);
  await fs.writeFile(to, data.subarray(0, Math.floor(data.length * fraction)));
}
