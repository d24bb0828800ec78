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

// ---- Uploads and packaging jobs (cms-server/src/uploads, cms-server/src/jobs) ----

/** Largest video file an upload may declare, in bytes (4 GiB: a 2 h meeting recorded at ~4 Mbit/s is ~3.6 GB). */
export const MAX_UPLOAD_BYTES = 4 * 1024 ** 3;
/** Free disk space (bytes) that must remain after an upload of the declared size: packaging needs room too. */
export const MIN_FREE_DISK_BYTES = 1024 ** 3;
/** Hours an unfinished upload may wait for its next chunk before its partial file is removed. */
export const UPLOAD_EXPIRY_H = 24;
/** Longest file name (characters) and title (characters) accepted in the upload metadata. */
export const MAX_UPLOAD_FILENAME_CHARS = 255;
export const MAX_ASSET_TITLE_CHARS = 100;
/** Longest video accepted, in seconds (4 h: the longest meetings a street records). */
export const MAX_VIDEO_DURATION_S = 4 * 3600;
/** Shortest video accepted, in seconds. */
export const MIN_VIDEO_DURATION_S = 1;
/**
 * Truncation check: the last packets of the file (read from this many seconds before the declared end) must
 * reach the declared duration within the tolerance (s). A cut-off upload whose index survived (MP4 with
 * "faststart") otherwise probes as whole.
 */
export const TRUNCATION_TAIL_S = 10;
export const TRUNCATION_TOLERANCE_S = 1;

/** Packaging jobs run one at a time: one ffmpeg already uses both cores of a 2-core box. */
export const JOB_CONCURRENCY = 1;
/** Milliseconds between two looks for due jobs when the worker is idle. */
export const JOB_POLL_MS = 1000;
/**
 * Seconds a worker's lease on a job lasts without renewal. The worker renews it every JOB_HEARTBEAT_MS
 * while ffmpeg runs; after a crash (kill -9) the job is taken again once the lease has run out.
 */
export const JOB_LEASE_S = 30;
export const JOB_HEARTBEAT_MS = 1000;
/** Attempts per job (a crash mid-way counts as one) before it fails for good. */
export const JOB_MAX_ATTEMPTS = 3;
/** Seconds to wait before retrying a failed attempt, multiplied by the number of attempts made. */
export const JOB_RETRY_DELAY_S = 30;
/** ffmpeg's nice value: packaging yields the CPU to the API and the TV's requests (0 = normal, 19 = lowest). */
export const PACKAGER_NICE = 10;
/** Packaging is killed after this many seconds per second of video, plus PACKAGER_TIMEOUT_BASE_S. */
export const PACKAGER_TIMEOUT_PER_S = 3;
export const PACKAGER_TIMEOUT_BASE_S = 600;
/** Minutes a source file without a job is kept before housekeeping removes it (an upload may be finishing). */
export const ORPHAN_SOURCE_GRACE_MIN = 10;
/** Minutes between two housekeeping passes (expired partial uploads, stale temporary folders). */
export const HOUSEKEEPING_INTERVAL_MIN = 60;

// ---- Accounts and sessions (cms-server/src/auth) ----

/** Name of the admin session cookie (HttpOnly, SameSite=Strict). */
export const SESSION_COOKIE = 'keting_sid';
/** Minutes without a request after which a session expires (an office PC left unlocked over lunch). */
export const SESSION_IDLE_MIN = 120;
/** Hours after login at which a session ends, however active (one working day, with margin). */
export const SESSION_MAX_H = 12;
/** Minutes between two writes of a session's last-seen time (saves a write on every request). */
export const SESSION_TOUCH_MIN = 1;
/** Login attempts allowed per address in LOGIN_WINDOW_MIN minutes; more answer 429. */
export const LOGIN_MAX_ATTEMPTS = 10;
export const LOGIN_WINDOW_MIN = 15;
/** Shortest and longest password (characters). */
export const MIN_PASSWORD_CHARS = 8;
export const MAX_PASSWORD_CHARS = 128;
/** Length of generated one-time passwords (characters from an alphabet without look-alikes). */
export const ONE_TIME_PASSWORD_CHARS = 12;
/** Largest JSON request body of the admin API, in bytes (a long article is ~20 KB). */
export const ADMIN_JSON_LIMIT_BYTES = 256 * 1024;

// ---- Content publishing and the scheduler (cms-server/src/publishing, cms-server/src/scheduler) ----

/** Longest title, summary and body of an item (characters), the same as the seed content's (seed/content-schema.ts). */
export const ITEM_TITLE_MAX_CHARS = 40;
export const ITEM_SUMMARY_MAX_CHARS = 80;
export const ITEM_BODY_MAX_CHARS = 5000;
/** Longest reason a reviewer gives when sending an item back (characters). */
export const REVIEW_REASON_MAX_CHARS = 500;
/** Items per page of the admin's item list: default and largest. */
export const ITEM_LIST_DEFAULT_LIMIT = 50;
export const ITEM_LIST_MAX_LIMIT = 200;
/** Farthest ahead (days) a publish-at or unpublish-at may lie: a date years away is almost always a typo. */
export const PUBLISH_WINDOW_MAX_DAYS = 731;
/**
 * Seconds between two scheduler ticks (publish what is due, withdraw what expired); env SCHEDULER_TICK_SECONDS
 * overrides it. An item goes live at most this late; a tick is one small transaction.
 */
export const SCHEDULER_TICK_S = 15;

// ---- Viewing progress reported by the boxes (cms-server/src/tv-api/progress-*) ----

/** Largest JSON body of a progress report, in bytes (a report is ~150 bytes). */
export const PROGRESS_JSON_LIMIT_BYTES = 4 * 1024;
/** Longest video duration a report may state, in seconds (12 h): a bound so nonsense numbers are refused. */
export const PROGRESS_MAX_DURATION_S = 12 * 3600;
/** How far past the duration a position may lie, in seconds (players report the end a little late). */
export const PROGRESS_POSITION_SLACK_S = 5;
/**
 * Most watched seconds one report may add, in seconds. Boxes report every ~15 s while playing, on pause
 * and on leaving; a report after a long pause must not credit the pause as watching.
 */
export const PROGRESS_WATCH_CAP_PER_REPORT_S = 30;
/** Clock slack allowed when comparing playback progress with wall-clock time, in seconds. */
export const PROGRESS_CLOCK_SLACK_S = 2;
/** Most positions answered for one device (the most recent ones), in rows. */
export const PROGRESS_LIST_MAX = 100;

// ---- Captions (cms-server/src/media/captions.ts) ----

/** Largest WebVTT caption file accepted, in bytes (2 MiB: a 4 h meeting fully captioned is ~1 MB). */
export const MAX_CAPTIONS_BYTES = 2 * 1024 ** 2;
/** Seconds a cue may end after the video's end (rounding in subtitle tools) before it is refused. */
export const CAPTION_END_TOLERANCE_S = 1;
