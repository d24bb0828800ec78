// 街道 (admins): the streets, a new one, and whether a street's editors publish without review.
import { api, ApiError, getStreets, type StreetView } from '../api.ts';
import { actionButton, Banner, confirmDialog, field, h, replace } from '../dom.ts';
import type { RouteContext } from '../router.ts';

export async function streetsPage(_ctx: RouteContext): Promise<HTMLElement> {
  const root = h('section', { class: 'page' });
  const draw = async (flash?: string) => {
    const streets = await getStreets(true);
    const top = new Banner();
    if (flash) top.ok(flash);
    const createBanner = new Banner();
    const id = h('input', { type: 'text', maxlength: '40', autocomplete: 'off' });
    const name = h('input', { type: 'text', maxlength: '40' });
    const direct = h('input', { type: 'checkbox' });
    const create = actionButton('新建街道', async () => {
      createBanner.clear();
      try {
        await api('POST', '/streets', { id: id.value.trim(), name: name.value.trim(), publishDirectly: direct.checked });
        await draw(`已新建街道 ${name.value.trim()}。`);
      } catch (err) {
        createBanner.error(err instanceof ApiError ? err.message : String(err));
      }
    }, { class: 'btn btn-primary', busyLabel: '正在新建…' });

    const row = (s: StreetView) => {
      const banner = new Banner();
      const toggle = actionButton(s.publishDirectly ? '改为要审核' : '改为直接发布', async () => {
        if (!s.publishDirectly && !(await confirmDialog('直接发布？', `${s.name}的编辑提交的内容将不经审核，马上上电视。确定吗？`, '确定直接发布', true))) return;
        banner.clear();
        try {
          await api('PATCH', `/streets/${encodeURIComponent(s.id)}`, { publishDirectly: !s.publishDirectly });
          await draw(`${s.name}：${s.publishDirectly ? '以后提交的内容要先审核。' : '以后提交的内容直接发布。'}`);
        } catch (err) {
          banner.error(err instanceof ApiError ? err.message : String(err));
        }
      });
      return h(
        'tr',
        null,
        h('td', null, h('strong', null, s.name)),
        h('td', null, s.id),
        h('td', null, s.publishDirectly ? h('span', { class: 'badge state-published' }, '直接发布') : h('span', { class: 'badge state-review' }, '先审核再发布')),
        h('td', null, toggle, banner.el),
      );
    };
    replace(
      root,
      h('h1', null, '街道'),
      top.el,
      h(
        'div',
        { class: 'card' },
        h('h2', null, '新建街道'),
        h('div', { class: 'two-col' }, field('街道名称', name, '例如：太平街道'), field('编号', id, '小写拼音或字母，例如 taiping。电视机顶盒用它认出自己的街道，建好后不能改。')),
        h('label', { class: 'check' }, direct, ' 直接发布：这个街道的编辑提交后不用审核，马上上电视'),
        createBanner.el,
        h('div', { class: 'actions' }, create),
      ),
      h('h2', null, `全部街道（${streets.length}）`),
      streets.length === 0
        ? h('p', { class: 'empty' }, '还没有街道。')
        : h(
            'table',
            { class: 'list' },
            h('thead', null, h('tr', null, ['名称', '编号', '发布方式', '操作'].map((t) => h('th', { scope: 'col' }, t)))),
            h('tbody', null, streets.map(row)),
          ),
    );
  };
  await draw();
  return root;
}
