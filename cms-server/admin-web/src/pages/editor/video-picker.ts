// Choosing the video of a video item: one already uploaded, or a new upload right here.
import { api, ApiError, type AssetListResponse, type AssetView, type ItemView } from '../../api.ts';
import { Banner, field, h, replace, type Child } from '../../dom.ts';
import { formatDuration } from '../../format.ts';
import { ASSET_STATUS_LABELS, JOB_HOLD_LABELS } from '../../labels.ts';
import type { Preview } from '../../player.ts';
import type { RouteContext } from '../../router.ts';
import { assetSummary, uploadWidget, type UploadWidget } from '../../upload-widget.ts';
import type { Draft } from './draft.ts';

/** A video as the select lists it: its title, and its length once ready or how far its packaging is. */
function assetLabel(a: AssetView): string {
  const state = a.status === 'ready' ? `（${formatDuration(a.durationSec)}）` : a.heldFor ? `（${JOB_HOLD_LABELS[a.heldFor]}）` : `（${ASSET_STATUS_LABELS[a.status]}${a.status === 'processing' || a.status === 'playable' ? ` ${a.progress}%` : ''}）`;
  return `${a.title || a.sourceName || '这条内容的视频'}${state}`;
}

/** Below the select: the chosen video when ready (poster, duration, preview), why it failed, or how far it is. */
function chosenVideo(current: AssetView | undefined, onPreview: (p: Preview) => void): Child {
  if (current?.status === 'ready') return assetSummary(current, onPreview);
  if (current?.heldFor) return h('p', { class: 'hint' }, `这个视频${JOB_HOLD_LABELS[current.heldFor]}。处理完成前也可以先保存，处理好后才能上电视。`);
  if (current?.status === 'failed') return h('div', { class: 'banner banner-error' }, `这个${ASSET_STATUS_LABELS.failed}：${current.error?.message ?? ''} 请换一个视频。`);
  if (current?.status === 'playable') return h('p', { class: 'hint' }, `这个视频${ASSET_STATUS_LABELS.playable}（${current.progress}%）。现在就能上电视，其余清晰度转好后电视会自动换上。`);
  if (current) return h('p', { class: 'hint' }, `这个视频${ASSET_STATUS_LABELS[current.status]}（${current.progress}%）。处理完成前也可以先保存，处理好后才能上电视。`);
  return null;
}

/** The item's own video as the item shows it, for an account that may not list videos. */
function assetOfItem(id: string, itemAsset: NonNullable<ItemView['asset']>): AssetView {
  return { ...itemAsset, id, title: null, sourceName: null, sourceSize: null, renditions: [], streetId: null, createdBy: null, createdAt: '', updatedAt: '', job: null, heldFor: null } as AssetView;
}

export async function videoPicker(
  d: Draft,
  onChange: () => void,
  ctx: RouteContext,
  disabled: boolean,
  itemAsset: ItemView['asset'],
): Promise<HTMLElement> {
  const box = h('div', { class: 'video-picker' });
  const banner = new Banner();
  let assets: AssetView[] = [];
  let preview: Preview | null = null;
  let widget: UploadWidget | null = null;
  ctx.onLeave(() => (preview?.destroy(), widget?.destroy()));
  ctx.guardLeave(() => (widget?.uploading() ? '视频还在上传。离开这一页，上传会暂停。确定要离开吗？' : null));

  const load = async () => {
    try {
      assets = (await api<AssetListResponse>('GET', '/assets?limit=100')).assets;
      // The item's video may be older than the latest hundred: fetch it by itself.
      if (d.assetId && !assets.some((a) => a.id === d.assetId)) {
        assets.push(await api<AssetView>('GET', `/assets/${encodeURIComponent(d.assetId)}`));
      }
    } catch (err) {
      // An account that may not list videos (a secretary) still sees the item's own video from the item.
      if (itemAsset && d.assetId && !assets.some((a) => a.id === d.assetId)) assets.push(assetOfItem(d.assetId, itemAsset));
      if (!(err instanceof ApiError && err.status === 403 && disabled)) banner.error(err instanceof ApiError ? err.message : String(err));
    }
  };

  /** 上传新视频: an upload widget in place of the button; once ready, its video becomes the item's. */
  const inlineUpload = (): Child[] => {
    const uploadBox = h('div', { class: 'inline-upload' });
    const toggle = h('button', { type: 'button', class: 'btn', hidden: disabled, 'data-testid': 'inline-upload' }, '⬆ 上传新视频');
    toggle.addEventListener('click', () => {
      toggle.hidden = true;
      widget = uploadWidget({
        // Ready: this video becomes the lesson's, shown like any chosen video (poster, duration, preview).
        onReady: async (a) => {
          d.assetId = a.id;
          onChange();
          widget?.destroy();
          widget = null;
          await load();
          draw();
        },
      });
      replace(uploadBox, widget.el);
    });
    return [h('div', { class: 'actions' }, toggle), uploadBox];
  };

  const draw = () => {
    preview?.destroy();
    const usable = assets.filter((a) => a.status !== 'failed' || a.id === d.assetId);
    const select = h(
      'select',
      { 'data-testid': 'asset-select', disabled },
      h('option', { value: '' }, usable.length ? '— 请选择一个视频 —' : '— 还没有上传过视频 —'),
      usable.map((a) => h('option', { value: a.id, selected: a.id === d.assetId }, assetLabel(a))),
    );
    select.addEventListener('change', () => {
      d.assetId = select.value;
      onChange();
      draw();
    });
    const current = assets.find((a) => a.id === d.assetId);
    const shown = chosenVideo(current, (p) => (preview = p));
    replace(box, field('选择视频', select, '选一个已经上传好的视频，或者点“上传新视频”。'), banner.el, shown, inlineUpload());
  };
  await load();
  draw();
  return h('fieldset', { class: 'group' }, h('legend', null, '视频'), box);
}
