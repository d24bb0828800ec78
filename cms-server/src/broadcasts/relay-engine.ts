// The relay engine: during a relay slot it pulls the upstream's live HLS once — its media playlist parsed with
// hls-parser, each new segment downloaded once into the relay cache (DATA_DIR/relay/<relay>/seg_<n>.ts) and written as
// a row (relay-repository.ts) — and the channel's playlists serve those segments to every box (relay-feeds.ts,
// live-playlist.ts relayRuns): a thousand boxes cost one upstream pull per segment. When the slot ends the segments
// are remuxed (ffmpeg -c copy, nothing re-encoded) into an asset laid out like the packager's, and a draft video item
// in 支部党课 waits for review.
//
// The clock is the caller's tick (background.ts, node-cron): each tick opens the relays that are due, polls the
// upstreams whose poll is due (every half target duration), and records the relays whose slot ended. Everything is
// in the database, so a restarted process resumes pulling the slot that runs and records what was left unrecorded.
import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { parse as parsePlaylist, types as hls } from 'hls-parser';
import cron from 'node-cron';
import { AuditLog } from '../audit/audit-log.ts';
import {
  HLS_SEGMENT_S,
  ITEM_TITLE_MAX_CHARS,
  RELAY_CACHE_KEEP_AFTER_S,
  RELAY_CACHE_MAX_BYTES,
  RELAY_MAX_SLOT_H,
  RELAY_PLAYLIST_MAX_BYTES,
  RELAY_RECORD_MAX_ATTEMPTS,
  RELAY_RECORD_TIMEOUT_MS,
  RELAY_RECORDING_SECTION,
  RELAY_SEGMENT_MAX_BYTES,
  RELAY_TICK_S,
} from '../constants.ts';
import { AdminItemRepository } from '../content/item-repository.ts';
import { inTransaction, type Db } from '../db/database.ts';
import { RECORDING_LABEL } from '../domain/labels.ts';
import { monthDay, shanghaiTime } from '../domain/time.ts';
import type { Logger } from '../logger.ts';
import { AssetRepository } from '../media/asset-repository.ts';
import { probe, run } from '../media/ffmpeg.ts';
import { readRenditions } from '../media/packager.ts';
import { BroadcastRepository } from './broadcast-repository.ts';
import { relayFeedChanged } from './relay-feeds.ts';
import { relayFetch } from './relay-fetch.ts';
import { RelayRepository, type RelayRow } from './relay-repository.ts';

export interface RelayEngineDeps {
  db: Db;
  log: Logger;
  /** DATA_DIR/relay: one folder per relay. */
  cacheDir: string;
  mediaDir: string;
  allowPrivate: boolean;
  clock?: () => Date;
}

/** One upstream being pulled, in memory (what is stored survives a restart; this is only where the poll stands). */
interface Pull {
  relay: RelayRow;
  url: string;
  /** The media playlist chosen from a master playlist. */
  mediaUrl?: string;
  lastSeq?: number;
  lastUri?: string;
  lastN: number;
  lastAtMs: number;
  bytes: number;
  /** The next segment starts a new piece: this process (re)connected, or the upstream restarted. */
  discontinuity: boolean;
  busy: boolean;
  nextPollMs: number;
  /** Pulling ends here: the slot's end, or RELAY_MAX_SLOT_H after its start. */
  untilMs: number;
  abort: AbortController;
}

/** The media playlist a relay follows in a master: the tallest variant no taller than 720p, else the shortest. */
function chooseVariant(master: hls.MasterPlaylist): hls.Variant | undefined {
  const heightOf = (v: hls.Variant) => v.resolution?.height ?? 0;
  const fit = master.variants.filter((v) => heightOf(v) <= 720).sort((a, b) => heightOf(b) - heightOf(a) || b.bandwidth - a.bandwidth);
  return fit[0] ?? [...master.variants].sort((a, b) => heightOf(a) - heightOf(b))[0];
}

export class RelayEngine {
  private readonly repo: RelayRepository;
  private readonly broadcasts: BroadcastRepository;
  private readonly pulls = new Map<string, Pull>();
  private readonly log: Logger;
  private readonly clock: () => Date;
  private recording: Promise<void> | null = null;
  private stopped = false;
  /** Stopping the process kills a recording's ffmpeg; the relay stays `recording` and the next process records it. */
  private readonly stopRecording = new AbortController();

  constructor(private readonly deps: RelayEngineDeps) {
    this.repo = new RelayRepository(deps.db);
    this.broadcasts = new BroadcastRepository(deps.db);
    this.log = deps.log.child({ part: 'relay' });
    this.clock = deps.clock ?? (() => new Date());
  }

  /** One tick: open what is due, poll what is due, record what ended, tidy the cache. Never throws. */
  tick(): void {
    if (this.stopped) return;
    const now = this.clock();
    const iso = now.toISOString();
    try {
      for (const o of this.repo.due(iso)) {
        const relay = this.repo.open(crypto.randomUUID(), o, iso);
        if (relay.status !== 'live' || this.pulls.has(relay.id)) continue;
        // Past its bounds (the cache full, the longest stretch relayed) the slot stays filler until it ends.
        const untilMs = Math.min(Date.parse(relay.ends_at), Date.parse(relay.starts_at) + RELAY_MAX_SLOT_H * 3_600_000);
        if (relay.bytes >= RELAY_CACHE_MAX_BYTES || now.getTime() >= untilMs) continue;
        const last = this.repo.lastSegment(relay.id);
        this.pulls.set(relay.id, {
          relay,
          url: o.relay_url,
          lastN: last?.n ?? -1,
          lastAtMs: last?.at_ms ?? 0,
          bytes: relay.bytes,
          discontinuity: last !== undefined,
          busy: false,
          nextPollMs: 0,
          untilMs,
          abort: new AbortController(),
        });
        this.log.info({ relay: relay.id, broadcast: o.broadcast_id }, 'relay started');
      }
      for (const [id, p] of this.pulls) {
        if (now.getTime() >= p.untilMs) {
          p.abort.abort();
          this.pulls.delete(id);
          continue;
        }
        if (!p.busy && now.getTime() >= p.nextPollMs) void this.poll(p);
      }
      if (!this.recording) {
        const next = this.repo.toRecord(iso).find((r) => !this.pulls.has(r.id));
        if (next) this.recording = this.record(next).finally(() => (this.recording = null));
      }
      if (now.getSeconds() === 0) void this.tidy(now);
    } catch (err) {
      this.log.error({ err }, 'relay tick failed');
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const p of this.pulls.values()) p.abort.abort();
    this.pulls.clear();
    this.stopRecording.abort();
    await this.recording;
  }

  /** One poll of an upstream: its playlist, then every new segment into the cache, oldest first. */
  private async poll(p: Pull): Promise<void> {
    p.busy = true;
    const opts = { allowPrivate: this.deps.allowPrivate, signal: p.abort.signal };
    try {
      const got = await relayFetch(p.mediaUrl ?? p.url, { ...opts, maxBytes: RELAY_PLAYLIST_MAX_BYTES });
      const playlist = parsePlaylist(got.body.toString('utf8'));
      if (playlist instanceof hls.MasterPlaylist) {
        const variant = chooseVariant(playlist);
        if (!variant) throw new Error('the upstream master playlist has no variants');
        p.mediaUrl = new URL(variant.uri, got.url).href;
        p.nextPollMs = 0;
        return;
      }
      const media = playlist as hls.MediaPlaylist;
      const targetMs = Math.max(1, media.targetDuration || HLS_SEGMENT_S) * 1000;
      if (p.relay.target_ms !== targetMs) {
        this.repo.setTarget(p.relay.id, targetMs);
        p.relay = { ...p.relay, target_ms: targetMs };
      }
      p.nextPollMs = this.clock().getTime() + Math.max(500, targetMs / 2);
      const segs = media.segments.map((s, i) => ({ s, seq: s.mediaSequenceNumber ?? (media.mediaSequenceBase ?? 0) + i }));
      if (segs.length === 0) return;
      let fresh: typeof segs;
      const known = p.lastSeq === undefined ? undefined : segs.find((x) => x.seq === p.lastSeq);
      if (p.lastSeq === undefined) fresh = segs.slice(-1);
      else if (known && known.s.uri === p.lastUri) fresh = segs.filter((x) => x.seq > p.lastSeq!);
      else if (!known && segs[0]!.seq > p.lastSeq) fresh = segs.slice(-1); // fell behind the window: join at its edge
      else {
        // The numbers went back or a number names another file: the upstream restarted.
        fresh = segs.slice(-1);
        p.discontinuity = true;
      }
      for (const { s, seq } of fresh) {
        if (p.abort.signal.aborted) return;
        if (p.bytes >= RELAY_CACHE_MAX_BYTES) {
          this.log.warn({ relay: p.relay.id, bytes: p.bytes }, 'relay cache limit reached: the channel shows filler');
          p.untilMs = 0;
          return;
        }
        const body = (await relayFetch(new URL(s.uri, got.url).href, { ...opts, maxBytes: RELAY_SEGMENT_MAX_BYTES })).body;
        const n = p.lastN + 1;
        const dir = path.join(this.deps.cacheDir, p.relay.id);
        await fs.mkdir(dir, { recursive: true });
        await fs.writeFile(path.join(dir, `seg_${n}.ts`), body);
        // Arrival times only increase, so the channel's order is the arrival order.
        const atMs = Math.max(this.clock().getTime(), p.lastAtMs + 1);
        if (atMs >= p.untilMs) return;
        this.repo.addSegment(p.relay.id, {
          n,
          at_ms: atMs,
          duration_ms: Math.round(s.duration * 1000),
          bytes: body.length,
          upstream_seq: seq,
          discontinuity: p.discontinuity || s.discontinuity ? 1 : 0,
        });
        relayFeedChanged(this.deps.db, p.relay.id);
        Object.assign(p, { lastN: n, lastAtMs: atMs, lastSeq: seq, lastUri: s.uri, bytes: p.bytes + body.length, discontinuity: false });
      }
    } catch (err) {
      if (!p.abort.signal.aborted) this.log.warn({ relay: p.relay.id, err: String(err) }, 'relay upstream failed');
      p.nextPollMs = this.clock().getTime() + 1000;
    } finally {
      p.busy = false;
    }
  }

  /**
   * The slot ended: its segments remuxed (-c copy) into an asset folder like the packager's (master.m3u8,
   * v0/index.m3u8, v0/seg_NNN.ts, poster.jpg), the asset ready and a draft video item in 支部党课, in one transaction.
   */
  private async record(relay: RelayRow): Promise<void> {
    const nowIso = this.clock().toISOString();
    if (!this.repo.startRecording(relay.id, nowIso)) return;
    const segments = this.repo.segments(relay.id);
    if (segments.length === 0) {
      this.repo.failed(relay.id, 'nothing was relayed', nowIso);
      this.log.warn({ relay: relay.id }, 'relay ended with nothing relayed: no recording');
      return;
    }
    const assetId = `rec-${relay.id}`;
    const outDir = path.join(this.deps.mediaDir, assetId);
    const tmp = path.join(this.deps.mediaDir, `.tmp-${assetId}-${crypto.randomBytes(4).toString('hex')}`);
    try {
      const cache = path.join(this.deps.cacheDir, relay.id);
      await fs.mkdir(path.join(tmp, 'v0'), { recursive: true });
      const list = segments.map((s) => `file '${path.join(cache, `seg_${s.n}.ts`)}'`).join('\n');
      await fs.writeFile(path.join(tmp, 'list.txt'), `${list}\n`);
      const info = await probe(path.join(cache, `seg_${segments[0]!.n}.ts`));
      const runOpts = { timeoutMs: RELAY_RECORD_TIMEOUT_MS, signal: this.stopRecording.signal };
      // prettier-ignore
      await run('ffmpeg', [
        '-y', '-hide_banner', '-nostdin', '-f', 'concat', '-safe', '0', '-i', path.join(tmp, 'list.txt'),
        '-map', '0:v:0', ...(info.audio ? ['-map', '0:a:0'] : []), '-c', 'copy',
        '-f', 'hls', '-hls_time', String(HLS_SEGMENT_S), '-hls_playlist_type', 'vod',
        '-hls_segment_filename', path.join(tmp, 'v%v', 'seg_%03d.ts'),
        '-master_pl_name', 'master.m3u8', '-var_stream_map', info.audio ? 'v:0,a:0' : 'v:0',
        path.join(tmp, 'v%v', 'index.m3u8'),
      ], runOpts);
      await fs.rm(path.join(tmp, 'list.txt'));
      const media = parsePlaylist(await fs.readFile(path.join(tmp, 'v0', 'index.m3u8'), 'utf8')) as hls.MediaPlaylist;
      const durationSec = media.segments.reduce((t, s) => t + s.duration, 0);
      // The poster is one picture decoded from the recording; the video itself is only copied.
      // prettier-ignore
      await run('ffmpeg', ['-y', '-hide_banner', '-nostdin', '-ss', Math.min(1, durationSec / 2).toFixed(2), '-i',
        path.join(tmp, 'v0', 'index.m3u8'), '-frames:v', '1', '-vf', 'scale=-2:360', path.join(tmp, 'poster.jpg')], runOpts);
      const renditions = (await readRenditions(path.join(tmp, 'master.m3u8'))).map((r) => ({ ...r, height: r.height || info.video?.height || 0 }));
      await fs.rm(outDir, { recursive: true, force: true });
      await fs.rename(tmp, outDir);
      const itemId = this.file(relay, assetId, durationSec, renditions);
      this.log.info({ relay: relay.id, asset: assetId, item: itemId, durationSec }, 'relay recorded');
    } catch (err) {
      await fs.rm(tmp, { recursive: true, force: true });
      if (this.stopped) return;
      const message = err instanceof Error ? err.message : String(err);
      const iso = this.clock().toISOString();
      if (relay.attempts + 1 >= RELAY_RECORD_MAX_ATTEMPTS) this.repo.failed(relay.id, message, iso);
      else this.repo.recordError(relay.id, message, iso);
      this.log.error({ relay: relay.id, err }, 'relay recording failed');
    }
  }

  /** The asset and its draft item, written with the relay's new state and the audit row in one transaction. */
  private file(relay: RelayRow, assetId: string, durationSec: number, renditions: { height: number; bandwidth: number }[]): string | null {
    const db = this.deps.db;
    const assets = new AssetRepository(db);
    const items = new AdminItemRepository(db);
    const audit = new AuditLog(db, this.clock);
    const broadcast = this.broadcasts.get(relay.broadcast_id);
    const channel = this.broadcasts.channel(relay.channel_id);
    const streetId = channel?.street_id ?? null;
    const day = shanghaiTime(new Date(relay.starts_at));
    const suffix = `（${day ? monthDay(day, day) : ''}${RECORDING_LABEL}）`;
    const base = broadcast?.title ?? RECORDING_LABEL;
    const title = `${base.slice(0, ITEM_TITLE_MAX_CHARS - suffix.length)}${suffix}`;
    const by = broadcast?.created_by ?? '';
    const now = this.clock().toISOString();
    return inTransaction(db, (): string | null => {
      if (!assets.get(assetId)) {
        assets.createUploaded({ id: assetId, sourceName: `relay:${relay.broadcast_id}`, title, sourceSize: relay.bytes, streetId, createdBy: by });
      }
      assets.markReady(assetId, durationSec, renditions);
      let itemId: string | null = null;
      if (this.repo.sectionExists(RELAY_RECORDING_SECTION)) {
        itemId = `rec-${relay.id}`;
        items.create(
          {
            id: itemId,
            sectionId: RELAY_RECORDING_SECTION,
            kind: 'video',
            title,
            summary: title,
            body: '',
            urgent: false,
            data: {},
            assetId,
            streetId,
            status: 'draft',
            publishAt: null,
            unpublishAt: null,
            publishedAt: null,
          },
          by,
          now,
        );
        // The engine acts for nobody (actor null): the log says 系统, like the scheduler's.
        audit.record({
          actor: null,
          action: 'item_created',
          targetType: 'item',
          targetId: itemId,
          streetId,
          detail: { title, kind: 'video', assetId, recordedFrom: relay.broadcast_id, relayStartsAt: relay.starts_at },
        });
      }
      this.repo.recorded(relay.id, assetId, itemId, now);
      return itemId;
    });
  }

  /** Removes the cache of relays recorded a while ago (the last boxes have moved on). */
  private async tidy(now: Date): Promise<void> {
    const before = new Date(now.getTime() - RELAY_CACHE_KEEP_AFTER_S * 1000).toISOString();
    for (const r of this.repo.recordedBefore(before)) {
      await fs.rm(path.join(this.deps.cacheDir, r.id), { recursive: true, force: true }).catch(() => undefined);
    }
  }
}

/** Starts the engine on a node-cron tick every RELAY_TICK_S (background.ts); the first tick runs at once. */
export function startRelayEngine(deps: RelayEngineDeps): { engine: RelayEngine; stop(): Promise<void> } {
  const engine = new RelayEngine(deps);
  engine.tick();
  const cronLog = {
    info: (m: string) => deps.log.debug(m),
    warn: (m: string) => deps.log.warn(m),
    error: (m: string | Error, err?: Error) => deps.log.error({ err: err ?? m }, 'node-cron'),
    debug: (m: string | Error) => deps.log.debug(String(m)),
  };
  const task = cron.schedule(`*/${RELAY_TICK_S} * * * * *`, () => engine.tick(), { name: 'relay', noOverlap: true, logger: cronLog });
  return {
    engine,
    async stop() {
      await task.destroy();
      await engine.stop();
    },
  };
}
