// Writing and publishing one item, of any kind (#/items/<id>, #/new?kind=…). The page is put together from its
// parts in editor/: the draft, kept in sessionStorage as it is typed so that a session that runs out (or a closed
// tab) does not lose a half-written notice (draft.ts); the notes at the top (status.ts); the form fields of every
// kind (fields.ts); the video of a video item (video-picker.ts); and the action bar, whose buttons are exactly
// the ItemView's `allowed` actions (action-bar.ts). After each action the page is drawn again from the answer.
import { api, getSections, getStreets, type ItemAction, type ItemKind, type ItemView } from '../api.ts';
import { Banner, h, replace } from '../dom.ts';
import { ITEM_KIND_LABELS, KINDS } from '../labels.ts';
import type { RouteContext } from '../router.ts';
import { actionBar } from './editor/action-bar.ts';
import { openDraft } from './editor/draft.ts';
import { contentFields, windowFields } from './editor/fields.ts';
import { kindPicker } from './editor/kind-picker.ts';
import { editNote, restoredNote, showFlash, statusLine, type Flash } from './editor/status.ts';
import { videoPicker } from './editor/video-picker.ts';

export { askReason } from './editor/action-bar.ts';

function pageHead(kind: ItemKind, item: ItemView | null): HTMLElement {
  return h(
    'div',
    { class: 'page-head' },
    h('h1', null, item ? `${ITEM_KIND_LABELS[kind]}：${item.title}` : `新建${ITEM_KIND_LABELS[kind]}`),
    h('a', { class: 'btn btn-quiet', href: '#/items' }, '‹ 返回内容列表'),
  );
}

export async function editorPage(ctx: RouteContext): Promise<HTMLElement> {
  const itemId = ctx.parts[0] === 'items' ? (ctx.parts[1] ?? null) : null;
  const kindParam = ctx.query.get('kind') as ItemKind | null;
  if (!itemId && (!kindParam || !KINDS.includes(kindParam))) return kindPicker();
  const [sections, streets] = await Promise.all([getSections(), getStreets()]);
  const root = h('section', { class: 'page editor' });

  /** Draws the editor for the item (null: a new one of the kind asked for), with what the last action did. */
  const show = async (item: ItemView | null, flash?: Flash): Promise<void> => {
    const kind = item?.kind ?? kindParam!;
    const isNew = item === null;
    const allowed = new Set<ItemAction>(item?.allowed ?? ['edit', 'submit']);
    const editable = allowed.has('edit');
    const windowEditable = editable || allowed.has('schedule') || allowed.has('approve');
    const draft = openDraft(item, kind, ctx.query.get('asset') ?? '', editable);
    const { d, changed } = draft;

    const topBanner = new Banner();
    let restored: HTMLElement | null = null;
    if (draft.restored) {
      restored = restoredNote(() => {
        draft.forget();
        void show(item);
      });
    } else showFlash(topBanner, flash);

    const picker = kind === 'video' ? await videoPicker(d, changed, ctx, !editable, item?.asset ?? null) : null;

    replace(
      root,
      pageHead(kind, item),
      restored,
      topBanner.el,
      item ? statusLine(item, streets) : null,
      editNote(item, editable),
      contentFields({ kind, isNew, editable, d, changed, sections, streets, picker }),
      windowFields(d, changed, windowEditable),
      actionBar({ item, allowed, draft, show }),
    );
  };

  if (itemId) await show(await api<ItemView>('GET', `/items/${encodeURIComponent(itemId)}`));
  else await show(null);
  return root;
}
