// The first part of an upload: choose the file, give it a title (the file's name unless changed), 开始上传.
import { MAX_ASSET_TITLE_CHARS } from '../api.ts';
import { field, h, type Banner } from '../dom.ts';
import { formatSize } from '../format.ts';

const VIDEO_ACCEPT = 'video/*,.mp4,.mov,.m4v,.mkv,.avi,.wmv,.flv,.ts,.mpg,.mpeg,.3gp,.webm';

export interface FileChooser {
  el: HTMLElement;
  /** 开始上传: enabled once a file is chosen. */
  start: HTMLButtonElement;
  file(): File | undefined;
  title(): string;
  /** Back to nothing chosen, and shown. */
  reset(): void;
}

/** `banner` is cleared when a file is chosen: what was said about the previous one no longer holds. */
export function fileChooser(banner: Banner): FileChooser {
  const fileInput = h('input', { type: 'file', accept: VIDEO_ACCEPT, class: 'file-input', 'data-testid': 'file-input' });
  const chooseLabel = h('label', { for: (fileInput.id = `file-${Math.random().toString(36).slice(2)}`), class: 'btn btn-big' }, '选择视频文件…');
  const chosen = h('p', { class: 'chosen' }, '还没有选择文件。');
  const title = h('input', { type: 'text', maxlength: String(MAX_ASSET_TITLE_CHARS), name: 'videoTitle' });
  const start = h('button', { type: 'button', class: 'btn btn-primary btn-big', disabled: true, 'data-testid': 'start-upload' }, '开始上传');
  const el = h(
    'div',
    { class: 'chooser' },
    h('div', { class: 'choose-row' }, chooseLabel, fileInput, chosen),
    field('视频标题', title, '在选视频时显示，方便以后找到。可以不改。'),
    h('div', { class: 'actions' }, start),
  );

  fileInput.addEventListener('change', () => {
    const f = fileInput.files?.[0];
    banner.clear();
    if (!f) return;
    chosen.textContent = `已选择：${f.name}（${formatSize(f.size)}）`;
    if (!title.value) title.value = f.name.replace(/\.[^.]+$/, '').slice(0, MAX_ASSET_TITLE_CHARS);
    start.disabled = false;
  });

  return {
    el,
    start,
    file: () => fileInput.files?.[0],
    title: () => title.value,
    reset() {
      fileInput.value = '';
      title.value = '';
      chosen.textContent = '还没有选择文件。';
      start.disabled = true;
      el.hidden = false;
    },
  };
}
