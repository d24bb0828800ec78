// 操作记录: who did what and when, newest first, in plain words.
import { api, getStreets, qs, type AuditEntryView, type AuditListResponse } from '../api.ts';
import { h, replace } from '../dom.ts';
import { formatTime } from '../format.ts';
import { ACTION_NAMES, ROLE_LABELS, streetName, TARGET_NAMES, type Role } from '../labels.ts';
import { href, type RouteContext } from '../router.ts';

const PAGE_SIZE = 50;

/** A few words about the target: the item's title, the account's name, the reason of a rejection. */
function detailText(e: AuditEntryView): string {
  const d = e.detail ?? {};
  const parts: string[] = [];
  const s = (k: string) => (typeof d[k] === 'string' ? (d[k] as string) : undefined);
  if (s('title')) parts.push(`《${s('title')}》`);
  if (s('username')) parts.push(s('username')!);
  if (s('name')) parts.push(s('name')!);
  if (s('role')) parts.push(ROLE_LABELS[s('role') as Role] ?? s('role')!);
  if (s('filename')) parts.push(s('filename')!);
  if (s('reason')) parts.push(`原因：${s('reason')}`);
  if (s('publishAt')) parts.push(`上线 ${formatTime(s('publishAt'))}`);
  if (s('unpublishAt')) parts.push(`下线 ${formatTime(s('unpublishAt'))}`);
  if (d.backToDraft === true) parts.push('改后回到草稿');
  if (d.direct === true) parts.push('街道直接发布');
  if (s('ip')) parts.push(`地址 ${s('ip')}`);
  return parts.join(' · ');
}

export async function auditPage(ctx: RouteContext): Promise<HTMLElement> {
  const offset = Math.max(0, Number(ctx.query.get('offset') ?? 0) || 0);
  const [{ entries, total }, streets] = await Promise.all([
    api<AuditListResponse>('GET', `/audit${qs({ limit: PAGE_SIZE, offset })}`),
    getStreets(),
  ]);
  const pager = h('div', { class: 'pager' });
  replace(
    pager,
    offset > 0 ? h('a', { class: 'btn', href: href(['audit'], { offset: String(Math.max(0, offset - PAGE_SIZE)) }) }, '‹ 较新的') : null,
    h('span', null, total ? `第 ${offset + 1}–${Math.min(offset + PAGE_SIZE, total)} 条，共 ${total} 条` : ''),
    offset + PAGE_SIZE < total ? h('a', { class: 'btn', href: href(['audit'], { offset: String(offset + PAGE_SIZE) }) }, '较早的 ›') : null,
  );
  return h(
    'section',
    { class: 'page' },
    h('h1', null, '操作记录'),
    h('p', { class: 'lead' }, '谁在什么时候做了什么。最新的在最上面。'),
    entries.length === 0
      ? h('p', { class: 'empty' }, '还没有记录。')
      : h(
          'table',
          { class: 'list' },
          h('thead', null, h('tr', null, ['时间', '谁', '做了什么', '对象', '街道', '说明'].map((t) => h('th', { scope: 'col' }, t)))),
          h(
            'tbody',
            null,
            entries.map((e) =>
              h(
                'tr',
                { 'data-testid': 'audit-row' },
                h('td', { class: 'nowrap' }, formatTime(e.at)),
                h('td', null, e.actorName),
                h('td', null, h('strong', null, ACTION_NAMES[e.action] ?? e.action)),
                h('td', null, e.targetType === 'item' && e.targetId ? h('a', { href: href(['items', e.targetId]) }, '内容（点击查看）') : (TARGET_NAMES[e.targetType] ?? e.targetType)),
                h('td', null, streetName(e.streetId, streets)),
                h('td', null, detailText(e)),
              ),
            ),
          ),
        ),
    pager,
  );
}
