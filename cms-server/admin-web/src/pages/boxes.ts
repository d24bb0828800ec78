// 机顶盒 (admins, operators): pair the box whose code is on the TV to a household — typed in, or opened from the
// TV's QR code on a phone already signed in (#/boxes?code=123456 fills it in) — and the fleet of the street: which
// box serves which household, its version, whether it is on now, when it was last seen, what it plays.
import { api, ApiError, getStreets, session, type BoxListResponse, type BoxView, type HouseholdListResponse } from '../api.ts';
import { actionButton, Banner, confirmDialog, field, h, replace } from '../dom.ts';
import { formatTime } from '../format.ts';
import { go, href, type RouteContext } from '../router.ts';

const errorText = (err: unknown) => (err instanceof ApiError ? err.message : String(err));

export async function boxesPage(ctx: RouteContext): Promise<HTMLElement> {
  const root = h('section', { class: 'page' });
  const streets = await getStreets();
  const own = session.user?.streetId ?? null;
  const street = own ?? ctx.query.get('street') ?? '';
  const stale = ctx.query.get('stale') === '1';
  const [fleet, homes] = await Promise.all([
    api<BoxListResponse>('GET', `/boxes?limit=200${street ? `&street=${encodeURIComponent(street)}` : ''}${stale ? '&stale=1' : ''}`),
    api<HouseholdListResponse>('GET', `/households?limit=200${street ? `&street=${encodeURIComponent(street)}` : ''}`),
  ]);
  const banner = new Banner();

  // Pairing: the code the TV shows, and the household.
  const code = h('input', { type: 'text', inputmode: 'numeric', maxlength: '6', autocomplete: 'off', class: 'code-input', value: ctx.query.get('code') ?? '', 'data-testid': 'pair-code' });
  const household = h(
    'select',
    { 'data-testid': 'pair-household' },
    h('option', { value: '' }, homes.households.length ? '请选择家庭' : '还没有家庭：先在“家庭”页面新建'),
    homes.households.map((x) => h('option', { value: x.id }, `${x.name}${own === null ? `（${streets.find((s) => s.id === x.streetId)?.name ?? x.streetId}）` : ''}`)),
  );
  const pair = actionButton('绑定', async () => {
    banner.clear();
    if (!/^\d{6}$/.test(code.value.trim())) return banner.error('绑定码是电视上显示的 6 位数字，请对照电视再输入。');
    if (!household.value) return banner.error('请选择这台电视属于哪一户。');
    try {
      const { box } = await api<{ box: BoxView }>('POST', '/pairings', { code: code.value.trim(), householdId: household.value });
      go(href(['boxes'], { street: street || undefined, paired: box.householdName ?? '' }));
    } catch (err) {
      banner.error(errorText(err));
    }
  }, { class: 'btn btn-primary btn-big', busyLabel: '正在绑定…', testid: 'pair' });
  const paired = ctx.query.get('paired');
  if (paired) banner.ok(`已绑定：${paired}。电视上几秒钟内会显示“已绑定”。`);

  // Filters (a district account chooses the street).
  const streetFilter = h('select', { 'data-testid': 'box-street' }, h('option', { value: '' }, '全部街道'), streets.map((s) => h('option', { value: s.id, selected: s.id === street }, s.name)));
  streetFilter.addEventListener('change', () => go(href(['boxes'], { street: streetFilter.value || undefined, stale: stale ? '1' : undefined })));
  const staleBox = h('input', { type: 'checkbox', checked: stale, 'data-testid': 'box-stale' });
  staleBox.addEventListener('change', () => go(href(['boxes'], { street: street || undefined, stale: staleBox.checked ? '1' : undefined })));

  const row = (b: BoxView) =>
    h(
      'tr',
      { 'data-testid': `box-${b.id}` },
      h('td', null, h('code', { title: b.id }, b.id.slice(0, 8))),
      h('td', null, b.householdName ? h('strong', null, b.householdName) : h('span', { class: 'meta' }, '未绑定')),
      h('td', null, b.streetName ?? '全区'),
      h('td', null, b.online ? h('span', { class: 'badge state-published' }, '在线') : h('span', { class: 'badge state-draft' }, '不在线')),
      h('td', null, formatTime(b.lastSeenAt)),
      h('td', null, b.playing ? b.playing.title ?? b.playing.itemId : '—'),
      h('td', null, b.appVersion ?? '—'),
      h(
        'td',
        null,
        b.householdId
          ? actionButton('解除绑定', async () => {
              if (!(await confirmDialog('解除绑定？', `这台电视不再属于「${b.householdName}」，需要重新绑定才能记录学习。`, '解除绑定', true))) return;
              try {
                await api('DELETE', `/boxes/${b.id}/pairing`);
                go(href(['boxes'], { street: street || undefined }));
              } catch (err) {
                banner.error(errorText(err));
              }
            }, { class: 'btn btn-quiet btn-danger' })
          : null,
      ),
    );

  replace(
    root,
    h('div', { class: 'page-head' }, h('h1', null, '机顶盒')),
    h('div', { class: 'card' }, h('h2', null, '绑定一台电视'), h('p', { class: 'lead' }, '在电视上打开“设置 → 绑定家庭”，电视会显示 6 位绑定码。把它输入下面，选好家庭，点“绑定”。'), h('div', { class: 'two-col' }, field('绑定码', code), field('家庭', household)), banner.el, h('div', { class: 'actions' }, pair)),
    h('div', { class: 'card' }, own === null ? h('div', { class: 'two-col' }, field('街道', streetFilter), h('label', { class: 'check' }, staleBox, ' 只看 7 天没有出现的机顶盒')) : h('label', { class: 'check' }, staleBox, ' 只看 7 天没有出现的机顶盒')),
    h('h2', null, `机顶盒（${fleet.total}）`),
    fleet.boxes.length === 0
      ? h('p', { class: 'empty' }, stale ? '没有 7 天没出现的机顶盒。' : '还没有机顶盒连上来。')
      : h('table', { class: 'list', 'data-testid': 'box-list' }, h('thead', null, h('tr', null, ['机顶盒', '家庭', '街道', '状态', '最后出现', '正在播放', '版本', '操作'].map((t) => h('th', { scope: 'col' }, t)))), h('tbody', null, fleet.boxes.map(row))),
  );
  return root;
}
