// The notes at the top of the editor: where the item stands (its state, why it was sent back or why its video
// failed, who made it), whether it may be changed now, the draft restored from last time, and what the last
// action did.
import type { ItemView, StreetView } from '../../api.ts';
import { h, type Banner } from '../../dom.ts';
import { formatTime } from '../../format.ts';
import { ITEM_STATE_LABELS, STATE_HELP, streetName } from '../../labels.ts';
import { stateBadge } from '../items.ts';

/** The item's state in words, the reviewer's reason or the video's failure, and who created and changed it. */
export function statusLine(item: ItemView, streets: StreetView[]): HTMLElement {
  return h(
    'div',
    { class: 'status-line' },
    stateBadge(item.state),
    h('span', null, STATE_HELP[item.state]),
    item.reviewNote && item.state === 'draft' ? h('div', { class: 'banner banner-warn' }, `审核员退回了这条内容。原因：${item.reviewNote}`) : null,
    item.state === 'failed' && item.asset?.error ? h('div', { class: 'banner banner-error', 'data-testid': 'failed-why' }, `${ITEM_STATE_LABELS.failed}的原因：${item.asset.error.message}`) : null,
    h(
      'p',
      { class: 'meta' },
      `${streetName(item.streetId, streets)} · ${item.createdByName ?? ''} 创建于 ${formatTime(item.createdAt)}`,
      item.updatedByName ? ` · ${item.updatedByName} 最后修改于 ${formatTime(item.updatedAt)}` : '',
    ),
  );
}

/** Why the form is locked, or what saving an item in review does to it. */
export function editNote(item: ItemView | null, editable: boolean): HTMLElement | null {
  if (!editable && item) return h('div', { class: 'banner banner-info' }, '这条内容现在不能修改。已通过审核的内容要先撤下，才能修改。');
  if (editable && item?.state === 'review') return h('div', { class: 'banner banner-info' }, '这条内容正在等审核。如果现在修改并保存，它会回到草稿，需要重新提交审核。');
  return null;
}

/** Says that last time's unsaved text is back in the form, with a button to throw it away. */
export function restoredNote(discard: () => void): HTMLElement {
  const button = h('button', { type: 'button', class: 'btn btn-quiet' }, '不要这些，恢复原样');
  button.addEventListener('click', discard);
  return h('div', { class: 'banner banner-info restored' }, h('span', null, '已恢复你上次没有保存的内容。检查后请按“保存”。'), button);
}

/** What the last action did (or, for a saved but not submitted item, what it did not), said at the top. */
export interface Flash {
  ok?: string;
  info?: string;
  error?: string;
}

export function showFlash(banner: Banner, flash: Flash | undefined): void {
  if (flash?.error) banner.error(flash.error);
  else if (flash?.ok) banner.ok(flash.ok);
  else if (flash?.info) banner.info(flash.info);
}
