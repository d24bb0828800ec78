// The one module that owns video: hls.js plugged into the SDK's VideoPlayer as its loader, so the SDK
// keeps the <video> element (under the canvas) and its events, and hls.js does adaptive HLS. It can pin
// a lower rendition ("换一个清晰度") when the best one does not get through.
//
// A video the CMS made watchable before its ladder was done has a master listing only the source copied as
// it is, marked with the session data EARLY_MASTER (cms-server/src/media/packager.ts EARLY_MARKER). While
// such a video plays, its master is read again every EARLY_RECHECK_MS; once it lists the ladder, hls.js is
// started again on it at the same moment of the video (and playing if it was), the screen told nothing of the
// swap: the viewer sees the picture go on, now with the renditions to adapt between.
import type Hls from 'hls.js';
import type { ErrorData, HlsConfig, LoadPolicy } from 'hls.js';
import { VideoPlayer } from '@lightningjs/sdk';
import { EARLY_MASTER, EARLY_RECHECK_MS } from './early.ts';
import { STUCK_AHEAD_S, stuckAhead } from './stuck.ts';

// hls.js is the largest part of the app; home does not need it. It loads on its own chunk, fetched
// once home is up (preloadHls) so that the first video does not wait for it.
type HlsClass = typeof Hls;
let hlsModule: Promise<HlsClass> | undefined;
export function preloadHls(): Promise<HlsClass> {
  hlsModule ??= import('hls.js').then(
    (m) => m.default,
    (e: unknown) => {
      hlsModule = undefined; // offline: try again next time
      throw e;
    },
  );
  return hlsModule;
}

let hls: Hls | undefined;
let onFatal: ((message: string) => void) | undefined;
/**
 * The URL the viewer still wants, or undefined after close. The SDK's open() reaches the loader
 * only after an (empty) ads promise, so a viewer who leaves at once — a digit pressed as the player
 * opens — would otherwise get a video attached after the page is gone.
 */
let wanted: string | undefined;
/** The rendition to hold (an index into hls.js' levels, lowest first), or -1 to let hls.js choose. */
let pinnedLevel = -1;
/** In-place recoveries of this video so far (decoding errors and stuck decoders together). */
let recoveries = 0;
const MAX_RECOVERIES = 3;
let watchdog: ReturnType<typeof setInterval> | undefined;

let earlyTimer: ReturnType<typeof setInterval> | undefined;
/** Takes the SDK's video events while hls.js is started again on the ladder (none of them is the viewer's). */
const QUIET = { fire: () => undefined };

/** A caption (WebVTT cue) of the video playing, drawn by the app itself: large, on a plate. */
export interface Caption {
  start: number;
  end: number;
  text: string;
}
let captions: Caption[] = [];

// hls.js retries a failing download up to six times with growing pauses (half a minute): a viewer
// looking at a stuck picture should hear about it sooner and be offered another rendition.
const policy = (ttfb: number, load: number): LoadPolicy => ({
  default: {
    maxTimeToFirstByteMs: ttfb,
    maxLoadTimeMs: load,
    timeoutRetry: { maxNumRetry: 1, retryDelayMs: 0, maxRetryDelayMs: 0 },
    errorRetry: { maxNumRetry: 2, retryDelayMs: 500, maxRetryDelayMs: 2000 },
  },
});
const HLS_CONFIG: Partial<HlsConfig> = {
  // At most 30 s ahead. hls.js otherwise keeps buffering a low-bitrate lecture up to 60 MB (maxBufferSize),
  // i.e. the whole video: memory a set-top box does not have, and a stalled network shows only much later.
  maxBufferLength: 30,
  maxMaxBufferLength: 30,
  startLevel: -1,
  capLevelToPlayerSize: true,
  manifestLoadPolicy: policy(8_000, 15_000),
  playlistLoadPolicy: policy(8_000, 15_000),
  fragLoadPolicy: policy(10_000, 30_000),
  // Captions are drawn on the canvas from the theme (large, with a plate), not by the browser under it.
  renderTextTracksNatively: false,
  enableWebVTT: true,
};

function destroyHls(): void {
  clearInterval(watchdog);
  watchdog = undefined;
  clearInterval(earlyTimer);
  earlyTimer = undefined;
  hls?.destroy();
  hls = undefined;
}

/**
 * A fresh MediaSource on the same <video>, from where it stood: what hls.js offers for a media error. The
 * element comes back paused (a new source resets it), so it is played again once attached.
 */
function recover(h: Hls, Hls: HlsClass, video: HTMLVideoElement): void {
  recoveries++;
  h.once(Hls.Events.MEDIA_ATTACHED, () => {
    if (hls === h) video.play().catch(() => undefined);
  });
  h.recoverMediaError();
}

/** How long a decoder may sit still on enough data before the video is recovered in place. */
export const STUCK_DECODER_MS = 4_000;
/**
 * A decoder stuck with seconds of video in hand — seen on WPE WebKit's GStreamer pipeline under load, where
 * the picture never starts though the data is all there — is not a slow network, and neither hls.js (which
 * only nudges over holes) nor waiting mends it. A new MediaSource does: after STUCK_DECODER_MS of that,
 * recover in place, up to MAX_RECOVERIES times a video; after that the screen's stall message offers 重试.
 */
function watchDecoder(h: Hls, Hls: HlsClass, video: HTMLVideoElement): void {
  clearInterval(watchdog);
  let stuckSince = 0;
  watchdog = setInterval(() => {
    if (hls !== h) return;
    if (stuckAhead(video) < STUCK_AHEAD_S) {
      stuckSince = 0;
    } else if (!stuckSince) {
      stuckSince = Date.now();
    } else if (Date.now() - stuckSince >= STUCK_DECODER_MS && recoveries < MAX_RECOVERIES) {
      stuckSince = 0;
      recover(h, Hls, video);
    }
  }, 500);
}

/** A new hls.js on `video` for `url`, from `startPosition` (s; -1: the start); `parsed` once its master is read. */
function start(Hls: HlsClass, url: string, video: HTMLVideoElement, startPosition: number, parsed: () => void): void {
  const h = new Hls(startPosition >= 0 ? { ...HLS_CONFIG, startPosition } : HLS_CONFIG);
  hls = h;
  h.on(Hls.Events.CUES_PARSED, (_e, data: { cues: { startTime: number; endTime: number; text: string }[] }) => {
    if (hls !== h) return;
    for (const c of data.cues) {
      const text = c.text.replace(/<[^>]+>/g, '').trim(); // tags such as <v Speaker> are not shown
      if (text && !captions.some((x) => x.start === c.startTime && x.text === text)) {
        captions.push({ start: c.startTime, end: c.endTime, text });
      }
    }
  });
  h.on(Hls.Events.SUBTITLE_TRACKS_UPDATED, () => {
    if (hls === h && h.subtitleTracks.length > 0 && h.subtitleTrack < 0) h.subtitleTrack = 0;
  });
  h.on(Hls.Events.ERROR, (_e, data: ErrorData) => {
    if (!data.fatal || hls !== h) return;
    if (data.type === Hls.ErrorTypes.MEDIA_ERROR && recoveries < MAX_RECOVERIES) {
      // A decoding hiccup: hls.js can usually recover in place (after the first time, with the other audio codec).
      if (recoveries > 0) h.swapAudioCodec();
      recover(h, Hls, video);
      return;
    }
    onFatal?.(data.type === Hls.ErrorTypes.NETWORK_ERROR ? '视频加载失败，可能是网络断了。' : '这个视频暂时无法播放。');
  });
  h.on(Hls.Events.MANIFEST_LOADED, (_e, data: { sessionData: Record<string, unknown> | null }) => {
    if (hls === h && data.sessionData?.[EARLY_MASTER]) watchForLadder(h, Hls, url, video);
  });
  h.on(Hls.Events.MANIFEST_PARSED, () => {
    if (pinnedLevel >= 0 && pinnedLevel < h.levels.length) {
      h.autoLevelCapping = pinnedLevel;
      h.currentLevel = pinnedLevel; // hold it: the viewer chose this one
    }
    parsed();
  });
  h.loadSource(url);
  h.attachMedia(video);
  watchDecoder(h, Hls, video);
}

/** Reads the early video's master again now and then; when it lists the ladder, hls.js starts again on it. */
function watchForLadder(h: Hls, Hls: HlsClass, url: string, video: HTMLVideoElement): void {
  clearInterval(earlyTimer);
  earlyTimer = setInterval(() => {
    void fetch(url, { cache: 'no-cache' })
      .then((res) => (res.ok ? res.text() : ''))
      .then((text) => {
        if (hls !== h || wanted !== url || !text.includes('#EXT-X-STREAM-INF') || text.includes(EARLY_MASTER)) return;
        toLadder(Hls, url, video);
      })
      .catch(() => undefined); // offline for a moment: the next look will do
  }, EARLY_RECHECK_MS);
}

/**
 * The same video again, now from the master with the ladder, at the moment it had reached and playing if it
 * was. The screen hears none of the swap's video events (the picture stops for the swap and is not the
 * viewer's pause); it is told the metadata once the new renditions are in (to show their quality).
 */
function toLadder(Hls: HlsClass, url: string, video: HTMLVideoElement): void {
  const at = video.currentTime;
  const wasPlaying = !video.paused && !video.ended;
  const consumer = VideoPlayer._consumer as { fire(event: string, ...args: unknown[]): void } | undefined;
  VideoPlayer.consumer(QUIET);
  const giveBack = () => {
    video.removeEventListener(wasPlaying ? 'playing' : 'canplay', giveBack);
    if (VideoPlayer._consumer !== QUIET) return; // another video was opened meanwhile
    VideoPlayer.consumer(consumer);
    consumer?.fire('$videoPlayerLoadedMetadata');
  };
  video.addEventListener(wasPlaying ? 'playing' : 'canplay', giveBack);
  destroyHls();
  pinnedLevel = -1; // a rendition pinned among the early one's levels means nothing among the ladder's
  recoveries = 0;
  start(Hls, url, video, at, () => {
    if (wasPlaying) video.play().catch(() => undefined);
  });
  // A swap that goes wrong must not leave the screen deaf: give the events back in any case.
  setTimeout(giveBack, 15_000);
}

let installed = false;
/** Installs the hls.js loader once; `fatal` is told (in Chinese) when playback cannot go on. */
export function installHlsLoader(fatal: (message: string) => void): void {
  onFatal = fatal;
  if (installed) return;
  installed = true;
  VideoPlayer.loader(async (url: string, video: HTMLVideoElement) => {
    destroyHls();
    const Hls = await preloadHls();
    return new Promise<void>((resolve) => {
      if (wanted !== url) {
        resolve(); // closed meanwhile: attach nothing
        return;
      }
      if (!Hls.isSupported() && video.canPlayType('application/vnd.apple.mpegurl')) {
        video.src = url; // a box whose browser plays HLS natively
        resolve();
        return;
      }
      recoveries = 0;
      captions = [];
      start(Hls, url, video, -1, resolve);
    });
  });
  VideoPlayer.unloader((video: HTMLVideoElement) => {
    destroyHls();
    video.removeAttribute('src');
    video.load();
    return Promise.resolve();
  });
}

const videoEl = () => VideoPlayer._videoEl as HTMLVideoElement | undefined;

export const player = {
  /**
   * Plays `url` full screen; `consumer` receives the SDK's $videoPlayer… events. `level` pins a
   * rendition (index, lowest first) or -1 for automatic.
   */
  open(url: string, consumer: unknown, level = -1): void {
    wanted = url;
    pinnedLevel = level;
    VideoPlayer.consumer(consumer);
    VideoPlayer.position(0, 0);
    VideoPlayer.size(1920, 1080);
    VideoPlayer.open(url);
  },
  close(): void {
    wanted = undefined;
    VideoPlayer.close();
    destroyHls();
  },
  play(): void {
    VideoPlayer.play();
  },
  pause(): void {
    VideoPlayer.pause();
  },
  playPause(): void {
    VideoPlayer.playPause();
  },
  // The SDK's seek/skip do nothing unless the <video> has a src attribute, and hls.js may attach
  // through a <source> element instead: seek on the element itself.
  seek(seconds: number): void {
    const video = videoEl();
    if (!video || !Number.isFinite(video.duration)) return;
    video.currentTime = Math.max(0, Math.min(seconds, video.duration - 0.5));
  },
  get currentTime(): number {
    return videoEl()?.currentTime ?? 0;
  },
  get duration(): number {
    const d = videoEl()?.duration ?? 0;
    return Number.isFinite(d) ? d : 0;
  },
  get playing(): boolean {
    const v = videoEl();
    return !!v && !v.paused && !v.ended;
  },
  get paused(): boolean {
    return videoEl()?.paused ?? true;
  },
  /** The renditions' heights, lowest first ([] when the browser plays HLS itself). */
  get levels(): number[] {
    return hls?.levels.map((l) => l.height) ?? [];
  },
  /** Whether the video has a caption track. */
  get hasCaptions(): boolean {
    return (hls?.subtitleTracks.length ?? 0) > 0;
  },
  /** The caption to show at `time`, or ''. */
  captionAt(time: number): string {
    return captions
      .filter((c) => c.start <= time && time < c.end)
      .map((c) => c.text)
      .join('\n');
  },
  /** On a live channel, the moment on the channel's clock of the frame showing (EXT-X-PROGRAM-DATE-TIME, ms); else null. */
  get playingDate(): number | null {
    return hls?.playingDate?.getTime() ?? null;
  },
  /** The rendition playing now (index into levels), or -1. */
  get level(): number {
    return hls ? hls.currentLevel : -1;
  },
};
