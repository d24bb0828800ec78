// A relay slot in the pure playlist function (live-playlist.ts relayRuns): the relayed segments as they arrived,
// filler before the first, after a stall (RELAY_STALL_TARGET_DURATIONS of the upstream's target durations without a
// new segment) and until the next; numbers that never change across reloads, and the same numbers once the slot is
// over and its feed is counted for good.
import { parse, types } from 'hls-parser';
import { describe, expect, it } from 'vitest';
import {
  indexChannel,
  livePlaylist,
  relaySignal,
  type PackagedVideo,
  type RelayFeed,
  type RelaySegment,
  type ScheduledSlot,
} from '../../../cms-server/src/broadcasts/live-playlist.ts';

function video(assetId: string, n: number): PackagedVideo {
  const durationsMs = Array.from({ length: n }, () => 4000);
  return { assetId, durationsMs, rungs: [{ height: 720, uris: durationsMs.map((_, i) => `/media/${assetId}/v0/seg_${i}.ts`) }] };
}

const T0 = Date.parse('2026-11-24T11:00:00Z');
const END = T0 + 600_000;
const filler = [video('filler', 10)];
/** Upstream segments of 2 s (target 2 s: stalled after 6 s without one), arriving every 2 s from T0 + 1 s. */
const STALL = 6000;
const seg = (k: number, at: number, discontinuity = false): RelaySegment => ({ atMs: at, durationMs: 2000, uri: `/relay/r/seg_${k}.ts`, discontinuity });
const arrivals = (from: number, count: number, k0 = 0) => Array.from({ length: count }, (_, i) => seg(k0 + i, from + i * 2000));

const relaySlot = (feed: RelayFeed): ScheduledSlot => ({ broadcastId: 'meeting', title: '会议', startMs: T0, endMs: END, videos: [], relay: feed });
const media = (text: string) => parse(text) as types.MediaPlaylist;

/** The channel at `now` with the feed known at `now` (what the engine has written by then). */
function at(all: RelaySegment[], now: number): types.MediaPlaylist {
  const feed: RelayFeed = { segments: all.filter((s) => s.atMs <= now), stallMs: STALL, final: false };
  const index = indexChannel({ slots: [relaySlot({ ...feed, segments: [] })], filler });
  return media(livePlaylist(index, 720, now, feed));
}

/** Every segment seen over reloads every 500 ms: its number must never change. */
function numbersStable(all: RelaySegment[], from: number, to: number): Map<string, number> {
  const seen = new Map<string, number>();
  for (let now = from; now <= to; now += 500) {
    const p = at(all, now);
    let prev: number | undefined;
    for (const s of p.segments) {
      const key = `${s.uri}@${s.programDateTime!.getTime()}`;
      if (seen.has(key)) expect(s.mediaSequenceNumber, key).toBe(seen.get(key));
      seen.set(key, s.mediaSequenceNumber);
      if (prev !== undefined) expect(s.mediaSequenceNumber).toBe(prev + 1);
      prev = s.mediaSequenceNumber;
    }
  }
  return seen;
}

describe('a relay slot in the live playlist', () => {
  it('when relayed segments arrive, then the newest listed is the last that arrived, as a new video after filler', () => {
    const all = arrivals(T0 + 1000, 10);
    const p = at(all, T0 + 7000);
    expect(p.segments.at(-1)!.uri).toBe('/relay/r/seg_3.ts');
    const firstRelayed = p.segments.findIndex((s) => s.uri.startsWith('/relay/'));
    expect(p.segments[firstRelayed]!.discontinuity).toBe(true);
    expect(p.segments.slice(0, firstRelayed).every((s) => s.uri.startsWith('/media/filler/'))).toBe(true);
  });

  it('when the upstream stalls, then filler is the newest exactly 3 target durations after the last segment, and the relay again when one arrives', () => {
    const all = [...arrivals(T0 + 1000, 10), ...arrivals(T0 + 60_000, 5, 10).map((s, i) => (i === 0 ? { ...s, discontinuity: true } : s))];
    const last = all[9]!.atMs;
    expect(at(all, last + STALL - 1).segments.at(-1)!.uri).toBe('/relay/r/seg_9.ts');
    const stalled = at(all, last + STALL);
    expect(stalled.segments.at(-1)!.uri).toMatch(/^\/media\/filler\//);
    expect(stalled.segments.at(-1)!.discontinuity).toBe(true);
    expect(at(all, T0 + 59_999).segments.at(-1)!.uri).toMatch(/^\/media\/filler\//);
    const back = at(all, T0 + 60_000);
    expect(back.segments.at(-1)!.uri).toBe('/relay/r/seg_10.ts');
    expect(back.segments.at(-1)!.discontinuity).toBe(true);
    const slot = relaySlot({ segments: all, stallMs: STALL, final: false });
    expect(relaySignal(slot, slot.relay!, last + STALL - 1, 4).live).toBe(true);
    expect(relaySignal(slot, slot.relay!, last + STALL, 4)).toEqual({ live: false, sinceMs: last + STALL - 4000 });
    expect(relaySignal(slot, slot.relay!, T0 + 60_000, 4)).toEqual({ live: true, sinceMs: T0 + 60_000 - 4000 });
  });

  it('when a box reloads across the start, a stall, the return and the end, then every segment keeps its number and numbers run on', () => {
    const all = [...arrivals(T0 + 1000, 10), ...arrivals(T0 + 60_000, 200, 10)];
    const live = numbersStable(all, T0 - 30_000, END + 30_000);
    // Once the slot is over its feed is final and built into the index: the same numbers as seen live.
    const index = indexChannel({ slots: [relaySlot({ segments: all, stallMs: STALL, final: true })], filler });
    for (let now = T0 - 30_000; now <= END + 30_000; now += 7_000) {
      for (const s of media(livePlaylist(index, 720, now)).segments) {
        const key = `${s.uri}@${s.programDateTime!.getTime()}`;
        if (live.has(key)) expect(s.mediaSequenceNumber, key).toBe(live.get(key));
      }
    }
  });

  it('when the relay never delivers, then the slot is filler, as before the engine existed', () => {
    const withFeed = indexChannel({ slots: [relaySlot({ segments: [], stallMs: STALL, final: true })], filler });
    const without = indexChannel({ slots: [{ ...relaySlot({ segments: [], stallMs: STALL, final: false }), relay: undefined }], filler });
    for (const now of [T0 + 10_000, T0 + 300_000, END + 20_000]) expect(livePlaylist(withFeed, 720, now)).toBe(livePlaylist(without, 720, now));
  });
});
