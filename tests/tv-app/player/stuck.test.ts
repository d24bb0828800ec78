import { describe, expect, it } from 'vitest';
import { stuckAhead } from '../../../tv-app/src/player/stuck.ts';

const ranges = (...r: [number, number][]) => ({ length: r.length, start: (i: number) => r[i]![0], end: (i: number) => r[i]![1] }) as TimeRanges;
const video = (o: Partial<{ paused: boolean; seeking: boolean; ended: boolean; readyState: number; currentTime: number; buffered: TimeRanges }>) => ({
  paused: false,
  seeking: false,
  ended: false,
  readyState: 1,
  currentTime: 0.1,
  buffered: ranges([0.021, 8.021]),
  ...o,
});

describe('a decoder stuck on data it already has', () => {
  it('when a playing video has no frame but 8 s in hand (WPE under load), then it is stuck with ~7.9 s ahead', () => {
    expect(stuckAhead(video({}))).toBeCloseTo(7.921, 3);
  });

  it('when the next range starts a few milliseconds after the playhead, then that range counts', () => {
    expect(stuckAhead(video({ currentTime: 0, buffered: ranges([0.021, 4]) }))).toBe(4);
  });

  it('when the video is playing, paused, seeking or ended, then it is not stuck', () => {
    for (const o of [{ readyState: 3 }, { readyState: 4 }, { paused: true }, { seeking: true }, { ended: true }]) {
      expect(stuckAhead(video(o)), JSON.stringify(o)).toBe(-1);
    }
  });

  it('when nothing is buffered where the playhead is, then it is the network, not the decoder', () => {
    expect(stuckAhead(video({ buffered: ranges() }))).toBe(-1);
    expect(stuckAhead(video({ currentTime: 9, buffered: ranges([0, 8], [12, 20]) }))).toBe(-1);
    expect(stuckAhead(video({ currentTime: 7.9, buffered: ranges([0, 8]) }))).toBeCloseTo(0.1, 5);
  });
});
