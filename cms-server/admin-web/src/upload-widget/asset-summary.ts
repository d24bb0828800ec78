// What a ready video looks like: poster, duration, renditions, and a preview player started on request.
import type { AssetView } from '../api.ts';
import { h, replace } from '../dom.ts';
import { formatDuration, formatSize } from '../format.ts';
import { hlsPreview, type Preview } from '../player.ts';

/** 在这里预览: a button that becomes the player (hls.js is loaded only then). */
function previewButton(a: AssetView, onPreview?: (p: Preview) => void): { button: HTMLButtonElement; playerBox: HTMLElement } {
  let preview: Preview | null = null;
  const playerBox = h('div', { class: 'player-box' });
  const button = h('button', { type: 'button', class: 'btn' }, '▶ 在这里预览');
  button.addEventListener('click', () => {
    if (!a.hls) return;
    preview?.destroy();
    preview = hlsPreview(a.hls, a.poster);
    onPreview?.(preview);
    replace(playerBox, preview.el);
    button.remove();
  });
  return { button, playerBox };
}

/** `onPreview` receives the player once started, for the page to stop it when it goes. */
export function assetSummary(a: AssetView, onPreview?: (p: Preview) => void): HTMLElement {
  const renditions = a.renditions.map((r) => `${r.height}p`).join('、');
  const { button, playerBox } = previewButton(a, onPreview);
  return h(
    'div',
    { class: 'asset-summary', 'data-testid': 'asset-ready' },
    a.poster ? h('img', { class: 'poster', src: a.poster, alt: '视频封面' }) : null,
    h(
      'dl',
      { class: 'facts' },
      h('dt', null, '标题'),
      h('dd', null, a.title || a.sourceName || '（没有标题）'),
      h('dt', null, '时长'),
      h('dd', { 'data-testid': 'asset-duration' }, formatDuration(a.durationSec)),
      h('dt', null, '清晰度'),
      h('dd', { 'data-testid': 'asset-renditions' }, renditions || '—'),
      h('dt', null, '文件'),
      h('dd', null, `${a.sourceName ?? ''} ${formatSize(a.sourceSize)}`),
    ),
    a.hls ? h('div', { class: 'actions' }, button) : null,
    playerBox,
  );
}
