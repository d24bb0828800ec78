// Signing in, and replacing a one-time password. The sign-in form serves both the sign-in page and the box
// that appears over a page whose session ran out (the page and its unsaved form stay underneath).
import { api, ApiError, session, type SessionResponse, type UserView } from '../api.ts';
import { Banner, field, h } from '../dom.ts';

export function loginForm(opts: { notice?: string; username?: string; onDone: (user: UserView) => void }): HTMLFormElement {
  const banner = new Banner();
  const username = h('input', { type: 'text', name: 'username', autocomplete: 'username', required: true, value: opts.username ?? '' });
  const password = h('input', { type: 'password', name: 'password', autocomplete: 'current-password', required: true });
  const submit = h('button', { type: 'submit', class: 'btn btn-primary btn-wide' }, '登录');
  const form = h(
    'form',
    { class: 'login-form', novalidate: true },
    opts.notice ? h('div', { class: 'banner banner-info', role: 'status' }, opts.notice) : null,
    field('用户名', username),
    field('密码', password),
    banner.el,
    submit,
  );
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    banner.clear();
    if (!username.value.trim()) return banner.error('请填写用户名。');
    if (!password.value) return banner.error('请填写密码。');
    submit.disabled = true;
    submit.textContent = '正在登录…';
    try {
      const r = await api<SessionResponse>('POST', '/session', { username: username.value.trim(), password: password.value });
      session.user = r.user;
      session.csrfToken = r.csrfToken;
      opts.onDone(r.user);
    } catch (err) {
      banner.error(err instanceof ApiError ? err.message : String(err));
      password.select();
    } finally {
      submit.disabled = false;
      submit.textContent = '登录';
    }
  });
  queueMicrotask(() => (opts.username ? password : username).focus());
  return form;
}

export function loginPage(onDone: (user: UserView) => void, notice?: string): HTMLElement {
  return h(
    'div',
    { class: 'login-page' },
    h(
      'div',
      { class: 'login-card' },
      h('h1', null, '客厅 · 内容管理'),
      h('p', { class: 'lead' }, '街道内容发布后台。请用管理员给你的用户名和密码登录。'),
      loginForm({ notice, onDone }),
    ),
  );
}

/** The session lost its login: sign in again in a box over the page, which keeps what was typed. */
export function loginAgainDialog(message: string, onDone: (user: UserView) => void): void {
  if (document.querySelector('dialog.relogin')) return;
  const dialog = h('dialog', { class: 'modal relogin' });
  dialog.addEventListener('cancel', (e) => e.preventDefault()); // Esc must not leave the page signed out
  dialog.append(
    h('h2', null, '请重新登录'),
    h('p', null, '你填写的内容都还在。登录后会接着完成刚才的操作。'),
    loginForm({
      notice: message,
      username: session.user?.username,
      onDone: (user) => {
        dialog.close();
        dialog.remove();
        onDone(user);
      },
    }),
  );
  document.body.appendChild(dialog);
  dialog.showModal();
}

/**
 * 修改密码: forced (a one-time password, full screen, with a way out to sign in as someone else) or chosen
 * (inside the admin, from the link by the user's name).
 */
export function passwordPage(onDone: (user: UserView) => void, onSignOut?: () => void): HTMLElement {
  const banner = new Banner();
  const current = h('input', { type: 'password', autocomplete: 'current-password', name: 'currentPassword' });
  const next = h('input', { type: 'password', autocomplete: 'new-password', name: 'newPassword' });
  const again = h('input', { type: 'password', autocomplete: 'new-password', name: 'newPasswordAgain' });
  const submit = h('button', { type: 'submit', class: 'btn btn-primary btn-wide' }, '修改密码');
  const form = h(
    'form',
    { class: 'login-form', novalidate: true },
    field('现在的密码', current, '管理员给你的一次性密码，或你原来的密码。'),
    field('新密码', next, '至少 8 个字符。不能用常见的密码（如 12345678）、用户名或自己的名字；几个不相关的词（拼音也可以）加上数字，好记又安全。'),
    field('再输一遍新密码', again),
    banner.el,
    submit,
  );
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    banner.clear();
    if (!current.value) return banner.error('请填写现在的密码。');
    if (next.value.length < 8) return banner.error('新密码太短了，至少要 8 位。');
    if (next.value !== again.value) return banner.error('两次输入的新密码不一样，请重新输入。');
    submit.disabled = true;
    try {
      const r = await api<SessionResponse>('POST', '/account/password', { currentPassword: current.value, newPassword: next.value });
      session.user = r.user;
      session.csrfToken = r.csrfToken;
      onDone(r.user);
    } catch (err) {
      // The server says why in words (weak_password: 这是很常见的密码…; too_many_attempts; a wrong current one).
      banner.error(err instanceof ApiError ? err.message : String(err));
      (err instanceof ApiError && err.code === 'weak_password' ? next : current).select();
    } finally {
      submit.disabled = false;
    }
  });
  queueMicrotask(() => current.focus());
  const must = session.user?.mustChangePassword;
  const out = onSignOut ? h('button', { type: 'button', class: 'btn btn-quiet' }, '不是我，退出登录') : null;
  out?.addEventListener('click', onSignOut!);
  const card = h(
    'div',
    { class: 'login-card' },
    h('h1', null, '修改密码'),
    h('p', { class: 'lead' }, must ? '你现在用的是一次性密码。为了安全，请先设一个自己的新密码，然后才能继续。' : '设一个新密码。改好后，别的电脑上登录的这个账号会退出。'),
    form,
    out ? h('div', { class: 'actions' }, out) : null,
  );
  return must ? h('div', { class: 'login-page' }, card) : h('section', { class: 'page page-narrow' }, card);
}
