// Checks of packaged HLS as a player meets it: complete VOD playlists, and every frame of the picture once, in
// order — a segment shown twice repeats frame times, a segment skipped leaves a gap.
import type { types } from 'hls-parser';
import { expect } from 'vitest';
import { run } from '../../cms-server/src/media/ffmpeg.ts';

/** The picture's frame times (s), read by ffmpeg's own HLS reader through a media playlist (a path or an http URL). */
export async function frameTimes(playlist: string): Promise<number[]> {
  const out = await run('ffprobe', ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'packet=pts_time', '-of', 'csv=p=0', playlist]);
  return out
    .split('\n')
    .map((l) => l.replace(/,/g, '').trim())
    .filter(Boolean)
    .map(Number);
}

/** Every frame once, in order, 1/fps apart: nothing repeated, nothing skipped. */
export function expectEveryFrameOnce(times: number[], fps: number, seconds: number): void {
  expect(times).toHaveLength(fps * seconds);
  for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBeCloseTo(1 / fps, 3);
}

/** A complete VOD media playlist whose durations add up to the video and whose sequence has no holes or repeats. */
export function expectCompleteVod(media: types.MediaPlaylist, seconds: number): void {
  expect(media.endlist).toBe(true);
  expect(media.playlistType).toBe('VOD');
  expect(media.segments.reduce((t, s) => t + s.duration, 0)).toBeCloseTo(seconds, 1);
  media.segments.forEach((s, i) => expect(s.mediaSequenceNumber).toBe((media.mediaSequenceBase ?? 0) + i));
  expect(new Set(media.segments.map((s) => s.uri)).size).toBe(media.segments.length);
}
