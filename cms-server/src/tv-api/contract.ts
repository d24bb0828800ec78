// The TV API's JSON, version 1 (`/api/tv/v1/...`). The TV app imports these types (type-only),
// so a change here shows up as a type error on both sides.
import type { GuideData, ItemKind, RecruitmentData, SectionId } from '../seed/content-schema.ts';

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

/** GET /api/tv/v1/items/:id */
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

/** Every error, on every API: a stable machine code and a Chinese message for people. */
export interface ErrorResponse {
  error: { code: string; message: string };
}
