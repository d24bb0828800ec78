// The second part of an upload: the server packages the video for the TVs. Its progress bar follows
// GET /api/admin/assets/:id once a second until the video is ready or has failed; a video the TVs can already
// show (its source copied as it is) says 已可观看（其余清晰度转码中） while the other renditions are encoded.
import { api, ApiError, type AssetView } from '../api.ts';
import type { Banner } from '../dom.ts';
import { ASSET_STATUS_LABELS, JOB_HOLD_LABELS } from '../labels.ts';
import { progressBar } from './progress-bar.ts';

const POLL_MS = 1000;

export interface Packaging {
  /** The progress bar, hidden until `watch`. */
  el: HTMLElement;
  /** Shows the bar and follows the asset until it is ready (`onReady`) or has failed (`onFailed`, said in `banner`). */
  watch(assetId: string, on: { onReady(a: AssetView): void; onFailed(): void }): void;
  /** Stops following, and hides and empties the bar. */
  reset(): void;
  /** Stops following for good (the widget is gone). */
  destroy(): void;
}

export function packagingProgress(banner: Banner): Packaging {
  const bar = progressBar('第二步：转换成电视能播放的格式', 'packaging-progress');
  bar.el.hidden = true;
  let assetId: string | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let destroyed = false;

  const poll = async (on: { onReady(a: AssetView): void; onFailed(): void }) => {
    if (destroyed || !assetId) return;
    const again = (ms: number) => (timer = setTimeout(() => void poll(on), ms));
    let a: AssetView;
    try {
      a = await api<AssetView>('GET', `/assets/${encodeURIComponent(assetId)}`);
    } catch (err) {
      banner.error(err instanceof ApiError ? `${err.message}（正在重试…）` : String(err));
      again(POLL_MS * 3);
      return;
    }
    banner.clear();
    if (a.status === 'failed') {
      bar.set(a.progress, ASSET_STATUS_LABELS.failed);
      banner.error(`${ASSET_STATUS_LABELS.failed}：${a.error?.message ?? '原因不明。'}请换一个视频文件再上传。`);
      on.onFailed();
      return;
    }
    if (a.status === 'ready') {
      bar.set(100, '完成');
      on.onReady(a);
      return;
    }
    if (a.heldFor) {
      // Held, not failed: the server goes on by itself once there is room; keep following it.
      bar.set(a.progress, JOB_HOLD_LABELS[a.heldFor]);
      banner.info('服务器的存储空间不够了，视频处理暂停。请联系管理员清理空间；清理后会自动继续，不用重新上传，也可以先离开这一页。');
      again(POLL_MS * 3);
      return;
    }
    const job = a.job && a.job.attempts > 1 ? `（第 ${a.job.attempts} 次尝试）` : '';
    const doing = a.status === 'pending' ? '排队中，马上开始…' : a.status === 'playable' ? ASSET_STATUS_LABELS.playable : '正在处理…';
    bar.set(a.progress, `${doing}${job}`);
    again(POLL_MS);
  };

  return {
    el: bar.el,
    watch(id, on) {
      assetId = id;
      bar.el.hidden = false;
      bar.set(0, '排队中，马上开始…');
      void poll(on);
    },
    reset() {
      if (timer) clearTimeout(timer);
      assetId = null;
      bar.el.hidden = true;
      bar.set(0, '');
    },
    destroy() {
      destroyed = true;
      if (timer) clearTimeout(timer);
    },
  };
}
