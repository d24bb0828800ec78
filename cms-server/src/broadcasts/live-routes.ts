// The live channels for boxes and IPTV players, public like /media/: GET /api/tv/v1/channels (the list with now/next),
// /live/<channel>/master.m3u8 and /live/<channel>/<height>p.m3u8 (live-playlist.ts), /iptv/channels.m3u and
// /iptv/epg.xml (epg.ts). Mounted by app.ts. Every answer is a function of the schedule and the clock, so caches may
// sit in front: playlists for LIVE_PLAYLIST_MAX_AGE_S, the lists and the guide with an ETag.
import crypto from 'node:crypto';
import { Router, type Request, type Response } from 'express';
import type { ChannelRow } from './broadcast-repository.ts';
import { EPG_DAYS_AFTER, EPG_DAYS_BEFORE, IPTV_LIST_MAX_AGE_S, LIVE_PLAYLIST_MAX_AGE_S, PLAYLIST_MAX_AGE_S } from '../constants.ts';
import { AppError } from '../domain/errors.ts';
import { isoDateOf, shanghaiIso, shanghaiTime } from '../domain/time.ts';
import type { TvChannelsResponse, TvProgramme } from '../tv-api/contract.ts';
import { channelName } from './broadcast-service.ts';
import { channelsM3u, xmltvGuide, type GuideChannel } from './epg.ts';
import { LIVE_RUNGS, livePlaylist, masterPlaylist, nowAndNext, type ScheduledSlot } from './live-playlist.ts';
import type { LiveChannels, Takeovers } from './live-service.ts';
import { channelIdSchema } from './validation.ts';

const M3U8 = 'application/vnd.apple.mpegurl';
const DAY_MS = 86_400_000;

const programme = (s: ScheduledSlot | null, takeovers: Takeovers): TvProgramme | null =>
  s && {
    broadcastId: s.broadcastId,
    title: s.title,
    startsAt: new Date(s.startMs).toISOString(),
    endsAt: new Date(s.endMs).toISOString(),
    ...(takeovers.get(s.broadcastId) ?? { takeover: 'none', announceMinutes: 0 }),
  };

/** Answers `body` with a strong ETag of its bytes, or 304 when the client already has it. */
function sendTagged(req: Request, res: Response, type: string, body: string, maxAge: number): void {
  const etag = `"${crypto.createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
  res.set({ 'Content-Type': type, ETag: etag, 'Cache-Control': `public, max-age=${maxAge}` });
  if (req.headers['if-none-match'] === etag) res.status(304).end();
  else res.send(body);
}

/** The address the M3U points players at: this server as the request reached it (Host, or the trusted proxy's). */
const baseUrlOf = (req: Request): string => `${req.protocol}://${req.get('host') ?? 'localhost'}`;

export function liveRouter(live: LiveChannels, clock: () => Date = () => new Date()): Router {
  const r = Router();
  const channel = (raw: unknown) => {
    const id = channelIdSchema.safeParse(raw);
    const found = id.success ? live.get(id.data) : undefined;
    if (!found) throw new AppError(404, 'not_found', '没有这个频道。');
    return found;
  };
  const fillerTitle = (c: ChannelRow) => c.filler_section_title ?? '精选节目轮播';

  r.get('/api/tv/v1/channels', (_req, res) => {
    const now = clock().getTime();
    const body: TvChannelsResponse = {
      channels: live.channels().map((c) => {
        const { index, takeovers } = live.get(c.id)!;
        const on = nowAndNext(index, now);
        return { id: c.id, name: channelName(c), streetId: c.street_id, hls: `/live/${c.id}/master.m3u8`, now: programme(on.now, takeovers), next: programme(on.next, takeovers), signal: live.relayFeeds.signal(index, now) };
      }),
    };
    res.set('Cache-Control', `public, max-age=${LIVE_PLAYLIST_MAX_AGE_S}`).json(body);
  });

  r.get('/live/:channel/master.m3u8', (req, res) => {
    channel(req.params.channel);
    res.set({ 'Content-Type': M3U8, 'Cache-Control': `public, max-age=${PLAYLIST_MAX_AGE_S}` }).send(masterPlaylist());
  });

  r.get('/live/:channel/:rung.m3u8', (req, res) => {
    const { index } = channel(req.params.channel);
    const now = clock().getTime();
    const m = /^(\d{3,4})p$/.exec(req.params.rung ?? '');
    const height = m ? Number(m[1]) : Number.NaN;
    if (!LIVE_RUNGS.includes(height as (typeof LIVE_RUNGS)[number])) throw new AppError(404, 'route_not_found', '没有这个清晰度。');
    res.set({ 'Content-Type': M3U8, 'Cache-Control': `public, max-age=${LIVE_PLAYLIST_MAX_AGE_S}` }).send(livePlaylist(index, height, now, live.relayFeeds.current(index, now)));
  });

  const guideChannels = (): GuideChannel[] =>
    live.channels().map((c) => ({
      id: c.id,
      name: channelName(c),
      group: c.street_id === null ? '全区' : (c.street_name ?? c.street_id),
      fillerTitle: fillerTitle(c),
      index: live.get(c.id)!.index,
    }));

  r.get('/iptv/channels.m3u', (req, res) => {
    sendTagged(req, res, 'audio/x-mpegurl; charset=utf-8', channelsM3u(guideChannels(), baseUrlOf(req)), IPTV_LIST_MAX_AGE_S);
  });

  r.get('/iptv/epg.xml', (req, res) => {
    // From yesterday's Shanghai midnight to the end of the seventh day ahead: fixed within a day, so the ETag holds.
    const today = Date.parse(shanghaiIso(isoDateOf(shanghaiTime(clock())!)));
    const guide = xmltvGuide(guideChannels(), today - EPG_DAYS_BEFORE * DAY_MS, today + (EPG_DAYS_AFTER + 1) * DAY_MS);
    sendTagged(req, res, 'application/xml; charset=utf-8', guide, IPTV_LIST_MAX_AGE_S);
  });
  return r;
}
