// Every limit and tunable of the CMS in one place, each with its unit.

/** Seconds a TV (or a cache in front of it) may reuse the catalog before asking again. */
export const CATALOG_MAX_AGE_S = 30;
/** Seconds a cache may serve a stale catalog while it revalidates (a box on a flaky link keeps working). */
export const CATALOG_STALE_S = 300;
/** Items of each section on home (GET /api/tv/v2/catalog): the first page a section screen shows at once. */
export const HOME_ITEMS_PER_SECTION = 20;
/** Urgent notices listed on home at most, newest first (a street has a handful at a time). */
export const HOME_URGENT_MAX = 100;
/** Items per page of GET /api/tv/v2/sections/:id/items: the default and the most a box may ask for. */
export const SECTION_PAGE_DEFAULT = 50;
export const SECTION_PAGE_MAX = 100;
/** Longest page cursor accepted, in characters (a cursor is base64url of [urgent, publishedAt, id]: ~100). */
export const SECTION_CURSOR_MAX_CHARS = 256;
/**
 * Built TV answers kept per generation besides home and v1's catalog (section pages and items, each per street
 * and parameters; least recently used first out). A few thousand of ≤ 60 KB pages stay well under 100 MB.
 */
export const TV_CACHE_MAX_ENTRIES = 4_000;
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

/**
 * Playable before the ladder (media/packager.ts packageEarly): a source the TVs can play as it is — H.264 of one
 * of these profiles, level ≤ EARLY_MAX_H264_LEVEL (4.2: 1080p at 60 fps), 8-bit 4:2:0, progressive, at most
 * 1920×1080 and EARLY_MAX_KBPS, not turned — is first copied (no decoding) into an HLS rendition of its own.
 * Its segments are cut at the source's key frames: a source whose key frames are further apart than
 * EARLY_MAX_SEGMENT_S (a screen recorder's) is not served early, since a box holds ~30 s of video.
 */
export const EARLY_H264_PROFILES = ['Constrained Baseline', 'Baseline', 'Main', 'High'] as const;
export const EARLY_MAX_H264_LEVEL = 42;
export const EARLY_MAX_KBPS = 12_000;
export const EARLY_MAX_SEGMENT_S = 12;
/**
 * A packaged video shorter than its source's picture by more than this (s, or this fraction of it) came from a
 * source cut off part-way (its index promises more than its data holds): the packaging fails rather than
 * serving half a meeting as the whole.
 */
export const PACKAGED_SHORTFALL_S = 2;
export const PACKAGED_SHORTFALL_FRACTION = 0.02;
/** The early rendition's sound when the source's is not AAC-LC stereo (re-encoding sound is cheap). */
export const EARLY_AUDIO_KBPS = 128;
/** The early rendition's folder inside media/<asset>/ (kept after the ladder arrives: a box may be playing it). */
export const EARLY_FOLDER = 'src';

/** Sample videos made at set-up: picture size of the generated source. */
export const SAMPLE_SOURCE_SIZE = { width: 1280, height: 720 } as const;

/** The id of the district-wide scope (content every TV sees). */
export const DISTRICT_SCOPE = null;

// ---- Uploads and packaging jobs (cms-server/src/uploads, cms-server/src/jobs) ----

/** Largest video file an upload may declare, in bytes (4 GiB: a 2 h meeting recorded at ~4 Mbit/s is ~3.6 GB). */
export const MAX_UPLOAD_BYTES = 4 * 1024 ** 3;
/** Hours an unfinished upload may wait for its next chunk before its partial file is removed. */
export const UPLOAD_EXPIRY_H = 24;
/**
 * Seconds the lock on an upload being written (uploads/upload-lock.ts) lasts without renewal: the writing process
 * renews it every third of that; a process that died mid-write loses it then, and the upload can be resumed
 * through another process.
 */
export const UPLOAD_LOCK_LEASE_S = 15;
/** Seconds a request waits for an upload that another process is writing before it is answered 423 upload_locked. */
export const UPLOAD_LOCK_WAIT_S = 5;
/** Milliseconds between two looks at a held upload lock while waiting for it. */
export const UPLOAD_LOCK_POLL_MS = 100;
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
/**
 * Clock slack allowed when comparing playback progress with wall-clock time, in seconds. It is a box's credit
 * ahead of the clock, not a per-report bonus: a burst of reports shares it once.
 */
export const PROGRESS_CLOCK_SLACK_S = 2;
/** Progress reports one box may send per minute (it sends ~4: every 15 s, plus pause and leaving). */
export const PROGRESS_REPORTS_PER_DEVICE_PER_MIN = 20;
/**
 * Progress reports per minute from one address: many boxes of a building can share one address behind NAT,
 * so this is generous (150 boxes playing at once) while still stopping a flood from one machine.
 */
export const PROGRESS_REPORTS_PER_ADDRESS_PER_MIN = 600;
/** Boxes never heard of before that one address may introduce per day (UTC), in boxes. */
export const TV_NEW_DEVICES_PER_ADDRESS_PER_DAY = 100;
/** Boxes the server keeps in all: a district (~100,000 boxes) with room; past it, new boxes are refused. */
export const TV_DEVICES_MAX = 250_000;
/** Most positions answered for one device (the most recent ones), in rows. */
export const PROGRESS_LIST_MAX = 100;

// ---- Captions (cms-server/src/media/captions.ts) ----

/** Largest WebVTT caption file accepted, in bytes (2 MiB: a 4 h meeting fully captioned is ~1 MB). */
export const MAX_CAPTIONS_BYTES = 2 * 1024 ** 2;
/** Seconds a cue may end after the video's end (rounding in subtitle tools) before it is refused. */
export const CAPTION_END_TOLERANCE_S = 1;

// ---- The TVs' event stream (cms-server/src/events) ----

/** Hours an event is kept for a box that reconnects to catch up on (older: it refetches the catalog instead). */
export const EVENTS_KEEP_HOURS = 24;
/** Most missed events replayed to one reconnecting box; more than that and it just refetches the catalog. */
export const EVENTS_REPLAY_MAX = 200;
/** Seconds between two comment heartbeats on an idle stream (proxies and NAT drop silent connections at ~60 s). */
export const EVENTS_HEARTBEAT_S = 20;
/** The reconnection delay a box is advised (`retry:`), in milliseconds; the TV adds its own backoff and jitter. */
export const EVENTS_RETRY_MS = 5_000;
/**
 * Bytes a stream may have waiting to be sent before its box counts as too slow and is dropped (it reconnects
 * and replays from the outbox): a slow client cannot grow the server's memory without limit.
 */
export const EVENTS_MAX_PENDING_BYTES = 64 * 1024;
/** Milliseconds between two reads of the outbox when no change of this process woke the hub (other writers). */
export const EVENTS_POLL_MS = 1_000;
/**
 * Milliseconds the TV API's kept answers trust the outbox id they read last (tv-api/answer-cache.ts): this process's
 * own writes are seen at once; another process's within this.
 */
export const OUTBOX_ID_RECHECK_MS = 100;
/**
 * How long the hub waits for an outbox id missing below one it already sent (events/outbox-cursor.ts): on
 * PostgreSQL a transaction can commit a lower id after a higher one; an id rolled back never comes.
 */
export const OUTBOX_GAP_WAIT_MS = 30_000;
/** Outbox rows the hub reads at a time. */
export const OUTBOX_READ_ROWS = 500;
/**
 * On PostgreSQL, the hubs are woken by LISTEN/NOTIFY (events/outbox-signal.ts); they still read the outbox every this
 * many milliseconds, for a notification lost while their listening connection was being replaced.
 */
export const EVENTS_NOTIFY_FALLBACK_POLL_MS = 10_000;
/** Milliseconds before a dropped listening connection is tried again (doubling up to 30 s). */
export const EVENTS_NOTIFY_RECONNECT_MS = 500;
/** Streams one process holds at most; past it a box is told 503 and retries later (it polls the catalog meanwhile). */
export const EVENTS_MAX_STREAMS = 20_000;
/** Streams one address may hold (a building behind one NAT has many boxes, so generous). */
export const EVENTS_MAX_STREAMS_PER_ADDRESS = 500;

// ---- Broadcasts and the live channels (cms-server/src/broadcasts) ----

/** Longest broadcast title (characters), as long as an item's: the guide and the TV's now/next show it. */
export const BROADCAST_TITLE_MAX_CHARS = 40;
/** Most video items in one broadcast's list. */
export const BROADCAST_MAX_ITEMS = 50;
/** Longest single occurrence, in hours (a whole-day event at most). */
export const BROADCAST_MAX_HOURS = 24;
/** Most occurrences one recurring broadcast may expand to (a daily one for over five years fits). */
export const BROADCAST_MAX_OCCURRENCES = 2000;
/** Shortest time between two starts of a recurring broadcast, in minutes: an RRULE firing more often is refused. */
export const BROADCAST_MIN_INTERVAL_MIN = 60;
/** Most minutes before its start a broadcast may be announced on the TVs. */
export const BROADCAST_ANNOUNCE_MAX_MIN = 24 * 60;
/** Longest relay URL accepted (characters). */
export const RELAY_URL_MAX_CHARS = 2048;
/** Days of schedule one week-view request answers. */
export const CHANNEL_WEEK_DAYS = 7;
/**
 * The instant every channel's timeline starts counting segments from (EXT-X-MEDIA-SEQUENCE and
 * EXT-X-DISCONTINUITY-SEQUENCE are counts since then): a constant, so two servers number alike.
 */
export const LIVE_EPOCH_MS = Date.UTC(2024, 0, 1);
/** Segments in a live media playlist (the sliding window): 6 × 4 s, so a player may start 3 segments back. */
export const LIVE_WINDOW_SEGMENTS = 6;
/**
 * Milliseconds a channel's schedule index is kept before it is built again from the database: changes made through
 * this process rebuild it at once; another process's changes show within this time.
 */
export const LIVE_INDEX_TTL_MS = 5_000;
/** Seconds a live media playlist may be cached (half a segment: a cache must not hold back the live edge). */
export const LIVE_PLAYLIST_MAX_AGE_S = 2;
/** Seconds the channel list, the M3U and the XMLTV guide may be cached. */
export const IPTV_LIST_MAX_AGE_S = 300;
/** The XMLTV guide's span: from this many days before today to this many after (Asia/Shanghai days). */
export const EPG_DAYS_BEFORE = 1;
export const EPG_DAYS_AFTER = 7;

// ---- The relay engine (cms-server/src/broadcasts/relay-*.ts) ----

/** Seconds between two ticks of the relay engine (start, poll, stop and record relays); node-cron only ticks. */
export const RELAY_TICK_S = 1;
/** A relay stalls when no new segment arrived for this many of the upstream's target durations: filler and the plate. */
export const RELAY_STALL_TARGET_DURATIONS = 3;
/** Milliseconds one upstream request (a playlist or a segment) may take before it counts as failed. */
export const RELAY_FETCH_TIMEOUT_MS = 10_000;
/** Largest upstream playlist accepted, in bytes (a live window is a few KiB). */
export const RELAY_PLAYLIST_MAX_BYTES = 1024 ** 2;
/** Largest upstream segment accepted, in bytes (a 10 s segment at 20 Mbit/s is 25 MB). */
export const RELAY_SEGMENT_MAX_BYTES = 64 * 1024 ** 2;
/** Bytes one relayed slot may keep in the relay cache; past it the relay stops pulling and the channel shows filler. */
export const RELAY_CACHE_MAX_BYTES = 8 * 1024 ** 3;
/** Longest stretch of one slot that is relayed and recorded, in hours (a longer slot shows filler after it). */
export const RELAY_MAX_SLOT_H = 6;
/** Redirects an upstream request may follow (each one's address checked again). */
export const RELAY_MAX_REDIRECTS = 3;
/** Milliseconds a channel's relayed segment list is reused before it is read from the database again. */
export const RELAY_FEED_TTL_MS = 500;
/** Attempts at recording a finished relay before it is left as failed (the cache is then kept for a person). */
export const RELAY_RECORD_MAX_ATTEMPTS = 3;
/** Milliseconds one recording's remux may take before ffmpeg is killed. */
export const RELAY_RECORD_TIMEOUT_MS = 30 * 60_000;
/** The section a relayed meeting's recording is filed in, as a draft video item for review (支部党课). */
export const RELAY_RECORDING_SECTION = 'branch-lessons';
/** Seconds a recorded relay's cache is kept after its slot ended (boxes still play the last window from it). */
export const RELAY_CACHE_KEEP_AFTER_S = 120;

// ---- Speech for boxes without a Chinese voice (cms-server/src/speech) ----

/** Longest phrase the server speaks, in characters; the TV sends a long text sentence by sentence. */
export const SPEECH_MAX_CHARS = 120;
/**
 * espeak-ng's speed at the viewer's normal rate: its "words" per minute, which for Mandarin are characters —
 * 220 is ~3.7 characters a second, a little slower than a newsreader; the TV's speed setting multiplies it.
 */
export const SPEECH_WORDS_PER_MINUTE = 220;
/** Renders (espeak-ng + ffmpeg) at once; more wait in a queue of at most SPEECH_QUEUE_MAX, then 503. */
export const SPEECH_CONCURRENT_RENDERS = 2;
export const SPEECH_QUEUE_MAX = 32;
/** A render taking longer than this is killed. */
export const SPEECH_RENDER_TIMEOUT_MS = 15_000;
/** Phrase files kept (~10–40 KB each); housekeeping removes the least recently used beyond it. */
export const SPEECH_CACHE_MAX_FILES = 20_000;
/** Speech requests per address per minute (a box says a phrase per key press at most; a building shares an address). */
export const SPEECH_REQUESTS_PER_ADDRESS_PER_MIN = 600;

// ---- Households, members and branches (cms-server/src/households, issue 16) ----

export const HOUSEHOLD_NAME_MAX_CHARS = 40;
export const HOUSEHOLD_ADDRESS_MAX_CHARS = 80;
export const MEMBER_NAME_MAX_CHARS = 20;
export const BRANCH_NAME_MAX_CHARS = 40;
/** Members of one household: the remote's digits 1–9 pick them when the TV asks 谁在看. */
export const HOUSEHOLD_MAX_MEMBERS = 9;
export const HOUSEHOLD_LIST_DEFAULT_LIMIT = 50;
export const HOUSEHOLD_LIST_MAX_LIMIT = 200;
/** Rows of one member import (a street's members, a few thousand at most). */
export const MEMBER_IMPORT_MAX_ROWS = 5000;
/** Bytes of one member import file (CSV or XLSX). */
export const MEMBER_IMPORT_MAX_BYTES = 2 * 1024 * 1024;

// ---- Boxes and pairing (cms-server/src/boxes, issue 16) ----

/** A pairing code is good for this long after the box shows it. */
export const PAIRING_CODE_TTL_S = 10 * 60;
/** Digits of a pairing code: short enough to read off a TV across the room. */
export const PAIRING_CODE_DIGITS = 6;
/** Codes a box may ask for per 10 minutes (each new one replaces the last). */
export const PAIRING_CODES_PER_DEVICE_PER_10_MIN = 10;
/** Wrong codes entered per account per 15 minutes before it must wait (guessing is throttled). */
export const PAIRING_FAILURES_PER_ACCOUNT_PER_15_MIN = 10;
/** Wrong codes entered across the whole server per minute before pairing pauses for everyone (the code space). */
export const PAIRING_FAILURES_PER_MINUTE = 30;
/** A box seen within this long counts as online (it says hello every BOX_HELLO_INTERVAL_S). */
export const BOX_ONLINE_WITHIN_S = 150;
export const BOX_HELLO_INTERVAL_S = 60;
/** Hello, code and summary requests per address per minute (a building of boxes shares an address). */
export const BOX_REQUESTS_PER_ADDRESS_PER_MIN = 600;
/** A box whose last progress report is this recent is "playing" that item in the fleet view. */
export const BOX_PLAYING_WITHIN_S = 60;
/** The fleet view's "not seen for a while". */
export const BOX_STALE_DAYS = 7;
export const BOX_LIST_DEFAULT_LIMIT = 50;
export const BOX_LIST_MAX_LIMIT = 200;
/** The app version a box reports: "0.1.0", "2026.12.1-legacy". */
export const APP_VERSION_MAX_CHARS = 32;

// ---- Study records (cms-server/src/study, issue 16) ----

/** A lesson counts as completed once this share of it is watched. */
export const STUDY_COMPLETED_FRACTION = 0.9;
/** The longest range one report covers, in days. */
export const STUDY_REPORT_MAX_DAYS = 366;
/**
 * A box's position in a video (viewing_progress, for resuming) is pruned by housekeeping once it has not been
 * reported for this long; members' study records (per item and per day) are never pruned.
 */
export const VIEWING_PROGRESS_KEEP_DAYS = 400;

// ---- Looking after the server: backups, the disk, metrics, the request log (issue 18) ----

/** Hours after which the admin calls the last good backup old (a daily schedule plus a missed night's grace). */
export const BACKUP_STALE_H = 36;
/** Backups taken before a schema upgrade that are kept (the newest), apart from BACKUP_KEEP's scheduled ones. */
export const UPGRADE_BACKUPS_KEPT = 3;
/** Manual backups (admin button, `npm run admin -- backup`) that are kept (the newest). */
export const MANUAL_BACKUPS_KEPT = 5;
/** Media files up to this size are hashed in one read when backed up (a stream's per-chunk cost exceeds the hashing). */
export const BACKUP_WHOLE_READ_MAX_BYTES = 16 * 1024 ** 2;
/** Files a backup flushes to the disk at once before writing the manifest that lists them. */
export const BACKUP_SYNC_PARALLEL = 16;
/** Seconds between two looks at the free space while packaging jobs wait for the disk. */
export const DISK_RECHECK_S = 30;
/** Times the source's size a packaging job needs free (ladder renditions + the early-playable copy + slack). */
export const PACKAGING_SPACE_FACTOR = 2;
/**
 * Free bytes below which a disk counts as full when a write has just failed: ffmpeg's HLS muxer may end
 * "successfully" with segments it could not write, so a packaging failure on a disk this full is a full disk.
 */
export const DISK_FULL_SLACK_BYTES = 1024 ** 2;
/** Minutes a box counts as "seen" for the metrics' boxes-online gauge. */
export const BOXES_SEEN_WINDOW_MIN = 5;
/** Seconds between two summary lines of the successful catalog/media requests the request log does not write one by one. */
export const REQUEST_SUMMARY_INTERVAL_S = 60;
/** Characters of a request's path its log line keeps (a scanner's paths can be long garbage). */
export const REQUEST_LOG_PATH_MAX_CHARS = 200;
