// 内容: every item the account can see, filtered by section and state, with a count per state.
import { api, getSections, getStreets, qs, session, type ItemListResponse, type ItemState, type ItemView } from '../api.ts';
import { Banner, h, replace } from '../dom.ts';
import { formatTime } from '../format.ts';
import { ITEM_KIND_LABELS, STATE_HELP, ITEM_STATE_LABELS, STATES, streetName } from '../labels.ts';
import { href, type RouteContext } from '../router.ts';

const PAGE_SIZE = 50;

/** The publishing window in words: "11月25日 19:30 起 · 至 11月30日 18:00". */
export function windowText(i: Pick<ItemView, 'publishAt' | 'unpublishAt' | 'publishedAt' | 'state'>): string {
  const parts: string[] = [];
  const from = i.publishAt ?? (i.state === 'published' ? i.publishedAt : null);
  if (from) parts.push(`${formatTime(from)} 起`);
  if (i.unpublishAt) parts.push(`至 ${formatTime(i.unpublishAt)}`);
  return parts.join(' · ') || (i.state === 'published' ? '一直播出' : '未设置');
}

export function stateBadge(state: ItemState): HTMLElement {
  return h('span', { class: `badge state-${state}`, title: STATE_HELP[state] }, ITEM_STATE_LABELS[state]);
}

export async function itemsPage(ctx: RouteContext): Promise<HTMLElement> {
  const section = ctx.query.get('section') ?? '';
  const state = (ctx.query.get('state') ?? '') as ItemState | '';
  const offset = Math.max(0, Number(ctx.query.get('offset') ?? 0) || 0);
  const [sections, streets] = await Promise.all([getSections(), getStreets()]);
  // One request: the page of items, and the number in every state under the same filters (the tabs).
  const list = await api<ItemListResponse>(
    'GET',
    `/items${qs({ section, state, limit: PAGE_SIZE, offset })}`,
  );
  const all = STATES.reduce((n, s) => n + (list.counts[s] ?? 0), 0);

  const link = (q: { section?: string; state?: string; offset?: string }) =>
    href(['items'], { section: q.section ?? section, state: q.state ?? state, offset: q.offset });

  const sectionSelect = h(
    'select',
    { id: 'filter-section', 'data-testid': 'filter-section' },
    h('option', { value: '' }, '全部栏目'),
    sections.map((s) => h('option', { value: s.id, selected: s.id === section }, `${s.digit} ${s.title}`)),
  );
  sectionSelect.addEventListener('change', () => (location.hash = link({ section: sectionSelect.value, offset: '' })));

  const tabs = h(
    'div',
    { class: 'tabs', role: 'tablist', 'aria-label': '按状态筛选' },
    h('a', { href: link({ state: '', offset: '' }), class: `tab${state === '' ? ' active' : ''}`, role: 'tab', 'aria-selected': String(state === '') }, `全部 (${all})`),
    STATES.map((s) =>
      h(
        'a',
        { href: link({ state: s, offset: '' }), class: `tab tab-${s}${state === s ? ' active' : ''}`, role: 'tab', 'aria-selected': String(state === s), title: STATE_HELP[s], 'data-testid': `tab-${s}` },
        `${ITEM_STATE_LABELS[s]} (${list.counts[s] ?? 0})`,
      ),
    ),
  );

  const sectionTitle = (id: string) => sections.find((s) => s.id === id)?.title ?? id;
  const rows = list.items.map((i) =>
    h(
      'tr',
      { 'data-testid': 'item-row' },
      h('td', { class: 'title-cell' }, h('a', { href: href(['items', i.id]) }, i.urgent ? h('span', { class: 'badge urgent' }, '紧急') : null, i.title)),
      h('td', null, ITEM_KIND_LABELS[i.kind]),
      h('td', null, sectionTitle(i.sectionId)),
      h('td', null, streetName(i.streetId, streets)),
      h('td', null, stateBadge(i.state), i.state === 'draft' && i.reviewNote ? h('div', { class: 'note' }, '被退回') : null),
      h('td', { class: 'nowrap' }, windowText(i)),
    ),
  );

  const canCreate = session.user && ['admin', 'editor'].includes(session.user.role);
  const pager = h('div', { class: 'pager' });
  if (list.total > PAGE_SIZE) {
    replace(
      pager,
      offset > 0 ? h('a', { class: 'btn', href: link({ offset: String(Math.max(0, offset - PAGE_SIZE)) }) }, '‹ 上一页') : null,
      h('span', null, `第 ${offset + 1}–${Math.min(offset + PAGE_SIZE, list.total)} 条，共 ${list.total} 条`),
      offset + PAGE_SIZE < list.total ? h('a', { class: 'btn', href: link({ offset: String(offset + PAGE_SIZE) }) }, '下一页 ›') : null,
    );
  }
  const banner = new Banner();
  return h(
    'section',
    { class: 'page' },
    h('div', { class: 'page-head' }, h('h1', null, '内容'), canCreate ? h('a', { class: 'btn btn-primary btn-big', href: '#/new' }, '＋ 新建内容') : null),
    h('div', { class: 'filters' }, h('label', { for: 'filter-section' }, '栏目'), sectionSelect),
    tabs,
    banner.el,
    list.items.length === 0
      ? h('p', { class: 'empty' }, state || section ? '这里还没有内容。' : '还没有任何内容。点“新建内容”写第一条。')
      : h(
          'table',
          { class: 'list' },
          h('thead', null, h('tr', null, ['标题', '类型', '栏目', '街道', '状态', '上线时间'].map((t) => h('th', { scope: 'col' }, t)))),
          h('tbody', null, rows),
        ),
    pager,
  );
}
