// The web admin's shell: who is signed in, the navigation bar, and the hash routes to the pages.
import { api, ApiError, getStreets, session, type ItemListResponse, type SessionResponse, type UserView } from './api.ts';
import { Banner, h, replace, type Child } from './dom.ts';
import { ROLE_LABELS, streetName } from './labels.ts';
import { auditPage } from './pages/audit.ts';
import { boxesPage } from './pages/boxes.ts';
import { broadcastsPage } from './pages/broadcasts.ts';
import { householdsPage } from './pages/households.ts';
import { studyPage } from './pages/study.ts';
import { systemPage } from './pages/system.ts';
import { editorPage } from './pages/editor.ts';
import { itemsPage } from './pages/items.ts';
import { loginAgainDialog, loginPage, passwordPage } from './pages/login.ts';
import { reviewPage } from './pages/review.ts';
import { streetsPage } from './pages/streets.ts';
import { uploadPage } from './pages/upload.ts';
import { usersPage } from './pages/users.ts';
import { currentRoute, go, type RouteContext } from './router.ts';
import type { Role } from './labels.ts';

interface Route {
  /** First part of the hash path. */
  name: string;
  /** The navigation bar's label; none: not in the bar. */
  nav?: string;
  roles: readonly Role[];
  /** Only for district accounts (no street): streets are the district's to change. */
  districtOnly?: boolean;
  page: (ctx: RouteContext) => Promise<Child> | Child;
}

const EVERYONE: readonly Role[] = ['admin', 'reviewer', 'editor', 'operator', 'secretary'];
const ROUTES: Route[] = [
  { name: 'items', nav: '内容', roles: EVERYONE, page: (c) => (c.parts[1] ? editorPage(c) : itemsPage(c)) },
  { name: 'new', nav: '新建内容', roles: ['admin', 'editor'], page: (c) => editorPage(c) },
  { name: 'upload', nav: '上传视频', roles: ['admin', 'editor'], page: (c) => uploadPage(c) },
  { name: 'review', nav: '审核', roles: ['admin', 'reviewer'], page: (c) => reviewPage(c) },
  { name: 'broadcasts', nav: '直播排期', roles: ['admin', 'operator'], page: (c) => broadcastsPage(c) },
  { name: 'households', nav: '家庭', roles: ['admin', 'operator', 'secretary'], page: (c) => householdsPage(c) },
  { name: 'boxes', nav: '机顶盒', roles: ['admin', 'operator'], page: (c) => boxesPage(c) },
  { name: 'study', nav: '学习记录', roles: ['admin', 'secretary'], page: (c) => studyPage(c) },
  { name: 'users', nav: '账号', roles: ['admin'], page: (c) => usersPage(c) },
  { name: 'streets', nav: '街道', roles: ['admin'], districtOnly: true, page: (c) => streetsPage(c) },
  { name: 'audit', nav: '操作记录', roles: ['admin'], page: (c) => auditPage(c) },
  { name: 'system', nav: '系统维护', roles: ['admin'], page: () => systemPage() },
  { name: 'password', roles: EVERYONE, page: () => passwordPage(() => void render().then(() => banner('密码已经改好了。'))) },
];

const allowed = (r: Route, user: { role: Role; streetId: string | null }): boolean =>
  r.roles.includes(user.role) && (!r.districtOnly || user.streetId === null);

const root = document.getElementById('app')!;
const main = h('main', { id: 'main', tabindex: '-1' });
const nav = h('nav', { class: 'topbar', 'aria-label': '主菜单' });
let leaveFns: (() => void)[] = [];
let guards: (() => string | null)[] = [];
let renderSeq = 0;
let shownHash = location.hash;
let suppressNext = false;

async function renderNav(): Promise<void> {
  const user = session.user!;
  // Reviewers see at a glance how much waits for them.
  const waiting = ['admin', 'reviewer'].includes(user.role)
    ? api<ItemListResponse>('GET', '/items?state=review&limit=1').then((r) => r.total).catch(() => 0)
    : Promise.resolve(0);
  const [streets, toReview] = await Promise.all([getStreets().catch(() => []), waiting]);
  const active = currentRoute().parts[0] ?? 'items';
  const logout = h('button', { type: 'button', class: 'btn btn-quiet', 'data-testid': 'logout' }, '退出');
  logout.addEventListener('click', () => {
    if (leaveAllowed()) void signOut();
  });
  replace(
    nav,
    h('a', { class: 'brand', href: '#/items' }, '客厅 · 内容管理'),
    h(
      'ul',
      { class: 'nav-links' },
      ROUTES.filter((r) => r.nav && allowed(r, user)).map((r) =>
        h(
          'li',
          null,
          h(
            'a',
            { href: `#/${r.name}`, class: r.name === active ? 'active' : '', 'aria-current': r.name === active ? 'page' : undefined },
            r.nav!,
            r.name === 'review' && toReview > 0 ? h('span', { class: 'count', 'aria-label': `${toReview} 条等待审核` }, String(toReview)) : null,
          ),
        ),
      ),
    ),
    h(
      'div',
      { class: 'who' },
      h(
        'span',
        { class: 'who-name', 'data-testid': 'who', title: '现在登录的账号' },
        h('strong', null, user.displayName),
        h('small', null, `${ROLE_LABELS[user.role]} · ${streetName(user.streetId, streets)} · `, h('a', { href: '#/password', class: 'who-link' }, '改密码')),
      ),
      logout,
    ),
  );
}

async function signOut(): Promise<void> {
  try {
    await api('DELETE', '/session', undefined, false);
  } catch {
    /* signed out here anyway */
  }
  session.user = null;
  session.csrfToken = '';
  runLeave();
  history.replaceState(null, '', '#/items');
  shownHash = location.hash;
  showLogin();
}

function leaveAllowed(): boolean {
  for (const g of guards) {
    const message = g();
    if (message && !window.confirm(message)) return false;
  }
  return true;
}

function runLeave(): void {
  for (const fn of leaveFns) {
    try {
      fn();
    } catch {
      /* a page's clean-up must not block the next page */
    }
  }
  leaveFns = [];
  guards = [];
}

async function render(): Promise<void> {
  const seq = ++renderSeq;
  runLeave();
  const user = session.user;
  if (!user) return showLogin();
  if (user.mustChangePassword) return showPassword();
  if (!root.contains(main)) replace(root, nav, main);
  const { parts, query } = currentRoute();
  const route = ROUTES.find((r) => r.name === (parts[0] ?? 'items'));
  void renderNav();
  const ctx: RouteContext = {
    parts,
    query,
    onLeave: (fn) => leaveFns.push(fn),
    guardLeave: (fn) => guards.push(fn),
  };
  if (!route) return replace(main, h('h1', null, '找不到这个页面'), h('p', null, h('a', { href: '#/items' }, '回到内容列表')));
  if (!allowed(route, user)) {
    return replace(main, h('h1', null, '没有权限'), h('p', null, `你的账号（${ROLE_LABELS[user.role]}）不能使用这个页面。`), h('p', null, h('a', { href: '#/items' }, '回到内容列表')));
  }
  replace(main, h('p', { class: 'loading' }, '正在加载…'));
  try {
    const content = await route.page(ctx);
    if (seq !== renderSeq) return;
    replace(main, content);
  } catch (err) {
    if (seq !== renderSeq) return;
    const banner = new Banner();
    banner.error(err instanceof ApiError ? err.message : `页面出错了：${String(err)}`);
    const retry = h('button', { type: 'button', class: 'btn' }, '再试一次');
    retry.addEventListener('click', () => void render());
    replace(main, banner.el, h('div', { class: 'actions' }, retry));
  }
  document.title = `${route.nav ?? (route.name === 'password' ? '修改密码' : '内容')} · 客厅内容管理`;
}

function showLogin(notice?: string): void {
  runLeave();
  document.title = '登录 · 客厅内容管理';
  replace(root, loginPage(() => void render(), notice));
}

function showPassword(): void {
  document.title = '修改密码 · 客厅内容管理';
  replace(root, passwordPage(() => void render(), () => void signOut()));
}

/** A note at the top of the page just shown. */
function banner(text: string): void {
  const b = new Banner();
  main.prepend(b.el);
  b.ok(text);
}

window.addEventListener('hashchange', () => {
  if (suppressNext) {
    suppressNext = false;
    return;
  }
  if (!leaveAllowed()) {
    // Undo the address change: the page (and its running upload) stays.
    suppressNext = true;
    history.replaceState(null, '', shownHash || '#/items');
    suppressNext = false;
    return;
  }
  shownHash = location.hash;
  void render();
});

window.addEventListener('keting:replaced', () => {
  shownHash = location.hash;
  if (session.user) void renderNav();
});

window.addEventListener('beforeunload', (e) => {
  if (guards.some((g) => g() !== null)) e.preventDefault();
});

session.onLost = (code) =>
  new Promise<void>((resolve) => {
    const before: UserView | null = session.user;
    const notice = code === 'session_expired' ? '登录已过期，请重新登录' : '登录已失效（可能在别处退出了），请重新登录';
    loginAgainDialog(notice, (user) => {
      // Another person signed in at this desk: start clean rather than show the previous person's page.
      if (!before || user.id !== before.id || user.mustChangePassword) {
        location.reload();
        return;
      }
      void renderNav();
      resolve();
    });
  });

async function boot(): Promise<void> {
  try {
    const r = await api<SessionResponse>('GET', '/session');
    session.user = r.user;
    session.csrfToken = r.csrfToken;
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) {
      return showLogin(err.code === 'session_expired' ? '登录已过期，请重新登录' : undefined);
    }
    const banner = new Banner();
    banner.error(err instanceof ApiError ? err.message : String(err));
    const retry = h('button', { type: 'button', class: 'btn' }, '再试一次');
    retry.addEventListener('click', () => void boot());
    replace(root, h('div', { class: 'login-page' }, h('div', { class: 'login-card' }, banner.el, retry)));
    return;
  }
  if (!location.hash) history.replaceState(null, '', '#/items');
  shownHash = location.hash;
  await render();
}

export { go };
void boot();
