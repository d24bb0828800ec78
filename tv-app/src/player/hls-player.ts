// The one module that owns video: hls.js plugged into the SDK's VideoPlayer as its loader, so the SDK
// keeps the <video> element (under the canvas) and its events, and hls.js does adaptive HLS.
import Hls, { type ErrorData } from 'hls.js';
import { VideoPlayer } from '@lightningjs/sdk';

let hls: Hls | undefined;
let onFatal: ((message: string) => void) | undefined;
/**
 * The URL the viewer still wants, or undefined after close. The SDK's open() reaches the loader
 * only after an (empty) ads promise, so a viewer who leaves at once — a digit pressed as the player
 * opens — would otherwise get a video attached after the page is gone.
 */
let wanted: string | undefined;

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
  VideoPlayer.loader((url: string, video: HTMLVideoElement) => {
    destroyHls();
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
      hls = new Hls({ maxBufferLength: 30, startLevel: -1, capLevelToPlayerSize: true });
      hls.on(Hls.Events.ERROR, (_e, data: ErrorData) => {
        if (!data.fatal || !hls) return;
        if (data.type === Hls.ErrorTypes.MEDIA_ERROR) {
          hls.recoverMediaError(); // a decoding hiccup: hls.js can usually recover in place
          return;
        }
        onFatal?.(
          data.type === Hls.ErrorTypes.NETWORK_ERROR
            ? '视频加载失败，可能是网络断了。'
            : '这个视频暂时无法播放。',
        );
      });
      hls.on(Hls.Events.MANIFEST_PARSED, () => resolve());
      hls.loadSource(url);
      hls.attachMedia(video);
    });
  });
  VideoPlayer.unloader((video: HTMLVideoElement) => {
    destroyHls();
    video.removeAttribute('src');
    video.load();
    return Promise.resolve();
  });
}

export const player = {
  /** Plays `url` full screen; `consumer` receives the SDK's $videoPlayer… events. */
  open(url: string, consumer: unknown): void {
    wanted = url;
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
  playPause(): void {
    VideoPlayer.playPause();
  },
  // The SDK's seek/skip do nothing unless the <video> has a src attribute, and hls.js may attach
  // through a <source> element instead: seek on the element itself.
  seek(seconds: number): void {
    const video = VideoPlayer._videoEl as HTMLVideoElement | undefined;
    if (!video || !Number.isFinite(video.duration)) return;
    video.currentTime = Math.max(0, Math.min(seconds, video.duration - 0.1));
  },
  skip(seconds: number): void {
    const video = VideoPlayer._videoEl as HTMLVideoElement | undefined;
    if (video) player.seek(video.currentTime + seconds);
  },
  get currentTime(): number {
    return VideoPlayer.currentTime ?? 0;
  },
  get duration(): number {
    return VideoPlayer.duration ?? 0;
  },
  get playing(): boolean {
    return VideoPlayer.playing;
  },
};
