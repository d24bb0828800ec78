// What is on air for this box, and what is about to be. The box reads its channels' now/next
// (GET /api/tv/v1/channels) and works out the rest with its clock: a broadcast with takeover whose warning window
// has begun (the countdown), one on air (home's banner, the prompt or the switch), one just over (back to where the
// viewer was). It reads the channels again when the event stream says a channel's schedule changed (`broadcasts`),
// when the stream (re)opens, when the catalog is polled, and a few seconds after each boundary (to learn the next
// programme) — so the clock alone decides the moments, and a box switched on mid-broadcast knows at once.
// Why the box and not server-sent phases: docs/broadcasts.md, "On the TV".
import type { TvChannel, TvChannelsResponse, TvProgramme } from '../../../cms-server/src/tv-api/contract.ts';
import { apiBase, streetId } from './api.ts';

export type { TvChannel, TvProgramme };

/** A programme of one of this box's channels. */
export interface Airing {
  channel: TvChannel;
  programme: TvProgramme;
}

export interface AirState {
  /** What the live view plays: the channel with a broadcast on air (the street's first), else the street's, else the district's. */
  channel: TvChannel | undefined;
  onAir: Airing | null;
  /** The first broadcast with takeover whose warning (its announceMinutes) has begun and which has not started. */
  soon: Airing | null;
  /** The next moment this changes by the clock alone (ms since the epoch), or Infinity. */
  changesAt: number;
}

const MINUTE_MS = 60_000;
/** After a boundary the channels are read again within this long (spread, so a district's boxes do not ask at once). */
const REFETCH_SPREAD_MS = 5_000;
/** A box's clock is trusted unless the server's differs by more than this (the Date header has whole seconds). */
const CLOCK_SLACK_MS = 3_000;

/** One programme's identity: a recurring broadcast airs many times. */
export const airingKey = (a: Airing | null): string | null => (a ? `${a.programme.broadcastId}@${a.programme.startsAt}` : null);

/** The channels a box of `street` watches, its street's first. */
export function boxChannels(channels: TvChannel[], street: string | null): TvChannel[] {
  const own = street ? channels.filter((c) => c.streetId === street) : [];
  return [...own, ...channels.filter((c) => c.streetId === null)];
}

/** What is on air and about to be at `nowMs` for a box of `street`: a pure function of the channel list and the clock. */
export function airState(channels: TvChannel[], street: string | null, nowMs: number): AirState {
  const mine = boxChannels(channels, street);
  let onAir: Airing | null = null;
  let soon: Airing | null = null;
  let changesAt = Infinity;
  const later = (t: number) => {
    if (t > nowMs && t < changesAt) changesAt = t;
  };
  for (const channel of mine) {
    for (const programme of [channel.now, channel.next]) {
      if (!programme) continue;
      const start = Date.parse(programme.startsAt);
      const end = Date.parse(programme.endsAt);
      later(start);
      later(end);
      if (start <= nowMs && nowMs < end) {
        onAir ??= { channel, programme };
        continue;
      }
      if (programme.takeover === 'none' || start <= nowMs) continue;
      const warnAt = start - programme.announceMinutes * MINUTE_MS;
      later(warnAt);
      if (warnAt <= nowMs && (!soon || start < Date.parse(soon.programme.startsAt))) soon = { channel, programme };
    }
  }
  return { channel: onAir?.channel ?? mine[0], onAir, soon, changesAt };
}

/** "2 分 05 秒", "45 秒": what is left, as the banner shows it. */
export function leftText(ms: number): string {
  const s = Math.max(0, Math.ceil(ms / 1000));
  return s >= 60 ? `${Math.floor(s / 60)} 分 ${String(s % 60).padStart(2, '0')} 秒` : `${s} 秒`;
}

/** What the voice read-out says as the countdown comes up: whole minutes, or seconds under one. */
export function spokenLeft(ms: number): string {
  const s = Math.max(0, Math.ceil(ms / 1000));
  return s >= 60 ? `${Math.round(s / 60)}分钟` : `${s}秒`;
}

export interface AirHandlers {
  /** Something changed (the channels were read again, or a moment passed): redraw what shows it. */
  changed(state: AirState): void;
  /** A countdown begins (or its broadcast changed). */
  soon(a: Airing): void;
  /** A broadcast is on air that was not before: `late` when the box learned of it after its start (switched on mid-way). */
  started(a: Airing, late: boolean): void;
  /** The broadcast that was on air is not any more. */
  ended(a: Airing): void;
}

let channels: TvChannel[] = [];
let loaded = false;
/** Whether a state worked out from the channels has been seen (false until the first read answers). */
let seen = false;
let skewMs = 0;
let state: AirState = { channel: undefined, onAir: null, soon: null, changesAt: Infinity };
let timer: ReturnType<typeof setTimeout> | undefined;
let refetchTimer: ReturnType<typeof setTimeout> | undefined;
let handlers: AirHandlers | undefined;
const listeners = new Set<(s: AirState) => void>();

/** The server's time as this box best knows it. */
export const serverNow = (): number => Date.now() + skewMs;

/** The state now (after the first read of the channels; before it, nothing is on air). */
export const air = (): AirState => state;
export const airLoaded = (): boolean => loaded;

/** Calls `listener` on every change, until the returned function is called. */
export function onAir(listener: (s: AirState) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Starts watching: the App's handlers hear of soon / started / ended. */
export function watchBroadcasts(on: AirHandlers): void {
  handlers = on;
  void refreshChannels();
}

/** Reads the channels again (an event, a reconnection, a poll, a boundary passed). Failures wait for the next reason. */
export async function refreshChannels(): Promise<void> {
  const street = streetId();
  const path = `/api/tv/v1/channels${street ? `?street=${encodeURIComponent(street)}` : ''}`;
  try {
    const sent = Date.now();
    const res = await fetch(`${apiBase()}${path}`, { cache: 'no-cache' });
    if (!res.ok) return;
    const body = (await res.json()) as TvChannelsResponse;
    const date = Date.parse(res.headers.get('Date') ?? '');
    if (Number.isFinite(date)) {
      const skew = date - (sent + Date.now()) / 2;
      skewMs = Math.abs(skew) > CLOCK_SLACK_MS ? skew : 0;
    }
    channels = body.channels;
    loaded = true;
    update();
  } catch {
    // offline: the next event, poll or boundary tries again
  }
}

/** Works the state out again for this moment and tells whoever needs to know what changed. */
function update(): void {
  const before = state;
  state = airState(channels, streetId(), serverNow());
  clearTimeout(timer);
  if (Number.isFinite(state.changesAt)) {
    // A timer per boundary (never a polling loop): the moment, exactly, then the channels read again for the next one.
    timer = setTimeout(() => {
      update();
      clearTimeout(refetchTimer);
      refetchTimer = setTimeout(() => void refreshChannels(), Math.random() * REFETCH_SPREAD_MS);
    }, Math.min(state.changesAt - serverNow() + 50, 2 ** 31 - 1));
  }
  const was = airingKey(before.onAir);
  const is = airingKey(state.onAir);
  if (before.onAir && was !== is) handlers?.ended(before.onAir);
  if (state.soon && airingKey(state.soon) !== airingKey(before.soon)) handlers?.soon(state.soon);
  if (state.onAir && was !== is) {
    // Late: on air in the first read since the box was switched on, or learned of well after its start.
    const late = !seen || serverNow() - Date.parse(state.onAir.programme.startsAt) > REFETCH_SPREAD_MS + CLOCK_SLACK_MS;
    handlers?.started(state.onAir, late);
  }
  seen = true;
  handlers?.changed(state);
  for (const l of listeners) l(state);
}
