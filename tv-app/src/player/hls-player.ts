// The one module that owns video: hls.js plugged into the SDK's VideoPlayer as its loader, so the SDK
// keeps the <video> element (under the canvas) and its events, and hls.js does adaptive HLS.
import Hls, { type ErrorData } from 'hls.js';
import { VideoPlayer } from '@lightningjs/sdk';

let hls: Hls | undefined;
let onFatal: ((message: string) => void) | undefined;

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
    VideoPlayer.consumer(consumer);
    VideoPlayer.position(0, 0);
    VideoPlayer.size(1920, 1080);
    VideoPlayer.open(url);
  },
  close(): void {
    VideoPlayer.close();
    destroyHls();
  },
  playPause(): void {
    VideoPlayer.playPause();
  },
  seek(seconds: number): void {
    VideoPlayer.seek(seconds);
  },
  skip(seconds: number): void {
    VideoPlayer.skip(seconds);
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
