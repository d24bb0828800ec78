// 家庭 (admins and operators change; secretaries read): the street's party branches (支部), its households (户) and
// each household's members — the digit 1–9 the TV asks them to press for 谁在看 is shown beside each name.
import {
  API,
  api,
  ApiError,
  errorOf,
  getStreets,
  session,
  type BranchView,
  type HouseholdListResponse,
  type HouseholdView,
  type MemberImportResult,
  type MemberView,
  type StreetView,
  type UserListResponse,
} from '../api.ts';
import { actionButton, Banner, confirmDialog, field, h, modal, replace } from '../dom.ts';
import { streetName } from '../labels.ts';
import { go, href, type RouteContext } from '../router.ts';

const canChange = () => ['admin', 'operator'].includes(session.user?.role ?? '');
const errorText = (err: unknown) => (err instanceof ApiError ? err.message : String(err));

/** A district account chooses the street; a street account's is its own (the server enforces it). */
function streetChoice(streets: StreetView[], value?: string): HTMLSelectElement {
  const own = session.user?.streetId ?? null;
  const select = h('select', { 'data-testid': 'hh-street' }, streets.filter((s) => own === null || s.id === own).map((s) => h('option', { value: s.id }, s.name)));
  if (value) select.value = value;
  return select;
}

export async function householdsPage(ctx: RouteContext): Promise<HTMLElement> {
  return ctx.parts[1] ? householdPage(ctx.parts[1]) : listPage(ctx);
}

async function listPage(ctx: RouteContext): Promise<HTMLElement> {
  const root = h('section', { class: 'page' });
  const streets = await getStreets();
  const street = ctx.query.get('street') ?? session.user?.streetId ?? streets[0]?.id ?? '';
  const q = ctx.query.get('q') ?? '';
  const [list, { branches }] = await Promise.all([
    api<HouseholdListResponse>('GET', `/households?limit=200${street ? `&street=${encodeURIComponent(street)}` : ''}${q ? `&q=${encodeURIComponent(q)}` : ''}`),
    api<{ branches: BranchView[] }>('GET', `/branches${street ? `?street=${encodeURIComponent(street)}` : ''}`),
  ]);
  const top = new Banner();
  const isAdmin = session.user?.role === 'admin';
  const secretaries = isAdmin ? (await api<UserListResponse>('GET', '/users')).users.filter((u) => u.role === 'secretary' && !u.disabled) : [];

  // Filters.
  const streetFilter = streetChoice(streets, street);
  const search = h('input', { type: 'search', value: q, placeholder: '户名或地址', 'data-testid': 'hh-search' });
  const apply = () => go(href(['households'], { street: streetFilter.value, q: search.value.trim() || undefined }));
  streetFilter.addEventListener('change', apply);
  search.addEventListener('keydown', (e) => e.key === 'Enter' && apply());

  // A new household.
  const createBanner = new Banner();
  const name = h('input', { type: 'text', maxlength: '40', 'data-testid': 'hh-name' });
  const address = h('input', { type: 'text', maxlength: '80' });
  const create = actionButton('新建家庭', async () => {
    createBanner.clear();
    try {
      const { household } = await api<{ household: HouseholdView }>('POST', '/households', { streetId: streetFilter.value || undefined, name: name.value, address: address.value });
      go(href(['households', household.id]));
    } catch (err) {
      createBanner.error(errorText(err));
    }
  }, { class: 'btn btn-primary', busyLabel: '正在新建…', testid: 'hh-create' });

  // Members from a spreadsheet (CSV or XLSX): all rows or none, each problem named by its Excel row.
  const importBanner = new Banner();
  const problems = h('ul', { class: 'row-problems', 'data-testid': 'import-problems', hidden: true });
  const file = h('input', { type: 'file', accept: '.xlsx,.csv,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'data-testid': 'import-file' });
  file.addEventListener('change', async () => {
    const f = file.files?.[0];
    if (!f) return;
    importBanner.clear();
    problems.hidden = true;
    const type = /\.xlsx$/i.test(f.name) ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' : 'text/csv';
    try {
      const res = await fetch(`${API}/households/import${streetFilter.value ? `?street=${encodeURIComponent(streetFilter.value)}` : ''}`, {
        method: 'POST',
        headers: { 'Content-Type': type, 'X-CSRF-Token': session.csrfToken },
        credentials: 'same-origin',
        body: f,
      });
      if (!res.ok) {
        const body = (await res.clone().json().catch(() => null)) as { error?: { details?: { rows?: { row: number; message: string }[] } } } | null;
        const rows = body?.error?.details?.rows ?? [];
        importBanner.error((await errorOf(res)).message);
        replace(problems, rows.map((r) => h('li', null, h('strong', null, `第 ${r.row} 行：`), r.message)));
        problems.hidden = rows.length === 0;
        return;
      }
      const r = (await res.json()) as MemberImportResult;
      top.ok(`已导入 ${r.members} 位成员${r.households ? `，新建 ${r.households} 户` : ''}${r.skipped ? `；${r.skipped} 位已经在了，跳过` : ''}。`);
      setTimeout(apply, 1200);
    } catch (err) {
      importBanner.error(errorText(err));
    } finally {
      file.value = '';
    }
  });

  // Branches of the street.
  const branchBanner = new Banner();
  const branchName = h('input', { type: 'text', maxlength: '40', placeholder: '例如：太平第一党支部', 'data-testid': 'branch-name' });
  const addBranch = actionButton('新建支部', async () => {
    branchBanner.clear();
    try {
      await api('POST', '/branches', { streetId: streetFilter.value || undefined, name: branchName.value });
      go(href(['households'], { street: streetFilter.value, q: q || undefined }));
    } catch (err) {
      branchBanner.error(errorText(err));
    }
  }, { testid: 'branch-create' });
  const branchRow = (b: BranchView) => {
    const rename = actionButton('改名', async () => {
      const input = h('input', { type: 'text', maxlength: '40', value: b.name });
      const done = await modal({
        title: '支部改名',
        body: [field('新名称', input)],
        okLabel: '保存',
        collect: async () => {
          try {
            return await api('PATCH', `/branches/${b.id}`, { name: input.value });
          } catch (err) {
            return { problem: errorText(err) };
          }
        },
      });
      if (done) apply();
    }, { class: 'btn btn-quiet' });
    const remove = actionButton('删除', async () => {
      if (!(await confirmDialog('删除支部？', `删除「${b.name}」？`, '删除', true))) return;
      try {
        await api('DELETE', `/branches/${b.id}`);
        apply();
      } catch (err) {
        branchBanner.error(errorText(err));
      }
    }, { class: 'btn btn-quiet btn-danger' });
    // The secretary reads the branch's members' study records: chosen by an admin, from the street's secretaries.
    const secretary = h(
      'select',
      { 'aria-label': `${b.name}的支部书记`, 'data-testid': `branch-secretary-${b.name}` },
      h('option', { value: '' }, '未指定'),
      secretaries.filter((u) => u.streetId === null || u.streetId === b.streetId).map((u) => h('option', { value: u.id, selected: u.id === b.secretaryId }, u.displayName)),
    );
    secretary.addEventListener('change', async () => {
      branchBanner.clear();
      try {
        await api('PATCH', `/branches/${b.id}`, { secretaryId: secretary.value || null });
        branchBanner.ok(`${b.name}的支部书记：${secretary.selectedOptions[0]?.textContent ?? ''}。`);
      } catch (err) {
        branchBanner.error(errorText(err));
      }
    });
    return h(
      'tr',
      null,
      h('td', null, h('strong', null, b.name)),
      h('td', null, `${b.members} 人`),
      h('td', null, isAdmin ? secretary : (b.secretaryName ?? '未指定')),
      h('td', null, canChange() ? h('div', { class: 'actions compact' }, rename, remove) : null),
    );
  };

  replace(
    root,
    h('div', { class: 'page-head' }, h('h1', null, '家庭和支部')),
    h('p', { class: 'lead' }, '每户最多 9 位成员：电视问“谁在看？”时，按成员旁边的数字键。机顶盒在“机顶盒”页面绑定到家庭。'),
    top.el,
    h('div', { class: 'card' }, h('div', { class: 'two-col' }, field('街道', streetFilter), field('查找', search, '输入户名或地址，按回车。'))),
    canChange()
      ? h('div', { class: 'card' }, h('h2', null, '新建家庭'), h('div', { class: 'two-col' }, field('户名', name, '例如：平安里 3 号 张家'), field('地址', address)), createBanner.el, h('div', { class: 'actions' }, create))
      : null,
    canChange()
      ? h(
          'div',
          { class: 'card' },
          h('h2', null, '从表格导入成员'),
          h('p', { class: 'hint' }, '第一行是表头：户名、姓名（必填），地址、支部、党员（填“是”或“否”）可选；下面一行一位成员。支部要先在本页新建。Excel 文件（.xlsx）或 CSV（UTF-8）都可以。有一行不对，整个表格都不导入，并告诉你是第几行。'),
          field('选择表格文件', file),
          importBanner.el,
          problems,
        )
      : null,
    h('h2', null, `家庭（${list.total}）`),
    list.households.length === 0
      ? h('p', { class: 'empty' }, '还没有家庭。')
      : h(
          'table',
          { class: 'list', 'data-testid': 'hh-list' },
          h('thead', null, h('tr', null, ['户名', '地址', '成员', '街道'].map((t) => h('th', { scope: 'col' }, t)))),
          h(
            'tbody',
            null,
            list.households.map((hh) =>
              h('tr', null, h('td', null, h('a', { href: href(['households', hh.id]) }, hh.name)), h('td', null, hh.address), h('td', null, `${hh.memberCount} 人`), h('td', null, streetName(hh.streetId, streets))),
            ),
          ),
        ),
    h('h2', null, `支部（${branches.length}）`),
    branches.length === 0 ? h('p', { class: 'empty' }, '这个街道还没有支部。') : h('table', { class: 'list' }, h('thead', null, h('tr', null, ['支部', '成员', '支部书记', '操作'].map((t) => h('th', { scope: 'col' }, t)))), h('tbody', null, branches.map(branchRow))),
    canChange() ? h('div', { class: 'card' }, h('h3', null, '新建支部'), field('支部名称', branchName), branchBanner.el, h('div', { class: 'actions' }, addBranch)) : branchBanner.el,
  );
  return root;
}

async function householdPage(id: string): Promise<HTMLElement> {
  const root = h('section', { class: 'page' });
  const draw = async (flash?: string) => {
    const { household } = await api<{ household: HouseholdView }>('GET', `/households/${encodeURIComponent(id)}`);
    const { branches } = await api<{ branches: BranchView[] }>('GET', `/branches?street=${encodeURIComponent(household.streetId)}`);
    const banner = new Banner();
    if (flash) banner.ok(flash);
    const branchSelect = (value: string | null) =>
      h('select', { 'data-testid': 'member-branch' }, h('option', { value: '' }, '不属于支部'), branches.map((b) => h('option', { value: b.id, selected: b.id === value }, b.name)));
    const act = async (fn: () => Promise<unknown>, done: string) => {
      banner.clear();
      try {
        await fn();
        await draw(done);
      } catch (err) {
        banner.error(errorText(err));
      }
    };

    const memberRow = (m: MemberView) =>
      h(
        'tr',
        null,
        h('td', null, h('span', { class: 'digit', title: '电视上按这个数字键' }, String(m.position))),
        h('td', null, h('strong', null, m.name)),
        h('td', null, m.branchName ?? '—'),
        h('td', null, m.partyMember ? h('span', { class: 'badge state-published' }, '党员') : '群众'),
        h(
          'td',
          null,
          canChange()
            ? h(
                'div',
                { class: 'actions compact' },
                actionButton('修改', async () => {
                  const n = h('input', { type: 'text', maxlength: '20', value: m.name });
                  const b = branchSelect(m.branchId);
                  const p = h('input', { type: 'checkbox', checked: m.partyMember });
                  const saved = await modal({
                    title: `修改：${m.name}`,
                    body: [field('姓名', n), field('支部', b), h('label', { class: 'check' }, p, ' 党员')],
                    okLabel: '保存',
                    collect: async () => {
                      try {
                        return await api('PATCH', `/members/${m.id}`, { name: n.value, branchId: b.value || null, partyMember: p.checked });
                      } catch (err) {
                        return { problem: errorText(err) };
                      }
                    },
                  });
                  if (saved) await draw(`已保存 ${n.value.trim()}。`);
                }, { class: 'btn btn-quiet' }),
                actionButton('删除', async () => {
                  if (await confirmDialog('删除成员？', `把 ${m.name} 从这一户删除？`, '删除', true)) await act(() => api('DELETE', `/members/${m.id}`), `已删除 ${m.name}。`);
                }, { class: 'btn btn-quiet btn-danger' }),
              )
            : null,
        ),
      );

    const name = h('input', { type: 'text', maxlength: '20', 'data-testid': 'member-name' });
    const branch = branchSelect(null);
    const party = h('input', { type: 'checkbox', 'data-testid': 'member-party' });
    const add = actionButton('添加成员', () => act(() => api('POST', `/households/${encodeURIComponent(id)}/members`, { name: name.value, branchId: branch.value || null, partyMember: party.checked }), `已添加 ${name.value.trim()}。`), { class: 'btn btn-primary', testid: 'member-add' });
    const full = household.members.length >= 9;

    replace(
      root,
      h('p', null, h('a', { href: href(['households'], { street: household.streetId }) }, '← 返回家庭列表')),
      h('div', { class: 'page-head' }, h('h1', null, household.name)),
      household.address ? h('p', { class: 'lead' }, household.address) : null,
      banner.el,
      h('h2', null, `成员（${household.members.length}/9）`),
      household.members.length === 0
        ? h('p', { class: 'empty' }, '还没有成员。')
        : h('table', { class: 'list', 'data-testid': 'member-list' }, h('thead', null, h('tr', null, ['数字键', '姓名', '支部', '身份', '操作'].map((t) => h('th', { scope: 'col' }, t)))), h('tbody', null, household.members.map(memberRow))),
      canChange() && !full
        ? h('div', { class: 'card' }, h('h3', null, '添加成员'), h('div', { class: 'two-col' }, field('姓名', name), field('支部', branch)), h('label', { class: 'check' }, party, ' 党员'), h('div', { class: 'actions' }, add))
        : null,
      canChange() && full ? h('p', { class: 'hint' }, '这一户已经有 9 位成员了（电视遥控器只有 1–9 九个数字键）。') : null,
      canChange()
        ? h(
            'div',
            { class: 'actions' },
            actionButton('删除这一户', async () => {
              if (!(await confirmDialog('删除这一户？', `删除「${household.name}」和它的 ${household.members.length} 位成员？绑定到这一户的机顶盒会解除绑定。`, '删除', true))) return;
              try {
                await api('DELETE', `/households/${encodeURIComponent(id)}`);
                go(href(['households'], { street: household.streetId }));
              } catch (err) {
                banner.error(errorText(err));
              }
            }, { class: 'btn btn-danger' }),
          )
        : null,
    );
  };
  await draw();
  return root;
}
