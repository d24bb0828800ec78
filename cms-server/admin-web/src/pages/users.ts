// 账号 (admins): the accounts, a new one with its one-time password shown once, role and street changes,
// disabling, and password resets.
import { api, ApiError, getStreets, session, type AdminUserView, type NewUserResponse, type PasswordResetResponse, type StreetView, type UserListResponse } from '../api.ts';
import { actionButton, Banner, confirmDialog, field, h, modal, replace } from '../dom.ts';
import { formatTime } from '../format.ts';
import { ROLE_HELP, ROLE_LABELS, ROLES, streetName, type Role } from '../labels.ts';
import type { RouteContext } from '../router.ts';

/** The roles; `explained` adds what each may do (the new-account form has room for it, the table has not). */
function roleSelect(value: Role, explained = false, label?: string): HTMLSelectElement {
  return h('select', { 'aria-label': label }, ROLES.map((r) => h('option', { value: r, selected: r === value, title: ROLE_HELP[r] }, explained ? `${ROLE_LABELS[r]}：${ROLE_HELP[r]}` : ROLE_LABELS[r])));
}

/** A street admin gives only its own street (the server refuses anything else); a district admin any, or none. */
function streetSelect(value: string | null, streets: StreetView[], label?: string): HTMLSelectElement {
  const own = session.user?.streetId ?? null;
  return h(
    'select',
    { 'aria-label': label },
    own === null ? h('option', { value: '', selected: value === null }, '全区（不属于某个街道）') : null,
    streets.filter((s) => own === null || s.id === own).map((s) => h('option', { value: s.id, selected: s.id === value }, s.name)),
  );
}

/** The one-time password, shown big, once: the admin passes it on by phone or on paper. */
function showPassword(username: string, password: string): Promise<unknown> {
  return modal({
    title: '一次性密码',
    body: [
      h('p', null, `请把下面的密码告诉 ${username}。这个密码只显示这一次，对方第一次登录后要改成自己的密码。`),
      h('p', { class: 'otp', 'data-testid': 'one-time-password' }, password),
    ],
    okLabel: '我已经记下了',
    cancelLabel: '关闭',
    collect: () => true,
  });
}

export async function usersPage(_ctx: RouteContext): Promise<HTMLElement> {
  const root = h('section', { class: 'page' });
  const draw = async (flash?: string) => {
    const [{ users }, streets] = await Promise.all([api<UserListResponse>('GET', '/users'), getStreets()]);
    // A street admin manages its own street's accounts only (the server enforces it; the page says it).
    const ownStreet = session.user?.streetId ?? null;
    const topBanner = new Banner();
    if (flash) topBanner.ok(flash);

    // ---- a new account ----
    const createBanner = new Banner();
    const username = h('input', { type: 'text', maxlength: '32', autocomplete: 'off' });
    const displayName = h('input', { type: 'text', maxlength: '40' });
    const role = roleSelect('editor', true);
    const street = streetSelect(null, streets);
    const create = actionButton('新建账号', async () => {
      createBanner.clear();
      try {
        const r = await api<NewUserResponse>('POST', '/users', {
          username: username.value.trim(),
          displayName: displayName.value.trim(),
          role: role.value,
          streetId: street.value || null,
        });
        await showPassword(r.user.username, r.oneTimePassword);
        await draw(`已新建账号 ${r.user.displayName}（${r.user.username}）。`);
      } catch (err) {
        createBanner.error(err instanceof ApiError ? err.message : String(err));
      }
    }, { class: 'btn btn-primary', busyLabel: '正在新建…' });

    const row = (u: AdminUserView) => {
      const banner = new Banner();
      const r = roleSelect(u.role, false, `${u.displayName}的角色`);
      const s = streetSelect(u.streetId, streets, `${u.displayName}的街道`);
      const self = u.id === session.user?.id;
      const act = async (fn: () => Promise<unknown>, done: string) => {
        banner.clear();
        try {
          await fn();
          await draw(done);
        } catch (err) {
          banner.error(err instanceof ApiError ? err.message : String(err));
        }
      };
      const path = `/users/${encodeURIComponent(u.id)}`;
      return h(
        'tr',
        { class: u.disabled ? 'disabled-row' : '' },
        h('td', null, h('strong', null, u.displayName), h('div', { class: 'meta' }, u.username), u.disabled ? h('span', { class: 'badge state-withdrawn' }, '已停用') : null),
        h('td', null, r),
        h('td', null, s),
        h('td', { class: 'nowrap' }, formatTime(u.createdAt)),
        h(
          'td',
          null,
          h(
            'div',
            { class: 'actions compact' },
            actionButton('保存', () => act(() => api('PATCH', path, { role: r.value, streetId: s.value || null }), `已保存 ${u.displayName} 的角色和街道。`), { busyLabel: '保存…' }),
            self
              ? null
              : actionButton(u.disabled ? '启用' : '停用', async () => {
                  if (!u.disabled && !(await confirmDialog('停用账号？', `${u.displayName} 将不能再登录。以后可以重新启用。`, '确定停用', true))) return;
                  await act(() => api('PATCH', path, { disabled: !u.disabled }), u.disabled ? `已启用 ${u.displayName}。` : `已停用 ${u.displayName}。`);
                }, { class: u.disabled ? 'btn' : 'btn btn-danger' }),
            self
              ? null
              : actionButton('重置密码', async () => {
                  if (!(await confirmDialog('重置密码？', `会给 ${u.displayName} 一个新的一次性密码，旧密码立即失效。`, '确定重置'))) return;
                  banner.clear();
                  try {
                    const { oneTimePassword } = await api<PasswordResetResponse>('POST', `${path}/reset-password`);
                    await showPassword(u.username, oneTimePassword);
                  } catch (err) {
                    banner.error(err instanceof ApiError ? err.message : String(err));
                  }
                }),
          ),
          banner.el,
        ),
      );
    };

    replace(
      root,
      h('h1', null, '账号'),
      topBanner.el,
      h(
        'div',
        { class: 'card' },
        h('h2', null, '新建账号'),
        h('div', { class: 'two-col' }, field('用户名（登录用）', username, '3–32 个英文字母或数字，例如 wangli'), field('姓名', displayName, '显示在页面上，例如 王丽')),
        h('div', { class: 'two-col' }, field('角色', role), field('街道', street, ownStreet === null ? '编辑、审核员一般属于某个街道；区里的人员选“全区”。' : `你是${streetName(ownStreet, streets)}的管理员，只能管理本街道的账号。`)),
        createBanner.el,
        h('div', { class: 'actions' }, create),
      ),
      h('h2', null, ownStreet === null ? `全部账号（${users.length}）` : `${streetName(ownStreet, streets)}的账号（${users.length}）`),
      h(
        'table',
        { class: 'list' },
        h('thead', null, h('tr', null, ['姓名', '角色', '街道', '创建时间', '操作'].map((t) => h('th', { scope: 'col' }, t)))),
        h('tbody', null, users.map(row)),
      ),
      ownStreet === null
        ? h('p', { class: 'hint' }, `街道：${streets.map((s) => s.name).join('、') || '还没有街道'}。${streetName(null, streets)}的账号能看到所有街道。`)
        : null,
    );
  };
  await draw();
  return root;
}
