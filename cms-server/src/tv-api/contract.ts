// The TV API's JSON, version 1 (`/api/tv/v1/...`). The TV app imports these types (type-only),
// so a change here shows up as a type error on both sides.
import type { GuideData, ItemKind, RecruitmentData, SectionId } from '../domain/vocabulary.ts';

export type { GuideData, ItemKind, RecruitmentData, SectionId };

export interface VideoInfo {
  /** Master playlist, e.g. "/media/a-1b2c3d/master.m3u8" (same origin as the API). */
  hls: string;
  /** Poster frame, e.g. "/media/a-1b2c3d/poster.jpg". */
  poster: string;
  durationSec: number;
  renditions: { height: number; bandwidth: number }[];
}

/** What a row on a section screen needs. */
export interface ItemSummary {
  id: string;
  sectionId: SectionId;
  kind: ItemKind;
  title: string;
  summary: string;
  /** ISO 8601 UTC. */
  publishedAt: string;
  urgent: boolean;
  /** Present on ready videos. */
  poster?: string;
  durationSec?: number;
  /** Recruitment only: last day to apply, "YYYY-MM-DD" (Asia/Shanghai). */
  deadline?: string;
}

export interface SectionWithItems {
  id: SectionId;
  /** The remote digit that opens the section: "1".."9", "0". */
  key: string;
  title: string;
  description: string;
  items: ItemSummary[];
}

/** GET /api/tv/v1/catalog */
export interface CatalogResponse {
  /** Changes whenever anything in the catalog changes (also the ETag). */
  version: string;
  sections: SectionWithItems[];
}

// ---- Version 2: a catalog whose size does not grow with the archive (issue 15) ----
// v1's GET /catalog (every published item) stays, served from the same built-once cache, so a box running the old
// app keeps working until it updates. Order everywhere: urgent first, then newest published first, then id — the
// order of v1's section lists.

/** One section on home: its count and its newest items (at most HOME_ITEMS_PER_SECTION). */
export interface HomeSection {
  id: SectionId;
  key: string;
  title: string;
  description: string;
  /** How many items a box of this street sees in the section now. */
  count: number;
  /** The first items of the section's list, in list order: also the first page of GET /sections/:id/items. */
  items: ItemSummary[];
}

/** GET /api/tv/v2/catalog[?street=<id>] — what home needs; ETag = version, and 304 on a matching If-None-Match. */
export interface HomeResponse {
  /** Changes whenever anything a box of this street sees changes (also the ETag). */
  version: string;
  sections: HomeSection[];
  /** Urgent notices a box of this street sees now, newest first (so a box never misses one beyond the first page). */
  urgent: ItemSummary[];
}

/**
 * GET /api/tv/v2/sections/:id/items[?street=<id>][&cursor=<opaque>][&limit=1..100, default 50] — one page of a
 * section's list. `nextCursor` continues after the last item of this page (keyset on the list order), so items
 * published meanwhile never shift or repeat a page; null at the end. Cacheable with an ETag like the catalog.
 */
export interface SectionPage {
  sectionId: SectionId;
  /** The section's count now (it may grow while a box pages). */
  total: number;
  items: ItemSummary[];
  nextCursor: string | null;
}

/** GET /api/tv/v1/items/:id (and /api/tv/v2/items/:id, the same) */
export interface ItemDetail extends ItemSummary {
  /** Paragraphs separated by a blank line ("\n\n"). */
  body: string;
  video?: VideoInfo;
  guide?: GuideData;
  recruitment?: RecruitmentData;
}

/** POST /api/tv/v1/progress[?street=<id>] (answers 204): where the box is in a video. */
export interface ProgressReportBody {
  /** A random UUID the box makes once and keeps (localStorage): a box, not a person. */
  deviceId: string;
  itemId: string;
  positionSec: number;
  durationSec: number;
  /** 谁在看: the digits (1–9) of the household members watching (a paired box only); their study is credited. */
  members?: number[];
}

/** One entry of GET /api/tv/v1/progress?deviceId= */
export interface ProgressPosition {
  itemId: string;
  positionSec: number;
  durationSec: number;
  /** Seconds actually played (seeks do not count). */
  watchedSec: number;
  /** UTC ISO 8601. */
  firstSeenAt: string;
  lastSeenAt: string;
}

/** GET /api/tv/v1/progress?deviceId= : the box's positions, most recent first. */
export interface ProgressResponse {
  positions: ProgressPosition[];
}

/**
 * GET /api/tv/v1/events[?street=<id>] — Server-Sent Events. Each message's `event:` names one of these and its
 * `data:` is the JSON below. The last message of each batch carries an `id:`; a box that reconnects sends it back
 * (the `Last-Event-ID` header, or `?lastEventId=` when it opens a new EventSource) and is sent the urgent notices
 * it missed, then `catalog`. Every connection starts with `catalog`, so a box knows at once whether its catalog
 * is current. The pairing of boxes to households will add its own event names here.
 */
export interface TvEvents {
  /** The catalog this box sees now has this version (its ETag): refetch it once if yours differs. */
  catalog: { version: string };
  /** An urgent notice (紧急通知) reached this box's screens: show it over whatever is on. */
  urgent: { item: ItemSummary };
  /** An urgent notice was taken off: stop showing it. */
  urgent_withdrawn: { itemId: string };
  /**
   * This channel's schedule changed (a broadcast made, moved, changed or deleted, its filler set): refetch
   * GET /api/tv/v1/channels. What is on air, soon and over the box works out from now/next and its clock.
   */
  broadcasts: { channelId: string };
}
export type TvEventName = keyof TvEvents;

/** Every error, on every API: a stable machine code and a Chinese message for people. */
export interface ErrorResponse {
  error: { code: string; message: string };
}

/** One programme of a channel (GET /api/tv/v1/channels): a scheduled broadcast. Times are UTC ISO 8601. */
export interface TvProgramme {
  broadcastId: string;
  title: string;
  startsAt: string;
  endsAt: string;
  /** What the boxes do when it starts: nothing, ask 会议开始了，按 OK 键观看, or switch to it. */
  takeover: 'none' | 'prompt' | 'switch';
  /** How many minutes before the start a box with takeover shows the countdown. */
  announceMinutes: number;
}

/** A live channel as a box sees it: where to play it, and what is on now and next. */
export interface TvChannel {
  id: string;
  name: string;
  /** null: the district's channel; a box shows its street's channel, else the district's. */
  streetId: string | null;
  /** The master playlist (HLS, live). */
  hls: string;
  now: TvProgramme | null;
  next: TvProgramme | null;
  /** While a relayed meeting is on (now is a relay slot): its signal; null (or absent) otherwise. */
  signal?: TvRelaySignal | null;
}

/**
 * A relayed meeting's signal. `interrupted`: the upstream stalled or failed and the channel plays filler — show
 * `plate` (直播信号中断，稍后恢复) over the picture until the state is `live` again (`plate` is then null). `since` is
 * the EXT-X-PROGRAM-DATE-TIME of the first segment in this state: a box playing behind the live edge shows the plate
 * once the picture it plays has reached it. The list may be cached for 2 s; a box polls it while a relay is on.
 */
export interface TvRelaySignal {
  state: 'live' | 'interrupted';
  since: string;
  plate: string | null;
}

/** GET /api/tv/v1/channels. */
export interface TvChannelsResponse {
  channels: TvChannel[];
}

// ---- Boxes and pairing (issue 16) ----

/**
 * POST /api/tv/v1/boxes/hello[?street=<id>] — a box says it is on: at start, every minute after, and every few
 * seconds while it shows a pairing code. Registers a new box (within the bounds on new boxes) and answers its
 * pairing. The device id is the box's own random UUID, kept on the box: only the box knows it.
 */
export interface BoxHelloBody {
  deviceId: string;
  /** The app's version, e.g. "0.1.0". */
  appVersion: string;
}

/** A member of the box's household, as the TV lists them for 谁在看 (the digit picks them). */
export interface TvMember {
  position: number;
  name: string;
}

/** The answer to hello: paired to a household (its name and members) or not. */
export interface BoxStatus {
  paired: boolean;
  household: { name: string; members: TvMember[] } | null;
}

/** POST /api/tv/v1/boxes/pairing-code — a new code for this box to show (its earlier code stops working). */
export interface PairingCodeBody {
  deviceId: string;
}
export interface PairingCodeResponse {
  /** Six digits, shown large; staff type it into the admin's 机顶盒 page. */
  code: string;
  /** UTC ISO 8601; the box asks for a new code after it. */
  expiresAt: string;
  /** The admin's page that pairs this code (same origin): what the QR code holds, for a phone already signed in. */
  pairPath: string;
}

/**
 * POST /api/tv/v1/boxes/summary {deviceId, members: digits} — what the TV says after a lesson: each watching
 * member's study this month (「本月已学习 3 小时 20 分」). Only the box's own household's members.
 */
export interface TvStudySummary {
  members: { position: number; name: string; monthSeconds: number }[];
}
