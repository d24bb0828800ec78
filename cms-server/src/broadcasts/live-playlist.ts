// A channel as live HLS, computed from its schedule and the clock: a pure function, no ffmpeg, no state. The
// media playlists are a sliding window over segments that were packaged once (media/packager.ts: MPEG-TS, 4 s,
// key frames aligned across rungs), so a thousand boxes cost a thousand small text answers and the usual /media/
// file reads, and two servers answer byte for byte alike for the same moment (RFC 8216 §6.2.2 asks that a live
// playlist's earlier segments keep their Media Sequence Numbers; a cache in front of several servers needs the same).
//
// The timeline: from LIVE_EPOCH_MS on, a channel plays "runs" back to back —
//   - a scheduled occurrence's videos, once, in order, from its start (cut at its end);
//   - filler (the channel's loop) in every gap and in the rest of an occurrence whose videos end early; each filler
//     run starts the loop from its first video;
//   - in a relay's slot, the segments the relay engine pulled into its cache (relay-engine.ts), each playing from the
//     instant it arrived, and filler wherever the upstream had not started, stalled (no new segment for
//     RELAY_STALL_TARGET_DURATIONS of its target durations) or failed (see relayRuns).
// Every segment has one number along the timeline: EXT-X-MEDIA-SEQUENCE is the count of segments before the window,
// EXT-X-DISCONTINUITY-SEQUENCE the count of video starts before it (RFC 8216 §4.3.3.3), an EXT-X-DISCONTINUITY marks
// every video boundary inside the window (§4.3.2.3: timestamps and codec parameters restart), and each segment carries
// its EXT-X-PROGRAM-DATE-TIME (§4.3.2.6), the instant it plays on the channel.
// The counts come from an index built once per schedule (prefix sums per run; a looping run counts by arithmetic),
// so a request costs a binary search and the window: nothing grows with the schedule's length.
//
// What a segment that crosses the end of its run does: it plays to its end (a segment cannot be cut without
// re-encoding), so the next run starts up to one segment later on the player than on the wall clock; its
// PROGRAM-DATE-TIME is the scheduled instant, and the discontinuity lets the player re-anchor.
import { stringify, types as hls } from 'hls-parser';
import { HLS_SEGMENT_S, LADDER, LIVE_EPOCH_MS, LIVE_WINDOW_SEGMENTS } from '../constants.ts';

/** A packaged video as the channel needs it: its segments' durations and, per rung, their URLs. */
export interface PackagedVideo {
  assetId: string;
  /** Duration of each segment in milliseconds, as the packager cut it (the same on every rung). */
  durationsMs: number[];
  /** The rungs the video was packaged with: each rung's height and its segments' URLs (same count as durationsMs). */
  rungs: { height: number; uris: string[] }[];
}

/** One occurrence of a broadcast on the channel: [startMs, endMs), with its videos (none for a relay, for now). */
export interface ScheduledSlot {
  broadcastId: string;
  title: string;
  startMs: number;
  endMs: number;
  videos: PackagedVideo[];
  /** A relay's slot: the segments relayed so far (an empty feed: the upstream has not delivered, filler plays). */
  relay?: RelayFeed;
}

/** A segment relayed from an upstream into the CMS's cache: it plays on the channel from `atMs`, when it arrived. */
export interface RelaySegment {
  atMs: number;
  durationMs: number;
  uri: string;
  /** The upstream restarted (or marked a discontinuity) before it: timestamps restart. */
  discontinuity: boolean;
}

/** What the relay engine supplies for one slot: its segments in order of arrival, and when the upstream counts as stalled. */
export interface RelayFeed {
  segments: RelaySegment[];
  /** No new segment for this long (RELAY_STALL_TARGET_DURATIONS × the upstream's target duration): filler plays. */
  stallMs: number;
  /** The feed is complete (the slot ended and nothing more will be added): the index counts its segments for good. */
  final: boolean;
}

/** What a channel's timeline is made from: its occurrences (any order; they never overlap) and its filler loop. */
export interface ChannelTimeline {
  slots: ScheduledSlot[];
  filler: PackagedVideo[];
}

/** The segments of a list of videos played once through, flattened, with offsets from the pass's start. */
interface Pass {
  n: number;
  /** Videos in the pass. */
  m: number;
  totalMs: number;
  /** Start of segment i from the pass's start (ms); length n. */
  offsets: number[];
  /** Start of video v from the pass's start (ms); length m. */
  videoOffsets: number[];
  video: number[];
  segment: number[];
  videos: PackagedVideo[];
}

interface Run {
  startMs: number;
  /** Segments starting at or after this instant belong to the next run. */
  endMs: number;
  pass: Pass;
  loop: boolean;
  /** Segments and video starts before this run, since LIVE_EPOCH_MS. */
  seqBase: number;
  dsnBase: number;
  count: number;
  videoStarts: number;
}

/** A relay slot whose feed is still growing: its run in the index is a placeholder (filler), replaced per request. */
interface OpenRelay {
  slot: ScheduledSlot;
  /** Position of the placeholder run in `runs`. */
  run: number;
}

/** A channel's schedule, indexed: build once per schedule, ask it for any moment. */
export interface ChannelIndex {
  runs: Run[];
  runStarts: Float64Array;
  slots: ScheduledSlot[];
  slotStarts: Float64Array;
  targetDuration: number;
  filler: Pass;
  /** Relay slots not final when the index was built, in order; the index must be built again once the first one ends. */
  openRelays: OpenRelay[];
}

/** Number of elements of a sorted array that are < x (or ≤ x with `orEqual`). */
function countBelow(a: ArrayLike<number>, x: number, orEqual = false): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid]! < x || (orEqual && a[mid] === x)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function passOf(videos: PackagedVideo[]): Pass {
  const offsets: number[] = [];
  const videoOffsets: number[] = [];
  const video: number[] = [];
  const segment: number[] = [];
  const kept = videos.filter((v) => v.durationsMs.length > 0 && v.rungs.length > 0);
  let t = 0;
  kept.forEach((v, vi) => {
    videoOffsets.push(t);
    v.durationsMs.forEach((d, si) => {
      offsets.push(t);
      video.push(vi);
      segment.push(si);
      t += d;
    });
  });
  return { n: offsets.length, m: kept.length, totalMs: t, offsets, videoOffsets, video, segment, videos: kept };
}

/** Segments of a run starting before `lengthMs` from its start, and the videos among them that start. */
function countsOf(pass: Pass, loop: boolean, lengthMs: number): { count: number; videoStarts: number } {
  if (pass.n === 0 || lengthMs <= 0) return { count: 0, videoStarts: 0 };
  if (!loop) {
    const within = Math.min(lengthMs, pass.totalMs);
    return { count: countBelow(pass.offsets, within), videoStarts: countBelow(pass.videoOffsets, within) };
  }
  const loops = Math.floor(lengthMs / pass.totalMs);
  const rest = lengthMs - loops * pass.totalMs;
  return {
    count: loops * pass.n + countBelow(pass.offsets, rest),
    videoStarts: loops * pass.m + countBelow(pass.videoOffsets, rest),
  };
}

/** Builds the index of a channel's timeline (O(n log n) in its occurrences; done when the schedule changes). */
export function indexChannel(timeline: ChannelTimeline): ChannelIndex {
  const slots = timeline.slots.filter((s) => s.endMs > LIVE_EPOCH_MS && s.endMs > s.startMs).sort((a, b) => a.startMs - b.startMs);
  // Occurrences of one recurring broadcast share their videos: one pass per list of videos, not per occurrence.
  const passes = new Map<string, Pass>();
  const passFor = (videos: PackagedVideo[]): Pass => {
    const key = videos.map((v) => v.assetId).join('\n');
    let p = passes.get(key);
    if (!p) passes.set(key, (p = passOf(videos)));
    return p;
  };
  const filler = passOf(timeline.filler);
  const runs: Run[] = [];
  const openRelays: OpenRelay[] = [];
  let seq = 0;
  let dsn = 0;
  const add = (startMs: number, endMs: number, pass: Pass, loop: boolean) => {
    if (endMs <= startMs) return;
    const { count, videoStarts } = countsOf(pass, loop, endMs - startMs);
    runs.push({ startMs, endMs, pass, loop, seqBase: seq, dsnBase: dsn, count, videoStarts });
    seq += count;
    dsn += videoStarts;
  };
  const fillerTd = longestOf([filler, ...slots.map((s) => passFor(s.videos))]);
  let cursor = LIVE_EPOCH_MS;
  for (const slot of slots) {
    const start = Math.max(slot.startMs, cursor);
    add(cursor, start, filler, true);
    if (slot.relay && slot.relay.final) {
      for (const run of relayRuns(slot, start, slot.relay, filler, fillerTd, slot.endMs, seq, dsn)) {
        runs.push(run);
        seq += run.count;
        dsn += run.videoStarts;
      }
      cursor = Math.max(cursor, slot.endMs);
      continue;
    }
    if (slot.relay) {
      // Filler for now; each request puts the feed in its place (relayView).
      if (slot.endMs > start) openRelays.push({ slot, run: runs.length });
      add(start, slot.endMs, filler, true);
      cursor = Math.max(cursor, slot.endMs);
      continue;
    }
    const own = passFor(slot.videos);
    const ownEnd = Math.min(slot.endMs, start + own.totalMs);
    add(start, ownEnd, own, false);
    add(ownEnd, slot.endMs, filler, true);
    cursor = Math.max(cursor, slot.endMs);
  }
  add(cursor, Number.POSITIVE_INFINITY, filler, true);
  return {
    runs,
    runStarts: Float64Array.from(runs, (r) => r.startMs),
    slots,
    slotStarts: Float64Array.from(slots, (s) => s.startMs),
    targetDuration: fillerTd,
    filler,
    openRelays,
  };
}

/** The target duration (s) of packaged videos: their longest segment, at least HLS_SEGMENT_S. */
function longestOf(passes: Pass[]): number {
  let longest = HLS_SEGMENT_S;
  for (const p of passes) for (const v of p.videos) for (const d of v.durationsMs) longest = Math.max(longest, Math.round(d / 1000));
  return longest;
}

/** A filler run from `from` to `to` that restarts the loop, counted after `seq`/`dsn`; undefined when empty. */
function fillerRun(filler: Pass, from: number, to: number, seq: number, dsn: number): Run | undefined {
  if (to <= from) return undefined;
  const { count, videoStarts } = countsOf(filler, true, to - from);
  return { startMs: from, endMs: to, pass: filler, loop: true, seqBase: seq, dsnBase: dsn, count, videoStarts };
}

/**
 * A relay slot's runs as known at `upTo` (the slot's end once the feed is final). Segments arriving while the
 * upstream is healthy form one relayed run (one "video": its own timestamps); filler plays before the first arrives,
 * from RELAY_STALL_TARGET_DURATIONS after the last one when none follows in time (the upstream stalled or failed),
 * until the next one arrives, and after the last one to the slot's end. A relayed segment is listed at its arrival
 * (its start on the channel is a target duration earlier, as for packaged segments, which are listed a target
 * duration after they start), so the filler after a stall starts a target duration before the stall is declared:
 * boxes see filler RELAY_STALL_TARGET_DURATIONS after the last segment. Pure: the same feed answers the same runs.
 */
export function relayRuns(
  slot: Pick<ScheduledSlot, 'startMs' | 'endMs'>,
  from: number,
  feed: RelayFeed,
  filler: Pass,
  targetDurationS: number,
  upTo: number,
  seqBase: number,
  dsnBase: number,
): Run[] {
  const td = targetDurationS * 1000;
  const end = slot.endMs;
  const segs = feed.segments.filter((s) => s.atMs >= slot.startMs && s.atMs < end && s.atMs <= upTo);
  const runs: Run[] = [];
  let seq = seqBase;
  let dsn = dsnBase;
  let cursor = from;
  const push = (run: Run | undefined) => {
    if (!run) return;
    if (runs.length > 0) runs[runs.length - 1]!.endMs = run.startMs;
    runs.push(run);
    seq += run.count;
    dsn += run.videoStarts;
    cursor = run.startMs;
  };
  let fillerFrom: number | null = from;
  let i = 0;
  while (i < segs.length) {
    const first = segs[i]!;
    if (fillerFrom !== null) push(fillerRun(filler, Math.max(fillerFrom, cursor), first.atMs - td, seq, dsn));
    let j = i;
    while (j + 1 < segs.length && !segs[j + 1]!.discontinuity && segs[j + 1]!.atMs - segs[j]!.atMs <= feed.stallMs) j++;
    const piece = segs.slice(i, j + 1);
    const startMs = Math.max(first.atMs - td, cursor);
    const video: PackagedVideo = {
      assetId: `relay:${first.uri}`,
      durationsMs: piece.map((s) => s.durationMs),
      rungs: [{ height: 0, uris: piece.map((s) => s.uri) }],
    };
    const offsets = piece.map((s) => s.atMs - td - startMs);
    const pass: Pass = {
      n: piece.length,
      m: 1,
      totalMs: offsets[offsets.length - 1]! + piece[piece.length - 1]!.durationMs,
      offsets,
      videoOffsets: [offsets[0]!],
      video: piece.map(() => 0),
      segment: piece.map((_, k) => k),
      videos: [video],
    };
    push({ startMs, endMs: end, pass, loop: false, seqBase: seq, dsnBase: dsn, count: piece.length, videoStarts: 1 });
    const last = segs[j]!;
    const next = segs[j + 1];
    const stalledAt = last.atMs + feed.stallMs;
    if (next ? next.atMs > stalledAt : Math.min(upTo, end) >= stalledAt) fillerFrom = stalledAt - td;
    else fillerFrom = null;
    i = j + 1;
  }
  if (fillerFrom !== null) push(fillerRun(filler, Math.max(fillerFrom, cursor), end, seq, dsn));
  if (runs.length > 0) runs[runs.length - 1]!.endMs = end;
  return runs;
}

/**
 * Whether a relay slot shows its upstream or filler at `nowMs`, and the EXT-X-PROGRAM-DATE-TIME of the first segment
 * of that state (the boxes show the plate while the picture they play is from `sinceMs` on): as relayRuns lays it out.
 */
export function relaySignal(slot: ScheduledSlot, feed: RelayFeed, nowMs: number, targetDurationS: number): { live: boolean; sinceMs: number } {
  const td = targetDurationS * 1000;
  const segs = feed.segments.filter((s) => s.atMs >= slot.startMs && s.atMs < slot.endMs && s.atMs <= nowMs);
  const last = segs[segs.length - 1];
  if (!last) return { live: false, sinceMs: slot.startMs };
  if (nowMs < last.atMs + feed.stallMs) {
    // Live since the first segment after the last stall.
    let k = segs.length - 1;
    while (k > 0 && segs[k]!.atMs - segs[k - 1]!.atMs <= feed.stallMs) k--;
    return { live: true, sinceMs: segs[k]!.atMs - td };
  }
  return { live: false, sinceMs: last.atMs + feed.stallMs - td };
}

/** One segment of the timeline, located. */
export interface LiveSegment {
  seq: number;
  dsn: number;
  startMs: number;
  durationMs: number;
  video: PackagedVideo;
  segment: number;
}

function segmentAt(run: Run, g: number): LiveSegment {
  const { pass } = run;
  const loops = Math.floor(g / pass.n);
  const i = g - loops * pass.n;
  const vi = pass.video[i]!;
  const video = pass.videos[vi]!;
  const segment = pass.segment[i]!;
  return {
    seq: run.seqBase + g,
    dsn: run.dsnBase + loops * pass.m + vi,
    startMs: run.startMs + loops * pass.totalMs + pass.offsets[i]!,
    durationMs: video.durationsMs[segment]!,
    video,
    segment,
  };
}

/** The ordinal (within its run) of the last segment starting at or before `t`, which lies inside the run. */
function ordinalAt(run: Run, t: number): number {
  const { pass } = run;
  const offset = t - run.startMs;
  const loops = run.loop ? Math.floor(offset / pass.totalMs) : 0;
  const rest = offset - loops * pass.totalMs;
  return Math.min(run.count - 1, loops * pass.n + countBelow(pass.offsets, rest, true) - 1);
}

/**
 * The last `size` segments available at `nowMs` (a segment is available once a target duration has passed since
 * its start, so the newest is complete on the wall clock), oldest first.
 */
export function windowAt(index: ChannelIndex, nowMs: number, size = LIVE_WINDOW_SEGMENTS, feed?: RelayFeed): LiveSegment[] {
  const edge = nowMs - index.targetDuration * 1000;
  const { runs, runStarts } = relayView(index, nowMs, feed);
  let r = countBelow(runStarts, edge, true) - 1;
  const out: LiveSegment[] = [];
  let g = r >= 0 && runs[r]!.count > 0 ? ordinalAt(runs[r]!, edge) : -1;
  while (r >= 0 && out.length < size) {
    if (g < 0) {
      r -= 1;
      g = r >= 0 ? runs[r]!.count - 1 : -1;
      continue;
    }
    out.push(segmentAt(runs[r]!, g));
    g -= 1;
  }
  return out.reverse();
}

/** The runs of a feed as last laid out, by its phase (0 live, 1 stalled, +2 past the slot's end) and its index. */
const relayMemo = new WeakMap<RelayFeed, { phase: number; placeholder: Run; runs: Run[] }>();

/** Runs a window may reach back (or forward past a relay slot's end) from the run it starts in. */
const VIEW_REACH = 16;

/** The open relay slot that started by `nowMs` (the latest), if any. */
export function openRelayAt(index: ChannelIndex, nowMs: number): ScheduledSlot | undefined {
  let found: ScheduledSlot | undefined;
  for (const o of index.openRelays) {
    if (o.slot.startMs > nowMs) break;
    found = o.slot;
  }
  return found;
}

/**
 * The runs around `nowMs` with the open relay slot's placeholder replaced by its feed's runs (relayRuns), and the runs
 * after it renumbered by what the feed added: a few runs, so a request costs the same whatever the schedule's length.
 */
function relayView(index: ChannelIndex, nowMs: number, feed: RelayFeed | undefined): { runs: Run[]; runStarts: ArrayLike<number> } {
  let open: OpenRelay | undefined;
  for (const o of index.openRelays) {
    if (o.slot.startMs > nowMs) break;
    open = o;
  }
  if (!open || !feed) return index;
  const placeholder = index.runs[open.run]!;
  // For one feed the runs differ with the clock only once it stalls or the slot ends: kept per feed (a thousand boxes
  // reloading cost one pass over the feed's segments per new segment, not one per request).
  const last = feed.segments[feed.segments.length - 1];
  const phase = (last !== undefined && nowMs >= last.atMs + feed.stallMs ? 1 : 0) + (nowMs >= open.slot.endMs ? 2 : 0);
  const memo = relayMemo.get(feed);
  const relayed =
    memo && memo.phase === phase && memo.placeholder === placeholder && (last === undefined || last.atMs <= nowMs)
      ? memo.runs
      : relayRuns(open.slot, placeholder.startMs, feed, index.filler, index.targetDuration, nowMs, placeholder.seqBase, placeholder.dsnBase);
  if (memo?.runs !== relayed) relayMemo.set(feed, { phase, placeholder, runs: relayed });
  const count = relayed.reduce((n, r) => n + r.count, 0);
  const starts = relayed.reduce((n, r) => n + r.videoStarts, 0);
  const dSeq = count - placeholder.count;
  const dDsn = starts - placeholder.videoStarts;
  const after = index.runs
    .slice(open.run + 1, open.run + 1 + VIEW_REACH)
    .map((r) => ({ ...r, seqBase: r.seqBase + dSeq, dsnBase: r.dsnBase + dDsn }));
  const runs = [...index.runs.slice(Math.max(0, open.run - VIEW_REACH), open.run), ...relayed, ...after];
  return { runs, runStarts: runs.map((r) => r.startMs) };
}

/** The rung of a video closest in height to `height` (a 480p source has no 720p: it serves its 480p there). */
export function nearestRung(video: PackagedVideo, height: number): { height: number; uris: string[] } {
  let best = video.rungs[0]!;
  for (const r of video.rungs) {
    const d = Math.abs(r.height - height);
    const bestD = Math.abs(best.height - height);
    if (d < bestD || (d === bestD && r.height < best.height)) best = r;
  }
  return best;
}

/** The fixed ladder of every channel: heights of LADDER, named `<height>p`. */
export const LIVE_RUNGS = LADDER.map((r) => r.height);

/** The media playlist of rung `height` at `nowMs`: the text a box (or a cache) receives. */
export function livePlaylist(index: ChannelIndex, height: number, nowMs: number, feed?: RelayFeed): string {
  const window = windowAt(index, nowMs, LIVE_WINDOW_SEGMENTS, feed);
  const first = window[0];
  const segments = window.map(
    (s, i) =>
      new hls.Segment({
        uri: nearestRung(s.video, height).uris[s.segment]!,
        duration: s.durationMs / 1000,
        mediaSequenceNumber: s.seq,
        discontinuitySequence: s.dsn,
        discontinuity: i > 0 && s.dsn !== window[i - 1]!.dsn,
        programDateTime: new Date(s.startMs),
      }),
  );
  return stringify(
    new hls.MediaPlaylist({
      version: 3,
      // A relayed upstream may cut longer segments than the packager's: the target covers every listed one.
      targetDuration: window.reduce((t, s) => Math.max(t, Math.ceil(s.durationMs / 1000)), index.targetDuration),
      mediaSequenceBase: first?.seq ?? 0,
      discontinuitySequenceBase: first?.dsn ?? 0,
      segments,
    }),
  );
}

/** Even width of a 16:9 picture of this height (854 for 480). */
const widthOf = (height: number): number => Math.round((height * 16) / 9 / 2) * 2;

/**
 * The master playlist: the fixed ladder, whatever plays now (so it never changes and caches well). CODECS names Main
 * profile level 3.1 H.264 and AAC-LC: the packager's output on every rung decodes under it.
 */
export function masterPlaylist(): string {
  return stringify(
    new hls.MasterPlaylist({
      version: 3,
      variants: LADDER.map(
        (r) =>
          new hls.Variant({
            uri: `${r.height}p.m3u8`,
            bandwidth: Math.round((r.videoKbps * 1.2 + r.audioKbps) * 1000),
            resolution: { width: widthOf(r.height), height: r.height },
            codecs: 'avc1.4d401f,mp4a.40.2',
          }),
      ),
    }),
  );
}

/** The occurrence playing at `nowMs` (if any) and the next one to start. */
export function nowAndNext(index: ChannelIndex, nowMs: number): { now: ScheduledSlot | null; next: ScheduledSlot | null } {
  const i = countBelow(index.slotStarts, nowMs, true) - 1;
  const current = i >= 0 && index.slots[i]!.endMs > nowMs ? index.slots[i]! : null;
  return { now: current, next: index.slots[i + 1] ?? null };
}

/** The occurrences overlapping [fromMs, toMs), in order (the guide, the week view). */
export function slotsBetween(index: ChannelIndex, fromMs: number, toMs: number): ScheduledSlot[] {
  // Occurrences never overlap, so at most one that starts before `fromMs` still runs at `fromMs`.
  let i = Math.max(0, countBelow(index.slotStarts, fromMs) - 1);
  const out: ScheduledSlot[] = [];
  for (; i < index.slots.length && index.slots[i]!.startMs < toMs; i++) {
    if (index.slots[i]!.endMs > fromMs) out.push(index.slots[i]!);
  }
  return out;
}
