// The preview player: hls.js feeds a <video> through Media Source Extensions (blob: URLs, allowed by the
// admin's CSP); Safari plays HLS natively.
// hls.js is loaded only when a preview starts: the other pages stay small.
import type Hls from 'hls.js';
import { h } from './dom.ts';

export interface Preview {
  el: HTMLElement;
  destroy(): void;
}

export function hlsPreview(src: string, poster: string | null): Preview {
  const video = h('video', { controls: true, preload: 'metadata', playsinline: true, poster: poster ?? undefined, class: 'preview-video' });
  const note = h('p', { class: 'hint', hidden: true });
  let hls: Hls | null = null;
  let destroyed = false;
  const fail = (text: string) => {
    note.hidden = false;
    note.textContent = text;
  };
  void import('hls.js')
    .then(({ default: HlsJs }) => {
      if (destroyed) return;
      if (HlsJs.isSupported()) {
        hls = new HlsJs({ enableWorker: true, capLevelToPlayerSize: true });
        hls.on(HlsJs.Events.ERROR, (_e, data) => {
          if (!data.fatal) return;
          fail('预览播放出错了，请刷新页面再试。（电视上的播放不受影响。）');
          hls?.destroy();
        });
        hls.loadSource(src);
        hls.attachMedia(video);
        void video.play().catch(() => {});
      } else if (video.canPlayType('application/vnd.apple.mpegurl')) {
        video.src = src;
      } else {
        fail('这个浏览器不能预览视频，请用新版的 Chrome 或 Edge 浏览器。');
      }
    })
    .catch(() => fail('预览播放器没有加载成功，请检查网络后刷新页面。'));
  return {
    el: h('div', { class: 'preview' }, video, note),
    destroy() {
      destroyed = true;
      hls?.destroy();
      hls = null;
      video.removeAttribute('src');
    },
  };
}
