// Uploading one video: tus (resumable, in chunks — a 2 GB meeting recording survives an office network
// dropping), then the server's packaging, each with its own progress bar; when ready the poster, duration,
// renditions and an in-page preview; a failure in words. Used by the upload page and the video editor.
// The parts are in upload-widget/: choosing the file (file-chooser.ts), the progress bars (progress-bar.ts),
// the packaging (packaging.ts) and the ready video with its preview (asset-summary.ts); sending the file with
// tus, pausing and resuming it, is here.
import { DetailedError, Upload } from 'tus-js-client';
import { ApiError, reportLostSession, session, type AssetView } from './api.ts';
import { Banner, h, replace } from './dom.ts';
import { formatSize } from './format.ts';
import type { Preview } from './player.ts';
import { assetSummary } from './upload-widget/asset-summary.ts';
import { fileChooser } from './upload-widget/file-chooser.ts';
import { packagingProgress } from './upload-widget/packaging.ts';
import { progressBar } from './upload-widget/progress-bar.ts';

export { assetSummary } from './upload-widget/asset-summary.ts';

/** Bytes per PATCH: after a dropped connection at most this much is sent again. */
const CHUNK_BYTES = 8 * 1024 * 1024;
/** Waits between automatic retries (ms); then the person can press 继续上传. */
const RETRY_DELAYS_MS = [0, 1000, 3000, 5000, 10_000, 20_000, 30_000, 60_000, 60_000, 60_000, 60_000];

export interface UploadWidget {
  el: HTMLElement;
  /** True while bytes are being sent: leaving the page would pause the upload. */
  uploading(): boolean;
  destroy(): void;
}

/** The server's words for a failed upload request, and the new sign-in to wait for when the session ran out. */
function describe(err: unknown): { message: string; signedIn: Promise<void> | null } {
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
}

/** 暂停上传 while sending, 继续上传 while paused or stopped by an error; neither before or after. */
function pauseResume() {
  const pause = h('button', { type: 'button', class: 'btn', hidden: true }, '暂停上传');
  const resume = h('button', { type: 'button', class: 'btn btn-primary', hidden: true }, '继续上传');
  let sending = false;
  /** Sending (暂停上传 shown) or not (继续上传 shown). */
  const set = (on: boolean) => {
    sending = on;
    pause.hidden = !on;
    resume.hidden = on;
  };
  return {
    pause,
    resume,
    el: h('div', { class: 'actions' }, pause, resume),
    sending: () => sending,
    set,
    /** Not sending, and nothing to resume. */
    idle() {
      set(false);
      resume.hidden = true;
    },
  };
}

export function uploadWidget(opts: { onReady?: (asset: AssetView) => void; readyActions?: (asset: AssetView) => HTMLElement[] }): UploadWidget {
  const banner = new Banner();
  const chooser = fileChooser(banner);
  const upBar = progressBar('第一步：上传视频', 'upload-progress');
  upBar.el.hidden = true;
  const controls = pauseResume();
  const packaging = packagingProgress(banner);
  const result = h('div', { class: 'upload-result' });

  let upload: Upload | null = null;
  let assetId: string | null = null;
  let preview: Preview | null = null;
  let destroyed = false;
  let lastPct = 0;

  const againButton = (label = '重新选择文件') => {
    const b = h('button', { type: 'button', class: 'btn' }, label);
    b.addEventListener('click', () => reset());
    return b;
  };

  const reset = () => {
    packaging.reset();
    preview?.destroy();
    upload = null;
    assetId = null;
    controls.idle();
    chooser.reset();
    upBar.el.hidden = true;
    upBar.set(0, '');
    banner.clear();
    result.replaceChildren();
  };

  /** Packaging: when ready the video and what can be done with it; when failed, a way to start again. */
  const watchPackaging = (id: string) =>
    packaging.watch(id, {
      onFailed: () => replace(result, h('div', { class: 'actions' }, againButton())),
      onReady: (a) => {
        replace(result, h('div', { class: 'banner banner-ok' }, '视频已经可以使用了。'), assetSummary(a, (p) => (preview = p)), h('div', { class: 'actions' }, ...(opts.readyActions?.(a) ?? []), againButton('再上传一个')));
        opts.onReady?.(a);
      },
    });

  /** A tus upload of the file; its progress on the first bar, its end starts the packaging watch. */
  const tusUpload = (file: File): Upload =>
    new Upload(file, {
      endpoint: '/api/admin/uploads',
      chunkSize: CHUNK_BYTES,
      retryDelays: RETRY_DELAYS_MS,
      metadata: { filename: file.name, filetype: file.type || 'application/octet-stream', title: chooser.title().trim() || file.name },
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
        // The server's disk is full (507 insufficient_storage): asking again every few seconds will not free it.
        // The bytes already sent are kept; the message says so, and 继续上传 goes on once space is freed.
        if (status === 507) return false;
        upBar.set(lastPct, `网络不稳定，正在自动重新连接…（第 ${attempt + 1} 次），已经传上去的部分不用重传`);
        return true;
      },
      onProgress(sent, total) {
        lastPct = total ? (sent / total) * 100 : 0;
        upBar.set(total ? (sent / total) * 100 : 0, `${formatSize(sent) || '0'} / ${formatSize(total)}`);
      },
      onError(err) {
        controls.set(false);
        const { message, signedIn } = describe(err);
        banner.error(message);
        if (signedIn) {
          // Signed in again: go on from where the upload stopped.
          void signedIn.then(() => {
            if (destroyed || !upload) return;
            banner.info('已重新登录，接着上传…');
            controls.set(true);
            upload.start();
          });
          return;
        }
        replace(result, h('div', { class: 'actions' }, againButton('换一个文件')));
      },
      onSuccess() {
        controls.idle();
        upBar.set(100, `${formatSize(file.size)}，上传完成`);
        assetId ??= upload?.url?.split('/').pop() ?? null;
        if (!assetId) return banner.error('上传完成了，但没有收到视频编号。请到“上传视频”页面查看。');
        watchPackaging(assetId);
      },
    });

  chooser.start.addEventListener('click', async () => {
    const file = chooser.file();
    if (!file) return banner.error('请先选择一个视频文件。');
    banner.clear();
    chooser.el.hidden = true;
    upBar.el.hidden = false;
    lastPct = 0;
    upBar.set(0, `0 / ${formatSize(file.size)}`);
    upload = tusUpload(file);
    try {
      const previous = await upload.findPreviousUploads();
      if (previous[0]) upload.resumeFromPreviousUpload(previous[0]);
    } catch {
      /* no stored uploads (private window): start from the beginning */
    }
    controls.set(true);
    upload.start();
  });

  controls.pause.addEventListener('click', () => {
    void upload?.abort();
    controls.set(false);
    banner.info('上传已暂停。按“继续上传”接着传，已经传上去的部分不用重传。');
  });
  controls.resume.addEventListener('click', () => {
    banner.clear();
    result.replaceChildren();
    controls.set(true);
    upload?.start();
  });

  return {
    el: h('div', { class: 'upload-widget' }, chooser.el, upBar.el, controls.el, packaging.el, banner.el, result),
    uploading: controls.sending,
    destroy() {
      destroyed = true;
      packaging.destroy();
      preview?.destroy();
      if (controls.sending()) void upload?.abort();
    },
  };
}
