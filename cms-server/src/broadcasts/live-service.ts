// The channels as the boxes and IPTV players see them: each channel's timeline read from the database (its
// occurrences, the playable videos of each, its filler) and the packaged assets' segment lists read from disk with
// hls-parser, indexed once (live-playlist.ts) and kept until the schedule changes through this process or
// LIVE_INDEX_TTL_MS passes (another process's change). Packaged assets never change, so their segment lists are kept.
import fs from 'node:fs';
import path from 'node:path';
import { parse as parsePlaylist, types as hls } from 'hls-parser';
import { LIVE_INDEX_TTL_MS } from '../constants.ts';
import type { Db } from '../db/database.ts';
import { mediaUrl } from '../media/routes.ts';
import { BroadcastRepository, type ChannelRow, type PlayableRow, type Takeover } from './broadcast-repository.ts';
import { indexChannel, type ChannelIndex, type PackagedVideo, type ScheduledSlot } from './live-playlist.ts';
import { RelayFeeds } from './relay-feeds.ts';

/** What the boxes do when a broadcast starts (the TV API's now/next): by broadcast id. */
export type Takeovers = Map<string, { takeover: Takeover; announceMinutes: number }>;

interface Cached {
  index: ChannelIndex;
  channel: ChannelRow;
  takeovers: Takeovers;
  builtAt: number;
}

// Per database (one per process): the indexes this process has built, dropped when this process changes a schedule.
const caches = new WeakMap<Db, Map<string, Cached>>();
const cacheOf = (db: Db): Map<string, Cached> => {
  let c = caches.get(db);
  if (!c) caches.set(db, (c = new Map()));
  return c;
};

/** Drops a channel's index (its schedule or filler changed); the next request builds it again. */
export function invalidateChannel(db: Db, channelId: string): void {
  cacheOf(db).delete(channelId);
}

/**
 * A packaged asset's segments: every rung of its master playlist with its media playlist's segments, durations from
 * the first rung (the packager cuts all rungs at the same forced key frames). Undefined when its files are missing.
 * Read once and kept: only 'ready' assets come here (broadcast-repository.ts PLAYABLE), whose master no longer
 * changes — an early-playable one ('playable': the source copied, its master replaced when the ladder arrives)
 * never does.
 */
export function readPackagedVideo(mediaDir: string, assetId: string): PackagedVideo | undefined {
  const dir = path.join(mediaDir, assetId);
  try {
    const master = parsePlaylist(fs.readFileSync(path.join(dir, 'master.m3u8'), 'utf8'));
    if (!(master instanceof hls.MasterPlaylist)) return undefined;
    const rungs: PackagedVideo['rungs'] = [];
    let durationsMs: number[] | undefined;
    for (const v of master.variants) {
      const media = parsePlaylist(fs.readFileSync(path.join(dir, v.uri), 'utf8'));
      if (!(media instanceof hls.MediaPlaylist)) continue;
      const folder = path.posix.dirname(v.uri);
      const durations = media.segments.map((s) => Math.round(s.duration * 1000));
      durationsMs ??= durations;
      if (durations.length !== durationsMs.length) continue;
      rungs.push({ height: v.resolution?.height ?? 0, uris: media.segments.map((s) => mediaUrl(assetId, `${folder}/${s.uri}`)) });
    }
    return durationsMs && rungs.length > 0 ? { assetId, durationsMs, rungs } : undefined;
  } catch {
    return undefined;
  }
}

export class LiveChannels {
  private readonly repo: BroadcastRepository;
  /** The relayed slots' segments (relay-feeds.ts); the routes ask it for the running slot's. */
  readonly relayFeeds: RelayFeeds;
  private readonly videos = new Map<string, PackagedVideo | undefined>();

  constructor(
    private readonly db: Db,
    private readonly mediaDir: string,
    private readonly clock: () => Date = () => new Date(),
  ) {
    this.repo = new BroadcastRepository(db);
    this.relayFeeds = new RelayFeeds(db);
  }

  channels(): ChannelRow[] {
    return this.repo.channels();
  }

  /** A channel and its index, or undefined when there is no such channel. */
  get(channelId: string): { channel: ChannelRow; index: ChannelIndex; takeovers: Takeovers } | undefined {
    const cache = cacheOf(this.db);
    const now = Date.now();
    const hit = cache.get(channelId);
    // Built again once a relay slot that was running has ended: its segments then count for good.
    const relayEnded = hit !== undefined && (hit.index.openRelays[0]?.slot.endMs ?? Infinity) <= this.clock().getTime();
    if (hit && now - hit.builtAt < LIVE_INDEX_TTL_MS && !relayEnded) return hit;
    const channel = this.repo.channel(channelId);
    if (!channel) return undefined;
    const built = { channel, ...this.build(channel), builtAt: now };
    cache.set(channelId, built);
    return built;
  }

  private video(assetId: string): PackagedVideo | undefined {
    if (!this.videos.has(assetId)) this.videos.set(assetId, readPackagedVideo(this.mediaDir, assetId));
    return this.videos.get(assetId);
  }

  private videosOf(rows: PlayableRow[]): PackagedVideo[] {
    return rows.map((r) => this.video(r.asset_id)).filter((v): v is PackagedVideo => v !== undefined);
  }

  private build(channel: ChannelRow): { index: ChannelIndex; takeovers: Takeovers } {
    const now = this.clock().toISOString();
    const occurrences = this.repo.allOccurrences(channel.id);
    const relayFeed = this.relayFeeds.forChannel(channel.id, Date.parse(now));
    const items = this.repo.playableItems([...new Set(occurrences.filter((o) => o.source === 'items').map((o) => o.broadcast_id))], now);
    const slots: ScheduledSlot[] = occurrences.map((o) => ({
      broadcastId: o.broadcast_id,
      title: o.title,
      startMs: Date.parse(o.starts_at),
      endMs: Date.parse(o.ends_at),
      videos: this.videosOf(items.get(o.broadcast_id) ?? []),
      // A relay's slot: what the relay engine pulled, filler where it has nothing (relay-feeds.ts).
      relay: o.source === 'relay' ? relayFeed(o.broadcast_id, Date.parse(o.starts_at), Date.parse(o.ends_at)) : undefined,
    }));
    const takeovers: Takeovers = new Map(occurrences.map((o) => [o.broadcast_id, { takeover: o.takeover, announceMinutes: o.announce_min }]));
    return { index: indexChannel({ slots, filler: this.videosOf(this.repo.fillerItems(channel, now)) }), takeovers };
  }
}
