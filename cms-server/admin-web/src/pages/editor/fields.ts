// The editor's form fields, each bound to its part of the draft (every change is kept at once): the section and
// street, title, body and summary common to every kind; the fields of a notice, a guide and a recruitment; and
// the publishing window.
import { ITEM_SUMMARY_MAX_CHARS, ITEM_TITLE_MAX_CHARS, session, type ItemKind, type SectionId, type SectionView, type StreetView } from '../../api.ts';
import { field, h, replace, type Child } from '../../dom.ts';
import { emptyPosition, type Draft, type Position } from './draft.ts';

/** A text input or textarea bound to one string of the draft. */
function bound(
  tag: 'input' | 'textarea',
  get: () => string,
  set: (v: string) => void,
  attrs: Record<string, unknown> = {},
): HTMLInputElement | HTMLTextAreaElement {
  const el = tag === 'input' ? h('input', { type: 'text', ...attrs }) : h('textarea', { rows: '6', ...attrs });
  el.value = get();
  el.addEventListener('input', () => set(el.value));
  return el;
}

/** A list of lines (duties, steps, materials): one box per line, 添加一项 / 删除. */
function lineList(label: string, values: string[], onChange: () => void, hint: string, testid: string): HTMLElement {
  const box = h('div', { class: 'line-list', 'data-testid': testid });
  const draw = () => {
    replace(
      box,
      values.map((v, i) => {
        const input = h('input', { type: 'text', value: v, 'aria-label': `${label} 第 ${i + 1} 项` });
        input.addEventListener('input', () => {
          values[i] = input.value;
          onChange();
        });
        const del = h('button', { type: 'button', class: 'btn btn-quiet btn-edit', disabled: values.length <= 1 }, '删除');
        del.addEventListener('click', () => {
          values.splice(i, 1);
          onChange();
          draw();
        });
        return h('div', { class: 'line' }, h('span', { class: 'line-no' }, `${i + 1}.`), input, del);
      }),
      h(
        'button',
        {
          type: 'button',
          class: 'btn btn-edit',
          onclick: () => {
            values.push('');
            onChange();
            draw();
            (box.querySelectorAll('input')[values.length - 1] as HTMLInputElement | undefined)?.focus();
          },
        },
        '＋ 添加一项',
      ),
    );
  };
  draw();
  return h('fieldset', { class: 'group' }, h('legend', null, label), h('p', { class: 'hint' }, hint), box);
}

function positionsEditor(values: Position[], onChange: () => void): HTMLElement {
  const box = h('div', { class: 'positions' });
  const draw = () => {
    replace(
      box,
      values.map((p, i) => {
        const name = bound('input', () => p.name, (v) => ((p.name = v), onChange()), { maxlength: '40' });
        const count = h('input', { type: 'number', min: '1', max: '9999', value: p.count, class: 'short' });
        count.addEventListener('input', () => ((p.count = count.value), onChange()));
        const req = bound('textarea', () => p.requirements, (v) => ((p.requirements = v), onChange()), { rows: '3', maxlength: '300' });
        const del = h('button', { type: 'button', class: 'btn btn-quiet btn-edit', disabled: values.length <= 1 }, '删除这个岗位');
        del.addEventListener('click', () => (values.splice(i, 1), onChange(), draw()));
        return h('div', { class: 'position' }, h('h4', null, `岗位 ${i + 1}`), field('岗位名称', name), field('招几人', count), field('要求', req, '年龄、学历、经验等。'), del);
      }),
      h('button', { type: 'button', class: 'btn btn-edit', onclick: () => (values.push(emptyPosition()), onChange(), draw()) }, '＋ 添加一个岗位'),
    );
  };
  draw();
  return h('fieldset', { class: 'group' }, h('legend', null, '招聘岗位'), box);
}

// ---- The fields of one kind ----

/** 通知类型: normal or urgent (shown prominently on the TVs). */
function noticeFields(d: Draft, changed: () => void): HTMLElement[] {
  const normal = h('input', { type: 'radio', name: 'urgent', value: 'no', checked: !d.urgent });
  const urgent = h('input', { type: 'radio', name: 'urgent', value: 'yes', checked: d.urgent });
  const pick = () => ((d.urgent = urgent.checked), changed());
  normal.addEventListener('change', pick);
  urgent.addEventListener('change', pick);
  return [h('fieldset', { class: 'group radios' }, h('legend', null, '通知类型'), h('label', { class: 'radio' }, normal, ' 普通通知'), h('label', { class: 'radio' }, urgent, ' 紧急通知（电视上醒目显示）'))];
}

/** 办事信息, then the three lists: duties, steps, materials. */
function guideFields(d: Draft, changed: () => void): HTMLElement[] {
  const g = d.guide;
  return [
    h(
      'fieldset',
      { class: 'group' },
      h('legend', null, '办事信息'),
      field('办理部门', bound('input', () => g.department, (v) => ((g.department = v), changed()), { maxlength: '40' }), '例如：太平街道社区事务受理服务中心'),
      field('办公时间', bound('input', () => g.hours, (v) => ((g.hours = v), changed()), { maxlength: '80' }), '例如：周一至周五 上午 9:00–12:00，下午 1:30–5:00'),
      field('咨询电话', bound('input', () => g.phone, (v) => ((g.phone = v), changed()), { maxlength: '40', inputmode: 'tel' })),
      field('办理地址', bound('input', () => g.address, (v) => ((g.address = v), changed()), { maxlength: '80' })),
    ),
    lineList('部门职责', g.duties, changed, '这个部门管什么，一项写一行。', 'guide-duties'),
    lineList('办理步骤', g.steps, changed, '按先后顺序，一步写一行。', 'guide-steps'),
    lineList('所需材料', g.materials, changed, '要带的证件、材料，一样写一行。', 'guide-materials'),
  ];
}

/** 单位和联系方式, then the positions. */
function recruitmentFields(d: Draft, changed: () => void): HTMLElement[] {
  const r = d.recruitment;
  const deadline = h('input', { type: 'date', value: r.deadline, class: 'short' });
  deadline.addEventListener('input', () => ((r.deadline = deadline.value), changed()));
  return [
    h(
      'fieldset',
      { class: 'group' },
      h('legend', null, '单位和联系方式'),
      field('招聘单位', bound('input', () => r.employer, (v) => ((r.employer = v), changed()), { maxlength: '40' })),
      field('报名截止日期', deadline),
      field('联系方式', bound('input', () => r.contact, (v) => ((r.contact = v), changed()), { maxlength: '80' }), '联系人和电话，例如：王老师 0512-6512 3456'),
    ),
    positionsEditor(r.positions, changed),
  ];
}

/** The fields only this kind has (a video's own field, the video picker, is apart: see video-picker.ts). */
function kindFields(kind: ItemKind, d: Draft, changed: () => void): HTMLElement[] {
  if (kind === 'notice') return noticeFields(d, changed);
  if (kind === 'guide') return guideFields(d, changed);
  if (kind === 'recruitment') return recruitmentFields(d, changed);
  return [];
}

// ---- What every kind has ----

function sectionSelect(sections: SectionView[], d: Draft, changed: () => void): HTMLSelectElement {
  const select = h(
    'select',
    { name: 'sectionId' },
    sections.map((s) => h('option', { value: s.id, selected: s.id === d.sectionId }, `${s.digit} ${s.title}`)),
  );
  select.addEventListener('change', () => ((d.sectionId = select.value as SectionId), changed()));
  return select;
}

/** 给哪里看: only a district account chooses, and only for a new item (a street account's items are its street's). */
function streetField(streets: StreetView[], d: Draft, changed: () => void): HTMLElement {
  const sel = h(
    'select',
    { name: 'streetId' },
    h('option', { value: '', selected: d.streetId === null }, '全区（所有街道的电视都能看到）'),
    streets.map((s) => h('option', { value: s.id, selected: s.id === d.streetId }, `${s.name}（只有这个街道的电视能看到）`)),
  );
  sel.addEventListener('change', () => ((d.streetId = sel.value || null), changed()));
  return field('给哪里看', sel);
}

/**
 * The content of the item: section, street and title; the video picker (outside the disabled fieldsets of a
 * locked item, so a reviewer can still preview the video); the kind's own fields, the body and the summary.
 */
export function contentFields(opts: {
  kind: ItemKind;
  isNew: boolean;
  editable: boolean;
  d: Draft;
  changed: () => void;
  sections: SectionView[];
  streets: StreetView[];
  picker: HTMLElement | null;
}): Child[] {
  const { kind, d, changed } = opts;
  const street = opts.isNew && session.user?.streetId === null ? streetField(opts.streets, d, changed) : null;
  const title = bound('input', () => d.title, (v) => ((d.title = v), changed()), { name: 'title', maxlength: String(ITEM_TITLE_MAX_CHARS), 'data-testid': 'title' });
  const summary = bound('input', () => d.summary, (v) => ((d.summary = v), changed()), { name: 'summary', maxlength: String(ITEM_SUMMARY_MAX_CHARS) });
  const body = bound('textarea', () => d.body, (v) => ((d.body = v), changed()), { name: 'body', rows: kind === 'video' ? '4' : '12' });
  return [
    h(
      'fieldset',
      { class: 'plain', disabled: !opts.editable },
      h('legend', { class: 'sr-only' }, '栏目和标题'),
      h('div', { class: 'two-col' }, field('栏目（电视上的哪个频道）', sectionSelect(opts.sections, d, changed)), street),
      field('标题', title, `电视上显示的大字标题，最多 ${ITEM_TITLE_MAX_CHARS} 个字。`),
    ),
    opts.picker,
    h(
      'fieldset',
      { class: 'plain', disabled: !opts.editable },
      h('legend', { class: 'sr-only' }, '内容'),
      kindFields(kind, d, changed),
      field(kind === 'video' ? '视频简介（可以不填）' : '正文', body, kind === 'video' ? '简单介绍这个视频讲了什么。' : '段落之间空一行。'),
      field('摘要（可以不填）', summary, '在电视的列表里显示的一句话。不填就自动用正文的开头。'),
    ),
  ];
}

/** 上线时间: when the item appears on the TVs and when it leaves them, both optional. */
export function windowFields(d: Draft, changed: () => void, editable: boolean): HTMLElement {
  const publishAt = h('input', { type: 'datetime-local', value: d.publishAt, name: 'publishAt', disabled: !editable });
  const unpublishAt = h('input', { type: 'datetime-local', value: d.unpublishAt, name: 'unpublishAt', disabled: !editable });
  publishAt.addEventListener('input', () => ((d.publishAt = publishAt.value), changed()));
  unpublishAt.addEventListener('input', () => ((d.unpublishAt = unpublishAt.value), changed()));
  const clearWindow = h('button', { type: 'button', class: 'btn btn-quiet', disabled: !editable }, '清空时间');
  clearWindow.addEventListener('click', () => {
    publishAt.value = unpublishAt.value = d.publishAt = d.unpublishAt = '';
    changed();
  });
  return h(
    'fieldset',
    { class: 'group', disabled: !editable },
    h('legend', null, '上线时间（北京时间）'),
    h('p', { class: 'hint' }, '都可以不填：不填上线时间，审核通过后马上上电视；不填下线时间，就一直播出。'),
    h('div', { class: 'two-col' }, field('什么时候上线', publishAt), field('什么时候下线', unpublishAt)),
    h('div', { class: 'actions' }, clearWindow),
  );
}
