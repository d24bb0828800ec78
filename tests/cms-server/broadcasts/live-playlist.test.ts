// The channel as a pure function of schedule and clock (cms-server/src/broadcasts/live-playlist.ts): what a box
// sees at a moment, and that what it saw before still holds after a reload.
import { parse, types } from 'hls-parser';
import { describe, expect, it } from 'vitest';
import {
  indexChannel,
  livePlaylist,
  masterPlaylist,
  nowAndNext,
  windowAt,
  type PackagedVideo,
  type ScheduledSlot,
} from '../../../cms-server/src/broadcasts/live-playlist.ts';
import { occurrencesOf } from '../../../cms-server/src/broadcasts/recurrence.ts';
import { LIVE_EPOCH_MS } from '../../../cms-server/src/constants.ts';

/** A packaged video: `n` segments of 4 s (the last `last` ms), on the rungs given. */
function video(assetId: string, n: number, opts: { last?: number; heights?: number[] } = {}): PackagedVideo {
  const durationsMs = Array.from({ length: n }, (_, i) => (i === n - 1 && opts.last ? opts.last : 4000));
  const heights = opts.heights ?? [720, 480, 360];
  return {
    assetId,
    durationsMs,
    rungs: heights.map((h, r) => ({ height: h, uris: durationsMs.map((_, i) => `/media/${assetId}/v${r}/seg_${String(i).padStart(3, '0')}.ts`) })),
  };
}

const T0 = Date.parse('2026-11-24T11:00:00Z');
const slot = (id: string, startMs: number, endMs: number, videos: PackagedVideo[]): ScheduledSlot => ({
  broadcastId: id,
  title: id,
  startMs,
  endMs,
  videos,
});

function media(text: string): types.MediaPlaylist {
  const p = parse(text);
  if (!(p instanceof types.MediaPlaylist)) throw new Error('not a media playlist');
  return p;
}

const filler = [video('filler-a', 5, { last: 2500 }), video('filler-b', 3)];

describe('the live playlist', () => {
  it('when a broadcast has just started, then its first segment is the newest once it is complete, marked as a new video', () => {
    const index = indexChannel({ slots: [slot('b1', T0, T0 + 3600_000, [video('meeting', 100)])], filler });
    const before = media(livePlaylist(index, 720, T0 + 3999));
    expect(before.segments.at(-1)!.uri).not.toContain('/meeting/');
    const p = media(livePlaylist(index, 720, T0 + 4000));
    const last = p.segments.at(-1)!;
    expect(last.uri).toBe('/media/meeting/v0/seg_000.ts');
    expect(last.discontinuity).toBe(true);
    expect(last.programDateTime!.getTime()).toBe(T0);
    expect(p.segments).toHaveLength(6);
    for (const s of p.segments) expect(s.programDateTime).toBeInstanceOf(Date);
  });

  it('when the clock is exactly on a segment boundary, then the segment that just completed is included and no later one', () => {
    const index = indexChannel({ slots: [slot('b1', T0, T0 + 3600_000, [video('meeting', 100)])], filler });
    const p = media(livePlaylist(index, 720, T0 + 40_000));
    expect(p.segments.at(-1)!.uri).toBe('/media/meeting/v0/seg_009.ts');
    expect(p.segments.at(-1)!.programDateTime!.getTime()).toBe(T0 + 36_000);
  });

  it('when a playlist is reloaded twice across an item boundary, then every segment keeps its sequence number and the discontinuity sequence counts the boundary', () => {
    const items = [video('one', 3, { last: 1500 }), video('two', 10)];
    const index = indexChannel({ slots: [slot('b1', T0, T0 + 3600_000, items)], filler });
    const loads = [T0 + 12_000, T0 + 20_000, T0 + 28_000].map((t) => media(livePlaylist(index, 480, t)));
    const seqOf = new Map<string, number>();
    const dsnOf = new Map<string, number>();
    for (const p of loads) {
      let dsn = p.discontinuitySequenceBase ?? 0;
      p.segments.forEach((s, i) => {
        if (i > 0 && s.discontinuity) dsn += 1;
        const seq = (p.mediaSequenceBase ?? 0) + i;
        if (seqOf.has(s.uri)) expect(seqOf.get(s.uri)).toBe(seq);
        if (dsnOf.has(s.uri)) expect(dsnOf.get(s.uri)).toBe(dsn);
        seqOf.set(s.uri, seq);
        dsnOf.set(s.uri, dsn);
      });
    }
    // The boundary between the two videos: consecutive numbers, one discontinuity more, times back to back.
    expect(seqOf.get('/media/two/v1/seg_000.ts')).toBe(seqOf.get('/media/one/v1/seg_002.ts')! + 1);
    expect(dsnOf.get('/media/two/v1/seg_000.ts')).toBe(dsnOf.get('/media/one/v1/seg_002.ts')! + 1);
    const p = loads[1]!;
    const two = p.segments.find((s) => s.uri === '/media/two/v1/seg_000.ts')!;
    expect(two.discontinuity).toBe(true);
    expect(two.programDateTime!.getTime()).toBe(T0 + 4000 + 4000 + 1500);
    expect(loads[2]!.mediaSequenceBase!).toBeGreaterThan(loads[0]!.mediaSequenceBase!);
  });

  it('when the same moment is asked of two indexes built alike (two servers), then the answers are byte for byte the same', () => {
    const make = () => indexChannel({ slots: [slot('b1', T0, T0 + 600_000, [video('meeting', 30)])], filler });
    for (const t of [T0 - 1234, T0 + 61_000, T0 + 900_000]) expect(livePlaylist(make(), 720, t)).toBe(livePlaylist(make(), 720, t));
  });

  it('when nothing is scheduled, then the filler loops with consecutive numbers and a discontinuity at each video', () => {
    const index = indexChannel({ slots: [], filler });
    const loopMs = 4 * 4000 + 2500 + 3 * 4000;
    const p = media(livePlaylist(index, 720, LIVE_EPOCH_MS + 1000 * loopMs + 30_000));
    expect(p.segments).toHaveLength(6);
    expect(p.segments.every((s) => s.uri.includes('/filler-'))).toBe(true);
    // 1000 full loops of 8 segments and 2 videos before this point, plus what plays in the 30 s into the next loop.
    const first = windowAt(index, LIVE_EPOCH_MS + 1000 * loopMs + 30_000)[0]!;
    expect(p.mediaSequenceBase).toBe(first.seq);
    expect(first.seq).toBeGreaterThanOrEqual(1000 * 8 - 6);
    expect(p.discontinuitySequenceBase).toBe(first.dsn);
    const boundaries = p.segments.filter((s, i) => i > 0 && s.discontinuity).length;
    expect(boundaries).toBeGreaterThanOrEqual(1);
  });

  it('when an item lacks a rung of the ladder, then that rung serves its nearest rung', () => {
    const small = video('small', 10, { heights: [480, 360] });
    const index = indexChannel({ slots: [slot('b1', T0, T0 + 3600_000, [small])], filler: [] });
    const p = media(livePlaylist(index, 720, T0 + 20_000));
    expect(p.segments.at(-1)!.uri).toBe('/media/small/v0/seg_004.ts');
    const low = media(livePlaylist(index, 360, T0 + 20_000));
    expect(low.segments.at(-1)!.uri).toBe('/media/small/v1/seg_004.ts');
    const master = parse(masterPlaylist());
    expect(master).toBeInstanceOf(types.MasterPlaylist);
    expect((master as types.MasterPlaylist).variants.map((v) => v.uri)).toEqual(['720p.m3u8', '480p.m3u8', '360p.m3u8']);
  });

  it('when a broadcast recurs weekly, then each occurrence plays its video from its own start and now/next follow the clock', () => {
    // Mondays and Wednesdays at 19:30 Shanghai (11:30 UTC), four times.
    const first = Date.parse('2026-11-23T11:30:00Z');
    const occurrences = occurrencesOf(first, first + 3600_000, { kind: 'rrule', rule: 'FREQ=WEEKLY;BYDAY=MO,WE;COUNT=4' });
    expect(occurrences.map((o) => new Date(o.startMs).toISOString())).toEqual([
      '2026-11-23T11:30:00.000Z',
      '2026-11-25T11:30:00.000Z',
      '2026-11-30T11:30:00.000Z',
      '2026-12-02T11:30:00.000Z',
    ]);
    const slots = occurrences.map((o) => slot('weekly', o.startMs, o.endMs, [video('lesson', 50)]));
    const index = indexChannel({ slots, filler });
    const third = occurrences[2]!.startMs;
    const p = media(livePlaylist(index, 720, third + 8000));
    expect(p.segments.at(-1)!.uri).toBe('/media/lesson/v0/seg_001.ts');
    expect(p.segments.at(-1)!.programDateTime!.getTime()).toBe(third + 4000);
    expect(nowAndNext(index, third + 1).now?.startMs).toBe(third);
    expect(nowAndNext(index, third + 1).next?.startMs).toBe(occurrences[3]!.startMs);
    expect(nowAndNext(index, third - 1).now).toBeNull();
  });

  it('when a list of videos ends before its slot, then the filler plays the rest and the next broadcast starts at its time', () => {
    const index = indexChannel({
      slots: [slot('a', T0, T0 + 60_000, [video('short', 2)]), slot('b', T0 + 60_000, T0 + 120_000, [video('next', 20)])],
      filler,
    });
    expect(media(livePlaylist(index, 720, T0 + 16_000)).segments.at(-1)!.uri).toMatch(/\/filler-a\/v0\/seg_001\.ts$/);
    const p = media(livePlaylist(index, 720, T0 + 64_000));
    expect(p.segments.at(-1)!.uri).toBe('/media/next/v0/seg_000.ts');
    expect(p.segments.at(-1)!.programDateTime!.getTime()).toBe(T0 + 60_000);
  });
});
