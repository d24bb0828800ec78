// What the playlists know of the relays (relay-engine.ts writes, this reads): each relayed slot's segments as the
// pure playlist function takes them (RelayFeed). A finished slot's feed goes into the channel's index for good; the
// running slot's is read again at most every RELAY_FEED_TTL_MS, or at once when this process's engine added a segment.
import path from 'node:path';
import { HLS_SEGMENT_S, RELAY_FEED_TTL_MS, RELAY_STALL_TARGET_DURATIONS } from '../constants.ts';
import type { Db } from '../db/database.ts';
import { RELAY_INTERRUPTED_LABEL } from '../domain/labels.ts';
import type { TvRelaySignal } from '../tv-api/contract.ts';
import { openRelayAt, relaySignal, type ChannelIndex, type RelayFeed } from './live-playlist.ts';
import { RelayRepository, type RelayRow, type RelaySegmentRow } from './relay-repository.ts';

// Per database (one per process): each running relay's feed as last read.
const feeds = new WeakMap<Db, Map<string, { feed: RelayFeed; readAt: number }>>();
const feedsOf = (db: Db) => {
  let f = feeds.get(db);
  if (!f) feeds.set(db, (f = new Map()));
  return f;
};

/** A relay of this process got a segment (relay-engine.ts): the playlists read its feed again at once. */
export function relayFeedChanged(db: Db, relayId: string): void {
  feedsOf(db).delete(relayId);
}

/** Where the relay cache lives: DATA_DIR/relay, one folder per relay. */
export const relayCacheDir = (dataDir: string): string => path.join(dataDir, 'relay');

/** The URL a relayed segment is served at from the relay cache (relay-routes.ts). */
export const relaySegmentUrl = (relayId: string, n: number): string => `/relay/${encodeURIComponent(relayId)}/seg_${n}.ts`;

/** A relay's rows as the playlist function takes them. */
export function feedOf(relay: RelayRow, segments: RelaySegmentRow[], final: boolean): RelayFeed {
  return {
    segments: segments.map((s) => ({
      atMs: s.at_ms,
      durationMs: s.duration_ms,
      uri: relaySegmentUrl(relay.id, s.n),
      discontinuity: s.discontinuity === 1,
    })),
    stallMs: RELAY_STALL_TARGET_DURATIONS * (relay.target_ms ?? HLS_SEGMENT_S * 1000),
    final,
  };
}

const EMPTY = (final: boolean): RelayFeed => ({ segments: [], stallMs: RELAY_STALL_TARGET_DURATIONS * HLS_SEGMENT_S * 1000, final });

export class RelayFeeds {
  private readonly repo: RelayRepository;
  /** The relay of each running slot (`<broadcast>@<start ms>`), once found. */
  private readonly relayIds = new Map<string, string>();

  constructor(private readonly db: Db) {
    this.repo = new RelayRepository(db);
  }

  /**
   * The feeds of a channel's relay slots as the index is built at `nowMs`: a slot that ended is final (its segments
   * are counted for good, fixing the numbers of everything after it); a running or future one is filled per request.
   */
  forChannel(channelId: string, nowMs: number): (broadcastId: string, startMs: number, endMs: number) => RelayFeed {
    const relays = new Map(this.repo.ofChannel(channelId).map((r) => [`${r.broadcast_id}@${Date.parse(r.starts_at)}`, r]));
    return (broadcastId, startMs, endMs) => {
      const relay = relays.get(`${broadcastId}@${startMs}`);
      const final = endMs <= nowMs;
      return relay ? feedOf(relay, final ? this.repo.segments(relay.id) : [], final) : EMPTY(final);
    };
  }

  /** The signal of the relay slot on air at `nowMs` (the boxes' plate), or null when no relay is on. */
  signal(index: ChannelIndex, nowMs: number): TvRelaySignal | null {
    const slot = openRelayAt(index, nowMs);
    const feed = slot && slot.endMs > nowMs ? this.current(index, nowMs) : undefined;
    if (!slot || !feed) return null;
    const { live, sinceMs } = relaySignal(slot, feed, nowMs, index.targetDuration);
    return { state: live ? 'live' : 'interrupted', since: new Date(sinceMs).toISOString(), plate: live ? null : RELAY_INTERRUPTED_LABEL };
  }

  /**
   * The feed of the relay slot running at `nowMs` in this index (undefined when none runs): no database read while
   * the last one is younger than RELAY_FEED_TTL_MS and this process's engine added nothing since.
   */
  current(index: ChannelIndex, nowMs: number): RelayFeed | undefined {
    const slot = openRelayAt(index, nowMs);
    if (!slot) return undefined;
    const key = `${slot.broadcastId}@${slot.startMs}`;
    const cache = feedsOf(this.db);
    const now = Date.now();
    const known = this.relayIds.get(key);
    const hit = known === undefined ? undefined : cache.get(known);
    if (hit && now - hit.readAt < RELAY_FEED_TTL_MS) return hit.feed;
    const relay = this.repo.ofOccurrence(slot.broadcastId, new Date(slot.startMs).toISOString());
    if (!relay) return slot.relay;
    this.relayIds.set(key, relay.id);
    const feed = feedOf(relay, this.repo.segments(relay.id), false);
    cache.set(relay.id, { feed, readAt: now });
    return feed;
  }
}
