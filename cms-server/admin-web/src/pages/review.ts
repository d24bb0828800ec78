// 审核: the items waiting for review; approve (now or at a chosen time) or send back with a reason.
import { api, ApiError, getSections, getStreets, type ItemListResponse, type ItemView } from '../api.ts';
import { actionButton, Banner, field, h, modal, replace } from '../dom.ts';
import { formatDuration, formatTime, fromLocalInput, toLocalInput } from '../format.ts';
import { ITEM_KIND_LABELS, streetName } from '../labels.ts';
import { href, type RouteContext } from '../router.ts';
import { askReason } from './editor.ts';

function askWindow(item: ItemView): Promise<{ publishAt: string | null; unpublishAt: string | null } | null> {
  const from = h('input', { type: 'datetime-local', value: toLocalInput(item.publishAt) });
  const to = h('input', { type: 'datetime-local', value: toLocalInput(item.unpublishAt) });
  return modal({
    title: '通过审核',
    body: [
      h('p', null, `《${item.title}》通过后会出现在电视上。`),
      h('p', { class: 'hint' }, '上线、下线时间都可以不填：不填就马上上线、一直播出。时间是北京时间。'),
      field('什么时候上线', from),
      field('什么时候下线', to),
    ],
    okLabel: '通过',
    collect: () => ({ publishAt: fromLocalInput(from.value), unpublishAt: fromLocalInput(to.value) }),
  });
}

export async function reviewPage(_ctx: RouteContext): Promise<HTMLElement> {
  const [sections, streets, { items, total }] = await Promise.all([
    getSections(),
    getStreets(),
    api<ItemListResponse>('GET', '/items?state=review&limit=200'),
  ]);
  const sectionTitle = (id: string) => sections.find((s) => s.id === id)?.title ?? id;

  const card = (item: ItemView): HTMLElement => {
    const banner = new Banner();
    const el = h('article', { class: 'review-card', 'data-testid': 'review-card' });
    const finish = (text: string) => {
      replace(el, h('h3', null, item.title), h('div', { class: 'banner banner-ok' }, text));
    };
    const act = async (fn: () => Promise<unknown>, text: string) => {
      banner.clear();
      try {
        await fn();
        finish(text);
      } catch (err) {
        banner.error(err instanceof ApiError ? err.message : String(err));
      }
    };
    const path = `/items/${encodeURIComponent(item.id)}`;
    const buttons = [
      h('a', { class: 'btn', href: href(['items', item.id]) }, '查看全文'),
      item.allowed.includes('approve')
        ? actionButton('通过', async () => {
            const w = await askWindow(item);
            if (w) await act(() => api('POST', `${path}/approve`, w), w.publishAt ? `已通过，${formatTime(w.publishAt)} 上线。` : '已通过，马上上线。');
          }, { class: 'btn btn-primary', testid: 'approve' })
        : null,
      item.allowed.includes('reject')
        ? actionButton('退回', async () => {
            const reason = await askReason(item.title);
            if (reason !== null) await act(() => api('POST', `${path}/reject`, { reason }), '已退回给编辑。');
          }, { testid: 'reject' })
        : null,
    ];
    replace(
      el,
      item.asset?.poster ? h('img', { class: 'thumb-big', src: item.asset.poster, alt: '' }) : null,
      h(
        'div',
        { class: 'review-body' },
        h('h3', null, item.urgent ? h('span', { class: 'badge urgent' }, '紧急') : null, item.title),
        h(
          'p',
          { class: 'meta' },
          `${ITEM_KIND_LABELS[item.kind]} · ${sectionTitle(item.sectionId)} · ${streetName(item.streetId, streets)} · ${item.updatedByName ?? item.createdByName ?? ''} 提交于 ${formatTime(item.submittedAt ?? item.updatedAt)}`,
          item.asset?.durationSec ? ` · 时长 ${formatDuration(item.asset.durationSec)}` : '',
        ),
        h('p', { class: 'summary' }, item.summary),
        item.publishAt || item.unpublishAt ? h('p', { class: 'meta' }, `编辑希望的时间：${item.publishAt ? `${formatTime(item.publishAt)} 上线` : ''} ${item.unpublishAt ? `${formatTime(item.unpublishAt)} 下线` : ''}`) : null,
        banner.el,
        h('div', { class: 'actions' }, buttons),
      ),
    );
    return el;
  };

  return h(
    'section',
    { class: 'page' },
    h('h1', null, '审核'),
    h('p', { class: 'lead' }, total === 0 ? '现在没有等待审核的内容。' : `有 ${total} 条内容等你审核。看过后按“通过”或“退回”。`),
    h('div', { class: 'review-list' }, items.map(card)),
  );
}
