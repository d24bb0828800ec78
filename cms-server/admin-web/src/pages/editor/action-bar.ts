// The editor's action bar: exactly the buttons of the ItemView's `allowed` actions (保存草稿 and 保存并提交审核
// for a new item), and next to them the refusal of the last one in the server's words. What an action did is
// said at the top of the page, where the editor is drawn again with the item as the server answered it.
import { api, ApiError, REVIEW_REASON_MAX_CHARS, type ItemAction, type ItemView } from '../../api.ts';
import { actionButton, Banner, confirmDialog, field, h, modal } from '../../dom.ts';
import { formatTime } from '../../format.ts';
import { go, href, replaceRoute } from '../../router.ts';
import { payload, windowBody, type DraftStore } from './draft.ts';
import type { Flash } from './status.ts';

const SAVED_DRAFT = '已保存为草稿。电视上还看不到，写好后请按“提交审核”。';

/** What happened, in words, after a submit or an approval: a street that publishes directly skips review. */
function afterSubmit(next: ItemView): string {
  if (next.state === 'published') return '已发布，电视上已经可以看到了。';
  if (next.state === 'scheduled') return `已通过审核，${formatTime(next.publishAt)} 自动出现在电视上。`;
  return '已提交审核，等审核员通过后就会上电视。';
}

/** Asks why an item is sent back: the editor reads this to know what to change. */
export function askReason(title: string): Promise<string | null> {
  const reason = h('textarea', { rows: '4', maxlength: String(REVIEW_REASON_MAX_CHARS), 'data-testid': 'reject-reason' });
  return modal({
    title: '退回给编辑',
    body: [h('p', null, `请写明《${title}》哪里需要修改：`), field('退回原因', reason)],
    okLabel: '退回',
    collect: () => (reason.value.trim() ? reason.value.trim() : { problem: '请写明退回的原因，编辑才知道要改什么。' }),
  });
}

const messageOf = (err: unknown) => (err instanceof ApiError ? err.message : String(err));

export interface ActionBarOptions {
  /** null: a new item, not saved yet. */
  item: ItemView | null;
  allowed: ReadonlySet<ItemAction>;
  draft: DraftStore;
  /** Draws the editor again with the item as the server answered it, `flash` at the top. */
  show(item: ItemView, flash: Flash): Promise<void>;
}

/** The requests behind the buttons, on the item's path (a new item has one once it is first saved). */
function requests(opts: ActionBarOptions, banner: Banner) {
  const { item, draft, show } = opts;
  const isNew = item === null;
  let itemId = item?.id ?? null;
  const path = () => `/items/${encodeURIComponent(itemId!)}`;

  /** Runs one action; on success forgets the typed draft and shows the answer, else says why in the bar. */
  const run = async (what: () => Promise<ItemView | null>, done: string | ((next: ItemView) => string)) => {
    banner.clear();
    try {
      const next = await what();
      draft.forget();
      if (next === null) return;
      if (isNew) {
        replaceRoute(href(['items', next.id]));
        itemId = next.id;
      }
      await show(next, { ok: typeof done === 'string' ? done : done(next) });
      // The result is said at the top of the page: go there, or the person does not see it.
      window.scrollTo({ top: 0 });
    } catch (err) {
      banner.error(messageOf(err));
    }
  };

  const save = () => (isNew ? api<ItemView>('POST', '/items', payload(draft.d, true)) : api<ItemView>('PATCH', path(), payload(draft.d, false)));

  /** A new item: save it, then submit it; saved but not submitted shows the saved draft (a second press must not create a copy). */
  const saveAndSubmit = async (): Promise<ItemView | null> => {
    const created = await save();
    itemId = created.id;
    draft.forget();
    replaceRoute(href(['items', created.id]));
    try {
      return await api<ItemView>('POST', `${path()}/submit`);
    } catch (err) {
      await show(created, { error: `已保存为草稿，但提交审核没有成功：${messageOf(err)}` });
      window.scrollTo({ top: 0 });
      return null;
    }
  };

  const remove = async () => {
    banner.clear();
    try {
      await api('DELETE', path());
      draft.forget();
      go('#/items');
    } catch (err) {
      banner.error(messageOf(err));
    }
  };

  return { run, save, saveAndSubmit, remove, path };
}

function newItemButtons(r: ReturnType<typeof requests>): HTMLElement[] {
  return [
    actionButton('保存草稿', () => r.run(r.save, SAVED_DRAFT), { busyLabel: '正在保存…', testid: 'save' }),
    actionButton('保存并提交审核', () => r.run(r.saveAndSubmit, afterSubmit), { class: 'btn btn-primary', busyLabel: '正在提交…', testid: 'save-submit' }),
  ];
}

function itemButtons(r: ReturnType<typeof requests>, item: ItemView, allowed: ReadonlySet<ItemAction>, draft: DraftStore): HTMLElement[] {
  const buttons: HTMLElement[] = [];
  const post = (action: string, body?: unknown) => () => api<ItemView>('POST', `${r.path()}/${action}`, body);
  if (allowed.has('edit'))
    buttons.push(actionButton(item.state === 'draft' ? '保存草稿' : '保存修改', () => r.run(r.save, (next) => (next.state === 'draft' ? SAVED_DRAFT : '已保存。')), { busyLabel: '正在保存…', testid: 'save' }));
  if (allowed.has('submit'))
    buttons.push(
      actionButton(
        '提交审核',
        () =>
          r.run(async () => {
            if (allowed.has('edit')) await r.save();
            return post('submit')();
          }, afterSubmit),
        { class: 'btn btn-primary', busyLabel: '正在提交…', testid: 'submit' },
      ),
    );
  if (allowed.has('approve'))
    buttons.push(actionButton('通过', () => r.run(post('approve', windowBody(draft.d)), afterSubmit), { class: 'btn btn-primary', busyLabel: '正在提交…', testid: 'approve' }));
  if (allowed.has('reject'))
    buttons.push(
      actionButton('退回', async () => {
        const reason = await askReason(item.title);
        if (reason === null) return;
        await r.run(post('reject', { reason }), '已退回给编辑，并附上了原因。');
      }, { busyLabel: '退回…', testid: 'reject' }),
    );
  if (allowed.has('schedule') && !allowed.has('edit'))
    buttons.push(actionButton('保存上线时间', () => r.run(() => api<ItemView>('PUT', `${r.path()}/window`, windowBody(draft.d)), '上线、下线时间已保存。'), { busyLabel: '正在保存…', testid: 'schedule' }));
  if (allowed.has('withdraw'))
    buttons.push(
      actionButton('撤下', async () => {
        if (!(await confirmDialog('撤下这条内容？', `《${item.title}》会马上从电视上消失。以后可以修改后重新提交。`, '确定撤下', true))) return;
        await r.run(post('withdraw'), '已撤下，电视上不再显示。');
      }, { class: 'btn btn-danger', busyLabel: '正在撤下…', testid: 'withdraw' }),
    );
  if (allowed.has('delete'))
    buttons.push(
      actionButton('删除', async () => {
        if (!(await confirmDialog('删除这条内容？', `《${item.title}》会被删除，不能恢复。`, '确定删除', true))) return;
        await r.remove();
      }, { class: 'btn btn-danger btn-quiet', busyLabel: '正在删除…', testid: 'delete' }),
    );
  return buttons;
}

export function actionBar(opts: ActionBarOptions): HTMLElement {
  const banner = new Banner();
  const r = requests(opts, banner);
  const buttons = opts.item ? itemButtons(r, opts.item, opts.allowed, opts.draft) : newItemButtons(r);
  return h('div', { class: 'action-bar' }, banner.el, h('div', { class: 'actions' }, buttons));
}
