// Uploading one video: tus (resumable, in chunks — a 2 GB meeting recording survives an office network
// dropping), then the server's packaging, each with its own progress bar; when ready the poster, duration,
// renditions and an in-page preview; a failure in words. Used by the upload page and the video editor.
import { DetailedError, Upload } from 'tus-js-client';
import { api, ApiError, reportLostSession, session, type AssetView } from './api.ts';
import { ASSET_STATUS_NAMES } from './labels.ts';
import { Banner, field, h, replace } from './dom.ts';
import { formatDuration, formatSize } from './format.ts';
import { hlsPreview, type Preview } from './player.ts';

/** Bytes per PATCH: after a dropped connection at most this much is sent again. */
const CHUNK_BYTES = 8 * 1024 * 1024;
/** Waits between automatic retries (ms); then the person can press 继续上传. */
const RETRY_DELAYS_MS = [0, 1000, 3000, 5000, 10_000, 20_000, 30_000, 60_000, 60_000, 60_000, 60_000];
const POLL_MS = 1000;
const VIDEO_ACCEPT = 'video/*,.mp4,.mov,.m4v,.mkv,.avi,.wmv,.flv,.ts,.mpg,.mpeg,.3gp,.webm';

export function progressBar(label: string, testid: string): { el: HTMLElement; set(pct: number, text?: string): void } {
  const fill = h('div', { class: 'bar-fill' });
  const pct = h('span', { class: 'bar-pct', 'data-testid': `${testid}-pct` }, '0%');
  const detail = h('span', { class: 'bar-detail' });
  const bar = h('div', { class: 'bar', role: 'progressbar', 'aria-valuemin': '0', 'aria-valuemax': '100', 'aria-valuenow': '0', 'aria-label': label, 'data-testid': testid }, fill);
  return {
    el: h('div', { class: 'progress' }, h('div', { class: 'progress-head' }, h('strong', null, label), pct), bar, detail),
    set(p, text) {
      const v = Math.max(0, Math.min(100, Math.floor(p)));
      fill.style.width = `${v}%`;
      bar.setAttribute('aria-valuenow', String(v));
      pct.textContent = `${v}%`;
      if (text !== undefined) detail.textContent = text;
    },
  };
}

/** What a ready video looks like: poster, duration, renditions, and a preview player. */
export function assetSummary(a: AssetView, onPreview?: (p: Preview) => void): HTMLElement {
  const renditions = a.renditions.map((r) => `${r.height}p`).join('、');
  let preview: Preview | null = null;
  const playerBox = h('div', { class: 'player-box' });
  const playButton = h('button', { type: 'button', class: 'btn' }, '▶ 在这里预览');
  playButton.addEventListener('click', () => {
    if (!a.hls) return;
    preview?.destroy();
    preview = hlsPreview(a.hls, a.poster);
    onPreview?.(preview);
    replace(playerBox, preview.el);
    playButton.remove();
  });
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
    a.hls ? h('div', { class: 'actions' }, playButton) : null,
    playerBox,
  );
}

export interface UploadWidget {
  el: HTMLElement;
  /** True while bytes are being sent: leaving the page would pause the upload. */
  uploading(): boolean;
  destroy(): void;
}

export function uploadWidget(opts: { onReady?: (asset: AssetView) => void; readyActions?: (asset: AssetView) => HTMLElement[] }): UploadWidget {
  const banner = new Banner();
  const fileInput = h('input', { type: 'file', accept: VIDEO_ACCEPT, class: 'file-input', 'data-testid': 'file-input' });
  const chooseLabel = h('label', { for: (fileInput.id = `file-${Math.random().toString(36).slice(2)}`), class: 'btn btn-big' }, '选择视频文件…');
  const chosen = h('p', { class: 'chosen' }, '还没有选择文件。');
  const title = h('input', { type: 'text', maxlength: '100', name: 'videoTitle' });
  const start = h('button', { type: 'button', class: 'btn btn-primary btn-big', disabled: true, 'data-testid': 'start-upload' }, '开始上传');
  const pause = h('button', { type: 'button', class: 'btn', hidden: true }, '暂停上传');
  const resume = h('button', { type: 'button', class: 'btn btn-primary', hidden: true }, '继续上传');
  const upBar = progressBar('第一步：上传视频', 'upload-progress');
  const packBar = progressBar('第二步：转换成电视能播放的格式', 'packaging-progress');
  upBar.el.hidden = true;
  packBar.el.hidden = true;
  const result = h('div', { class: 'upload-result' });
  const chooser = h(
    'div',
    { class: 'chooser' },
    h('div', { class: 'choose-row' }, chooseLabel, fileInput, chosen),
    field('视频标题', title, '在选视频时显示，方便以后找到。可以不改。'),
    h('div', { class: 'actions' }, start),
  );

  let upload: Upload | null = null;
  let sending = false;
  let assetId: string | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let preview: Preview | null = null;
  let destroyed = false;
  let lastPct = 0;

  fileInput.addEventListener('change', () => {
    const f = fileInput.files?.[0];
    banner.clear();
    if (!f) return;
    chosen.textContent = `已选择：${f.name}（${formatSize(f.size)}）`;
    if (!title.value) title.value = f.name.replace(/\.[^.]+$/, '').slice(0, 100);
    start.disabled = false;
  });

  /** The server's words for a failed upload request, and the new sign-in to wait for when the session ran out. */
  const describe = (err: unknown): { message: string; signedIn: Promise<void> | null } => {
    if (err instanceof DetailedError && err.originalResponse) {
      const res = err.originalResponse;
      try {
        const body = JSON.parse(res.getBody()) as { error?: { code?: string; message?: string } };
        if (body.error?.message) {
          const apiErr = new ApiError(res.getStatus(), body.error.code ?? 'error', body.error.message);
          return { message: body.error.message, signedIn: reportLostSession(apiErr, '/uploads') };
        }
      } catch {
        /* not JSON */
      }
      return { message: `上传没有成功（错误 ${res.getStatus()}），请再试一次。`, signedIn: null };
    }
    return { message: '网络连接断了，上传暂停。网络恢复后请按“继续上传”，已经传上去的部分不用重传。', signedIn: null };
  };

  const setSending = (on: boolean) => {
    sending = on;
    pause.hidden = !on;
    resume.hidden = on;
  };

  const poll = async () => {
    if (destroyed || !assetId) return;
    let a: AssetView;
    try {
      a = await api<AssetView>('GET', `/assets/${encodeURIComponent(assetId)}`);
    } catch (err) {
      banner.error(err instanceof ApiError ? `${err.message}（正在重试…）` : String(err));
      timer = setTimeout(poll, POLL_MS * 3);
      return;
    }
    banner.clear();
    if (a.status === 'failed') {
      packBar.set(a.progress, ASSET_STATUS_NAMES.failed);
      banner.error(`视频处理失败：${a.error?.message ?? '原因不明。'}请换一个视频文件再上传。`);
      replace(result, h('div', { class: 'actions' }, againButton()));
      return;
    }
    if (a.status === 'ready') {
      packBar.set(100, '完成');
      replace(result, h('div', { class: 'banner banner-ok' }, '视频已经可以使用了。'), assetSummary(a, (p) => (preview = p)), h('div', { class: 'actions' }, ...(opts.readyActions?.(a) ?? []), againButton('再上传一个')));
      opts.onReady?.(a);
      return;
    }
    const job = a.job && a.job.attempts > 1 ? `（第 ${a.job.attempts} 次尝试）` : '';
    packBar.set(a.progress, a.status === 'pending' ? `排队中，马上开始…${job}` : `正在处理…${job}`);
    timer = setTimeout(poll, POLL_MS);
  };

  const againButton = (label = '重新选择文件') => {
    const b = h('button', { type: 'button', class: 'btn' }, label);
    b.addEventListener('click', () => reset());
    return b;
  };

  const reset = () => {
    if (timer) clearTimeout(timer);
    preview?.destroy();
    upload = null;
    assetId = null;
    setSending(false);
    resume.hidden = true;
    fileInput.value = '';
    title.value = '';
    chosen.textContent = '还没有选择文件。';
    start.disabled = true;
    chooser.hidden = false;
    upBar.el.hidden = true;
    packBar.el.hidden = true;
    upBar.set(0, '');
    packBar.set(0, '');
    banner.clear();
    result.replaceChildren();
  };

  start.addEventListener('click', async () => {
    const file = fileInput.files?.[0];
    if (!file) return banner.error('请先选择一个视频文件。');
    banner.clear();
    chooser.hidden = true;
    upBar.el.hidden = false;
    lastPct = 0;
    upBar.set(0, `0 / ${formatSize(file.size)}`);
    upload = new Upload(file, {
      endpoint: '/api/admin/uploads',
      chunkSize: CHUNK_BYTES,
      retryDelays: RETRY_DELAYS_MS,
      metadata: { filename: file.name, filetype: file.type || 'application/octet-stream', title: title.value.trim() || file.name },
      // Choosing the same file again (after closing the page) continues where it stopped.
      storeFingerprintForResuming: true,
      removeFingerprintOnSuccess: true,
      onBeforeRequest(req) {
        // Read at each request: signing in again in the middle gives a new token.
        req.setHeader('X-CSRF-Token', session.csrfToken);
      },
      onAfterResponse(_req, res) {
        const id = res.getHeader('Keting-Asset-Id');
        if (id) assetId = id;
      },
      onShouldRetry(err, attempt) {
        const status = err.originalResponse?.getStatus() ?? 0;
        // A refusal (bad file, no permission, signed out) does not get better by asking again.
        if (status >= 400 && status < 500 && status !== 409 && status !== 423 && status !== 429) return false;
        upBar.set(lastPct, `网络不稳定，正在自动重新连接…（第 ${attempt + 1} 次），已经传上去的部分不用重传`);
        return true;
      },
      onProgress(sent, total) {
        lastPct = total ? (sent / total) * 100 : 0;
        upBar.set(total ? (sent / total) * 100 : 0, `${formatSize(sent) || '0'} / ${formatSize(total)}`);
      },
      onError(err) {
        setSending(false);
        const { message, signedIn } = describe(err);
        banner.error(message);
        if (signedIn) {
          // Signed in again: go on from where the upload stopped.
          void signedIn.then(() => {
            if (destroyed || !upload) return;
            banner.info('已重新登录，接着上传…');
            setSending(true);
            upload.start();
          });
          return;
        }
        replace(result, h('div', { class: 'actions' }, againButton('换一个文件')));
      },
      onSuccess() {
        setSending(false);
        pause.hidden = true;
        resume.hidden = true;
        upBar.set(100, `${formatSize(file.size)}，上传完成`);
        assetId ??= upload?.url?.split('/').pop() ?? null;
        if (!assetId) return banner.error('上传完成了，但没有收到视频编号。请到“上传视频”页面查看。');
        packBar.el.hidden = false;
        packBar.set(0, '排队中，马上开始…');
        void poll();
      },
    });
    try {
      const previous = await upload.findPreviousUploads();
      if (previous[0]) upload.resumeFromPreviousUpload(previous[0]);
    } catch {
      /* no stored uploads (private window): start from the beginning */
    }
    setSending(true);
    upload.start();
  });

  pause.addEventListener('click', () => {
    void upload?.abort();
    setSending(false);
    banner.info('上传已暂停。按“继续上传”接着传，已经传上去的部分不用重传。');
  });
  resume.addEventListener('click', () => {
    banner.clear();
    result.replaceChildren();
    setSending(true);
    upload?.start();
  });

  const el = h(
    'div',
    { class: 'upload-widget' },
    chooser,
    upBar.el,
    h('div', { class: 'actions' }, pause, resume),
    packBar.el,
    banner.el,
    result,
  );
  return {
    el,
    uploading: () => sending,
    destroy() {
      destroyed = true;
      if (timer) clearTimeout(timer);
      preview?.destroy();
      if (sending) void upload?.abort();
    },
  };
}
