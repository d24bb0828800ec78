// 学习记录 (a branch secretary: the branches they serve; admins: their street's or the district's): study hours per
// member and branch for a range of days, the participation rate, and a chart of hours by week and branch (Chart.js:
// people read a picture faster than a table). Exports as XLSX and CSV (UTF-8 with BOM, opens in Excel).
import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, Tooltip } from 'chart.js';
import { api, getStreets, qs, session, type BranchView, type StudyReport } from '../api.ts';
import { field, h, replace } from '../dom.ts';
import { isoDateOf, shanghaiTime } from '../../../src/admin/contract.ts';
import { go, href, type RouteContext } from '../router.ts';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Legend, Tooltip);

/** Distinct colours for up to eight branches, strong enough to tell apart on an office screen. */
const COLOURS = ['#b3261e', '#1f5fbf', '#2e7d32', '#8e24aa', '#ef6c00', '#00838f', '#5d4037', '#546e7a'];
const hours = (s: number) => Math.round((s / 3600) * 10) / 10;
/** "3 小时 20 分"; under a minute in seconds. */
const spoken = (s: number) => {
  if (s > 0 && s < 60) return `${Math.round(s)} 秒`;
  const m = Math.round(s / 60);
  return m < 60 ? `${m} 分钟` : `${Math.floor(m / 60)} 小时${m % 60 ? ` ${m % 60} 分` : ''}`;
};
const pct = (x: number) => `${Math.round(x * 1000) / 10}%`;

const shanghaiToday = () => isoDateOf(shanghaiTime(Date.now())!);
const monthRange = (back: number): { from: string; to: string } => {
  const [y, m] = shanghaiToday().split('-').map(Number) as [number, number];
  const first = new Date(Date.UTC(y, m - 1 - back, 1));
  const last = back === 0 ? shanghaiToday() : new Date(Date.UTC(y, m - back, 0)).toISOString().slice(0, 10);
  return { from: first.toISOString().slice(0, 10), to: last };
};

export async function studyPage(ctx: RouteContext): Promise<HTMLElement> {
  const root = h('section', { class: 'page' });
  const isAdmin = session.user?.role === 'admin';
  const district = session.user?.streetId === null;
  const q = {
    from: ctx.query.get('from') ?? monthRange(0).from,
    to: ctx.query.get('to') ?? monthRange(0).to,
    street: ctx.query.get('street') ?? undefined,
    branch: ctx.query.get('branch') ?? undefined,
  };
  const [report, streets] = await Promise.all([api<StudyReport>('GET', `/study/report${qs(q)}`), getStreets()]);
  const branches = isAdmin ? (await api<{ branches: BranchView[] }>('GET', `/branches${qs({ street: q.street })}`)).branches : [];

  const from = h('input', { type: 'date', value: report.from, 'data-testid': 'study-from' });
  const to = h('input', { type: 'date', value: report.to, 'data-testid': 'study-to' });
  const street = h('select', { 'data-testid': 'study-street' }, h('option', { value: '' }, '全部街道'), streets.map((s) => h('option', { value: s.id, selected: s.id === q.street }, s.name)));
  const branch = h('select', { 'data-testid': 'study-branch' }, h('option', { value: '' }, isAdmin ? '全部支部' : '我负责的支部'), (isAdmin ? branches : report.branches.filter((b) => b.branchId)).map((b) => {
    const id = 'id' in b ? b.id : (b.branchId ?? '');
    return h('option', { value: id, selected: id === q.branch }, b.name);
  }));
  const show = (range?: { from: string; to: string }) =>
    go(href(['study'], { from: range?.from ?? from.value, to: range?.to ?? to.value, street: street.value || undefined, branch: branch.value || undefined }));
  for (const el of [from, to, street, branch]) el.addEventListener('change', () => show());
  const quick = (label: string, back: number) => h('button', { type: 'button', class: 'btn btn-quiet', onclick: () => show(monthRange(back)) }, label);

  const canvas = h('canvas', { 'aria-label': '每周学习时长（小时），按支部', role: 'img', 'data-testid': 'study-chart' });
  const weeks = [...new Set(report.weeks.map((w) => w.week))].sort();
  const names = new Map(report.branches.map((b) => [b.branchId ?? '', b.name]));
  const series = [...new Set(report.weeks.map((w) => w.branchId ?? ''))];
  const exportLink = (ext: 'xlsx' | 'csv', label: string) => h('a', { class: 'btn', href: `/api/admin/study/report.${ext}${qs(q)}`, download: '', 'data-testid': `study-${ext}` }, label);
  const total = report.members.reduce((s, m) => s + m.seconds, 0);
  const active = report.members.filter((m) => m.seconds > 0).length;

  replace(
    root,
    h('div', { class: 'page-head' }, h('h1', null, '学习记录'), h('div', { class: 'actions compact' }, exportLink('xlsx', '导出 Excel'), exportLink('csv', '导出 CSV'))),
    !isAdmin && report.branches.length === 0 ? h('p', { class: 'banner banner-info' }, '你还不是任何支部的书记。请管理员在“家庭”页面把你设为支部书记。') : null,
    h(
      'div',
      { class: 'card' },
      h('div', { class: 'two-col' }, field('从', from), field('到', to)),
      h('div', { class: 'actions compact' }, quick('本月', 0), quick('上个月', 1)),
      h('div', { class: 'two-col' }, isAdmin && district ? field('街道', street) : h('div'), isAdmin || report.branches.length > 1 ? field('支部', branch) : h('div')),
    ),
    h(
      'div',
      { class: 'stat-row' },
      h('div', { class: 'stat' }, h('strong', { 'data-testid': 'study-total' }, spoken(total)), h('span', null, '学习时长合计')),
      h('div', { class: 'stat' }, h('strong', null, `${active} / ${report.members.length}`), h('span', null, '参加学习的人数')),
      h('div', { class: 'stat' }, h('strong', null, report.members.length ? pct(active / report.members.length) : '—'), h('span', null, '参学率')),
    ),
    h('h2', null, '每周学习时长（小时）'),
    weeks.length ? h('div', { class: 'chart-box' }, canvas) : h('p', { class: 'empty' }, '这段时间还没有学习记录。'),
    h('h2', null, '各支部'),
    h(
      'table',
      { class: 'list', 'data-testid': 'study-branches' },
      h('thead', null, h('tr', null, ['支部', '成员', '参加学习', '参学率', '学习时长（小时）'].map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', null, report.branches.map((b) => h('tr', null, h('td', null, h('strong', null, b.name)), h('td', null, `${b.members} 人`), h('td', null, `${b.active} 人`), h('td', null, pct(b.participation)), h('td', null, String(hours(b.seconds)))))),
    ),
    h('h2', null, `成员（${report.members.length}）`),
    h(
      'table',
      { class: 'list', 'data-testid': 'study-members' },
      h('thead', null, h('tr', null, ['姓名', '家庭', '支部', '身份', '学习时长', '完成课程'].map((t) => h('th', { scope: 'col' }, t)))),
      h(
        'tbody',
        null,
        report.members.map((m) =>
          h('tr', null, h('td', null, h('strong', null, m.name)), h('td', null, m.household), h('td', null, m.branchName ?? '未分支部'), h('td', null, m.partyMember ? '党员' : '群众'), h('td', null, m.seconds ? spoken(m.seconds) : '—'), h('td', null, `${m.completed} 个`)),
        ),
      ),
    ),
  );

  if (weeks.length) {
    const chart = new Chart(canvas, {
      type: 'bar',
      data: {
        labels: weeks.map((w) => `${Number(w.slice(5, 7))}月${Number(w.slice(8, 10))}日那周`),
        datasets: series.map((id, i) => ({
          label: names.get(id) ?? '未分支部',
          backgroundColor: COLOURS[i % COLOURS.length],
          data: weeks.map((w) => hours(report.weeks.find((x) => x.week === w && (x.branchId ?? '') === id)?.seconds ?? 0)),
        })),
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        scales: { x: { stacked: true, ticks: { font: { size: 16 } } }, y: { stacked: true, beginAtZero: true, title: { display: true, text: '小时', font: { size: 16 } }, ticks: { font: { size: 16 } } } },
        plugins: { legend: { labels: { font: { size: 17 } } } },
      },
    });
    ctx.onLeave(() => chart.destroy());
  }
  return root;
}
