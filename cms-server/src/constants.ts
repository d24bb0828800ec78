// Every limit and tunable of the CMS in one place, each with its unit.

/** Seconds a TV (or a cache in front of it) may reuse the catalog before asking again. */
export const CATALOG_MAX_AGE_S = 30;
/** Seconds a cache may serve a stale catalog while it revalidates (a box on a flaky link keeps working). */
export const CATALOG_STALE_S = 300;
/** Seconds a media playlist may be cached; segments are immutable once packaged. */
export const PLAYLIST_MAX_AGE_S = 60;
export const SEGMENT_MAX_AGE_S = 365 * 24 * 3600;

/** HLS packaging for lectures: segment length (s), key-frame interval (s), aligned across renditions. */
export const HLS_SEGMENT_S = 4;
export const HLS_GOP_S = 2;
/**
 * x264 preset. Measured on 2 cores, a 60 s 1080p source to a three-rung ladder in one ffmpeg process:
 * ultrafast ~45 s, superfast ~62 s, veryfast ~81 s. Lectures are talking heads and slides, so the size
 * cost of ultrafast is acceptable next to getting a meeting on the TVs sooner.
 */
export const X264_PRESET = 'ultrafast';

/** The adaptive ladder; a rung taller than the source is dropped (but at least one rung is kept). */
export const LADDER = [
  { height: 720, videoKbps: 2200, audioKbps: 128 },
  { height: 480, videoKbps: 1100, audioKbps: 96 },
  { height: 360, videoKbps: 600, audioKbps: 64 },
] as const;

/** Sample videos made at set-up: picture size of the generated source. */
export const SAMPLE_SOURCE_SIZE = { width: 1280, height: 720 } as const;

/** The id of the district-wide scope (content every TV sees). */
export const DISTRICT_SCOPE = null;
