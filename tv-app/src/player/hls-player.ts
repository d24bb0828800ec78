// The one module that owns video: hls.js plugged into the SDK's VideoPlayer as its loader, so the SDK
// keeps the <video> element (under the canvas) and its events, and hls.js does adaptive HLS. It can pin
// a lower rendition ("换一个清晰度") when the best one does not get through.
import type Hls from 'hls.js';
import type { ErrorData, HlsConfig, LoadPolicy } from 'hls.js';
import { VideoPlayer } from '@lightningjs/sdk';

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
let mediaErrors = 0;

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
  hls?.destroy();
  hls = undefined;
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
      mediaErrors = 0;
      captions = [];
      const h = new Hls(HLS_CONFIG);
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
        if (data.type === Hls.ErrorTypes.MEDIA_ERROR && mediaErrors < 2) {
          // A decoding hiccup: hls.js can usually recover in place (the second time with the other audio codec).
          if (mediaErrors++ > 0) h.swapAudioCodec();
          h.recoverMediaError();
          return;
        }
        onFatal?.(data.type === Hls.ErrorTypes.NETWORK_ERROR ? '视频加载失败，可能是网络断了。' : '这个视频暂时无法播放。');
      });
      h.on(Hls.Events.MANIFEST_PARSED, () => {
        if (pinnedLevel >= 0 && pinnedLevel < h.levels.length) {
          h.autoLevelCapping = pinnedLevel;
          h.currentLevel = pinnedLevel; // hold it: the viewer chose this one
        }
        resolve();
      });
      h.loadSource(url);
      h.attachMedia(video);
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
  /** The rendition playing now (index into levels), or -1. */
  get level(): number {
    return hls ? hls.currentLevel : -1;
  },
};
