// Writing and publishing one item, of any kind. The buttons are exactly the ItemView's `allowed` actions.
// What is typed is kept in sessionStorage as it is typed, so a session that runs out (or a closed tab) does
// not lose a half-written notice.
import { api, ApiError, getSections, getStreets, session, type AssetView, type ItemKind, type ItemView, type SectionId } from '../api.ts';
import { actionButton, Banner, confirmDialog, field, h, modal, replace, type Child } from '../dom.ts';
import { formatDuration, formatTime, fromLocalInput, toLocalInput } from '../format.ts';
import { ASSET_STATUS_NAMES, KIND_NAMES, KINDS, STATE_HELP, streetName } from '../labels.ts';
import type { Preview } from '../player.ts';
import { go, href, replaceRoute, type RouteContext } from '../router.ts';
import { assetSummary, uploadWidget, type UploadWidget } from '../upload-widget.ts';
import { stateBadge } from './items.ts';

interface Position {
  name: string;
  count: string;
  requirements: string;
}

/** The form's content, as typed (times as datetime-local values in Shanghai time). */
interface Draft {
  kind: ItemKind;
  sectionId: SectionId;
  streetId: string | null;
  title: string;
  summary: string;
  body: string;
  urgent: boolean;
  assetId: string;
  guide: { department: string; duties: string[]; steps: string[]; materials: string[]; hours: string; phone: string; address: string };
  recruitment: { employer: string; positions: Position[]; deadline: string; contact: string };
  publishAt: string;
  unpublishAt: string;
  /** The item's updatedAt this draft started from: a draft of an older version is not restored. */
  base: string | null;
}

const DEFAULT_SECTION: Record<ItemKind, SectionId> = {
  video: 'branch-lessons',
  article: 'news',
  notice: 'affairs',
  guide: 'guide',
  recruitment: 'jobs',
};

const KIND_HELP: Record<ItemKind, string> = {
  video: '党课、讲座、会议录像。先上传视频，再写标题和简介。',
  article: '新闻、动态、介绍，一段段文字。',
  notice: '通知、公告。紧急通知会在电视上醒目显示。',
  guide: '某项业务去哪里办、带什么材料、几点上班。',
  recruitment: '单位招人：岗位、人数、要求、截止日期。',
};

function draftOf(item: ItemView | null, kind: ItemKind, assetId: string): Draft {
  const g = item?.guide;
  const r = item?.recruitment;
  return {
    kind: item?.kind ?? kind,
    sectionId: item?.sectionId ?? DEFAULT_SECTION[kind],
    streetId: item ? item.streetId : (session.user?.streetId ?? null),
    title: item?.title ?? '',
    summary: item?.summary ?? '',
    body: item?.body ?? '',
    urgent: item?.urgent ?? false,
    assetId: item?.assetId ?? assetId,
    guide: {
      department: g?.department ?? '',
      duties: g?.duties.slice() ?? [''],
      steps: g?.steps.slice() ?? [''],
      materials: g?.materials.slice() ?? [''],
      hours: g?.hours ?? '',
      phone: g?.phone ?? '',
      address: g?.address ?? '',
    },
    recruitment: {
      employer: r?.employer ?? '',
      positions: r?.positions.map((p) => ({ name: p.name, count: String(p.count), requirements: p.requirements })) ?? [{ name: '', count: '1', requirements: '' }],
      deadline: r?.deadline ?? '',
      contact: r?.contact ?? '',
    },
    publishAt: toLocalInput(item?.publishAt),
    unpublishAt: toLocalInput(item?.unpublishAt),
    base: item?.updatedAt ?? null,
  };
}

const draftKey = (itemId: string | null, kind: ItemKind) => `keting:draft:${session.user?.id}:${itemId ?? `new-${kind}`}`;

function loadDraft(key: string): Draft | null {
  try {
    const raw = sessionStorage.getItem(key);
    return raw ? (JSON.parse(raw) as Draft) : null;
  } catch {
    return null;
  }
}

const list = (v: string[]) => v.map((s) => s.trim()).filter(Boolean);

/** The JSON the items API takes, for this kind only. */
function payload(d: Draft, isNew: boolean): Record<string, unknown> {
  const p: Record<string, unknown> = {
    sectionId: d.sectionId,
    title: d.title.trim(),
    summary: d.summary.trim(),
    body: d.body.trim(),
    publishAt: fromLocalInput(d.publishAt),
    unpublishAt: fromLocalInput(d.unpublishAt),
  };
  if (isNew) {
    p.kind = d.kind;
    // A street account's items are its street's; only district accounts choose.
    if (session.user?.streetId === null) p.streetId = d.streetId;
  }
  if (d.kind === 'notice') p.urgent = d.urgent;
  if (d.kind === 'video' && d.assetId) p.assetId = d.assetId;
  if (d.kind === 'guide') {
    const g = d.guide;
    p.guide = { department: g.department.trim(), duties: list(g.duties), steps: list(g.steps), materials: list(g.materials), hours: g.hours.trim(), phone: g.phone.trim(), address: g.address.trim() };
  }
  if (d.kind === 'recruitment') {
    const r = d.recruitment;
    p.recruitment = {
      employer: r.employer.trim(),
      positions: r.positions
        .filter((x) => x.name.trim() || x.requirements.trim())
        .map((x) => ({ name: x.name.trim(), count: Number(x.count) || 0, requirements: x.requirements.trim() })),
      deadline: r.deadline,
      contact: r.contact.trim(),
    };
  }
  return p;
}

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
      h('button', { type: 'button', class: 'btn btn-edit', onclick: () => (values.push({ name: '', count: '1', requirements: '' }), onChange(), draw()) }, '＋ 添加一个岗位'),
    );
  };
  draw();
  return h('fieldset', { class: 'group' }, h('legend', null, '招聘岗位'), box);
}

/** Choosing the video of a video item: one already uploaded, or a new upload right here. */
async function videoPicker(
  d: Draft,
  onChange: () => void,
  ctx: RouteContext,
  disabled: boolean,
  itemAsset: ItemView['asset'],
): Promise<HTMLElement> {
  const box = h('div', { class: 'video-picker' });
  const banner = new Banner();
  let assets: AssetView[] = [];
  let preview: Preview | null = null;
  let widget: UploadWidget | null = null;
  ctx.onLeave(() => (preview?.destroy(), widget?.destroy()));
  ctx.guardLeave(() => (widget?.uploading() ? '视频还在上传。离开这一页，上传会暂停。确定要离开吗？' : null));

  const load = async () => {
    try {
      assets = (await api<{ assets: AssetView[] }>('GET', '/assets?limit=100')).assets;
      // The item's video may be older than the latest hundred: fetch it by itself.
      if (d.assetId && !assets.some((a) => a.id === d.assetId)) {
        assets.push(await api<AssetView>('GET', `/assets/${encodeURIComponent(d.assetId)}`));
      }
    } catch (err) {
      // An account that may not list videos (a secretary) still sees the item's own video from the item.
      if (itemAsset && d.assetId && !assets.some((a) => a.id === d.assetId)) {
        assets.push({ ...itemAsset, id: d.assetId, title: null, sourceName: null, sourceSize: null, renditions: [], streetId: null, createdBy: null, createdAt: '', updatedAt: '', job: null } as AssetView);
      }
      if (!(err instanceof ApiError && err.status === 403 && disabled)) banner.error(err instanceof ApiError ? err.message : String(err));
    }
  };
  const draw = () => {
    preview?.destroy();
    const usable = assets.filter((a) => a.status !== 'failed' || a.id === d.assetId);
    const select = h(
      'select',
      { 'data-testid': 'asset-select', disabled },
      h('option', { value: '' }, usable.length ? '— 请选择一个视频 —' : '— 还没有上传过视频 —'),
      usable.map((a) =>
        h(
          'option',
          { value: a.id, selected: a.id === d.assetId },
          `${a.title || a.sourceName || '这条内容的视频'}${a.status === 'ready' ? `（${formatDuration(a.durationSec)}）` : `（${ASSET_STATUS_NAMES[a.status]}${a.status === 'processing' ? ` ${a.progress}%` : ''}）`}`,
        ),
      ),
    );
    select.addEventListener('change', () => {
      d.assetId = select.value;
      onChange();
      draw();
    });
    const current = assets.find((a) => a.id === d.assetId);
    let shown: Child = null;
    if (current?.status === 'ready') shown = assetSummary(current, (p) => (preview = p));
    else if (current?.status === 'failed') shown = h('div', { class: 'banner banner-error' }, `这个视频处理失败：${current.error?.message ?? ''} 请换一个视频。`);
    else if (current) shown = h('p', { class: 'hint' }, `这个视频${ASSET_STATUS_NAMES[current.status]}（${current.progress}%）。处理完成前也可以先保存，处理好后才能上电视。`);
    const uploadBox = h('div', { class: 'inline-upload' });
    const toggle = h('button', { type: 'button', class: 'btn', hidden: disabled, 'data-testid': 'inline-upload' }, '⬆ 上传新视频');
    toggle.addEventListener('click', () => {
      toggle.hidden = true;
      widget = uploadWidget({
        // Ready: this video becomes the lesson's, shown like any chosen video (poster, duration, preview).
        onReady: async (a) => {
          d.assetId = a.id;
          onChange();
          widget?.destroy();
          widget = null;
          await load();
          draw();
        },
      });
      replace(uploadBox, widget.el);
    });
    replace(box, field('选择视频', select, '选一个已经上传好的视频，或者点“上传新视频”。'), banner.el, shown, h('div', { class: 'actions' }, toggle), uploadBox);
  };
  await load();
  draw();
  return h('fieldset', { class: 'group' }, h('legend', null, '视频'), box);
}

function kindPicker(): HTMLElement {
  return h(
    'section',
    { class: 'page' },
    h('h1', null, '新建内容'),
    h('p', { class: 'lead' }, '你要发布什么？点一下选择：'),
    h(
      'div',
      { class: 'kind-cards' },
      KINDS.map((k) => h('a', { class: 'kind-card', href: href(['new'], { kind: k }), 'data-testid': `kind-${k}` }, h('strong', null, KIND_NAMES[k]), h('span', null, KIND_HELP[k]))),
    ),
  );
}

export async function editorPage(ctx: RouteContext): Promise<HTMLElement> {
  const itemId = ctx.parts[0] === 'items' ? (ctx.parts[1] ?? null) : null;
  const kindParam = ctx.query.get('kind') as ItemKind | null;
  if (!itemId && (!kindParam || !KINDS.includes(kindParam))) return kindPicker();
  const [sections, streets] = await Promise.all([getSections(), getStreets()]);
  const root = h('section', { class: 'page editor' });

  const show = async (item: ItemView | null, flash?: { ok?: string; info?: string; error?: string }) => {
    const kind = item?.kind ?? kindParam!;
    const isNew = item === null;
    const allowed = new Set(item?.allowed ?? ['edit', 'submit']);
    const editable = allowed.has('edit');
    const windowEditable = editable || allowed.has('schedule') || allowed.has('approve');
    const key = draftKey(item?.id ?? null, kind);
    let d = draftOf(item, kind, ctx.query.get('asset') ?? '');
    const banner = new Banner();
    const topBanner = new Banner();
    const saved = editable ? loadDraft(key) : null;
    let restored: HTMLElement | null = null;
    if (saved && saved.kind === kind && saved.base === d.base) {
      d = saved;
      const discard = h('button', { type: 'button', class: 'btn btn-quiet' }, '不要这些，恢复原样');
      discard.addEventListener('click', () => {
        sessionStorage.removeItem(key);
        void show(item);
      });
      restored = h('div', { class: 'banner banner-info restored' }, h('span', null, '已恢复你上次没有保存的内容。检查后请按“保存”。'), discard);
    } else if (flash?.error) topBanner.error(flash.error);
    else if (flash?.ok) topBanner.ok(flash.ok);
    else if (flash?.info) topBanner.info(flash.info);
    const changed = () => {
      try {
        sessionStorage.setItem(key, JSON.stringify(d));
      } catch {
        /* storage full or off: the form itself still holds the text */
      }
    };
    const forget = () => sessionStorage.removeItem(key);

    const sectionSelect = h(
      'select',
      { name: 'sectionId' },
      sections.map((s) => h('option', { value: s.id, selected: s.id === d.sectionId }, `${s.digit} ${s.title}`)),
    );
    sectionSelect.addEventListener('change', () => ((d.sectionId = sectionSelect.value as SectionId), changed()));

    let streetField: HTMLElement | null = null;
    if (isNew && session.user?.streetId === null) {
      const sel = h(
        'select',
        { name: 'streetId' },
        h('option', { value: '', selected: d.streetId === null }, '全区（所有街道的电视都能看到）'),
        streets.map((s) => h('option', { value: s.id, selected: s.id === d.streetId }, `${s.name}（只有这个街道的电视能看到）`)),
      );
      sel.addEventListener('change', () => ((d.streetId = sel.value || null), changed()));
      streetField = field('给哪里看', sel);
    }

    const title = bound('input', () => d.title, (v) => ((d.title = v), changed()), { name: 'title', maxlength: '40', 'data-testid': 'title' });
    const summary = bound('input', () => d.summary, (v) => ((d.summary = v), changed()), { name: 'summary', maxlength: '80' });
    const body = bound('textarea', () => d.body, (v) => ((d.body = v), changed()), { name: 'body', rows: kind === 'video' ? '4' : '12' });

    const kindFields: Child[] = [];
    // Outside the disabled fieldset of a locked item: a reviewer must still be able to preview the video.
    const picker = kind === 'video' ? await videoPicker(d, changed, ctx, !editable, item?.asset ?? null) : null;
    if (kind === 'notice') {
      const normal = h('input', { type: 'radio', name: 'urgent', value: 'no', checked: !d.urgent });
      const urgent = h('input', { type: 'radio', name: 'urgent', value: 'yes', checked: d.urgent });
      const pick = () => ((d.urgent = urgent.checked), changed());
      normal.addEventListener('change', pick);
      urgent.addEventListener('change', pick);
      kindFields.push(
        h('fieldset', { class: 'group radios' }, h('legend', null, '通知类型'), h('label', { class: 'radio' }, normal, ' 普通通知'), h('label', { class: 'radio' }, urgent, ' 紧急通知（电视上醒目显示）')),
      );
    }
    if (kind === 'guide') {
      const g = d.guide;
      kindFields.push(
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
      );
    }
    if (kind === 'recruitment') {
      const r = d.recruitment;
      const deadline = h('input', { type: 'date', value: r.deadline, class: 'short' });
      deadline.addEventListener('input', () => ((r.deadline = deadline.value), changed()));
      kindFields.push(
        h(
          'fieldset',
          { class: 'group' },
          h('legend', null, '单位和联系方式'),
          field('招聘单位', bound('input', () => r.employer, (v) => ((r.employer = v), changed()), { maxlength: '40' })),
          field('报名截止日期', deadline),
          field('联系方式', bound('input', () => r.contact, (v) => ((r.contact = v), changed()), { maxlength: '80' }), '联系人和电话，例如：王老师 0512-6512 3456'),
        ),
        positionsEditor(r.positions, changed),
      );
    }

    const publishAt = h('input', { type: 'datetime-local', value: d.publishAt, name: 'publishAt', disabled: !windowEditable });
    const unpublishAt = h('input', { type: 'datetime-local', value: d.unpublishAt, name: 'unpublishAt', disabled: !windowEditable });
    publishAt.addEventListener('input', () => ((d.publishAt = publishAt.value), changed()));
    unpublishAt.addEventListener('input', () => ((d.unpublishAt = unpublishAt.value), changed()));
    const clearWindow = h('button', { type: 'button', class: 'btn btn-quiet', disabled: !windowEditable }, '清空时间');
    clearWindow.addEventListener('click', () => {
      publishAt.value = unpublishAt.value = d.publishAt = d.unpublishAt = '';
      changed();
    });

    // ---- actions ----
    const run = async (what: () => Promise<ItemView | null>, done: string | ((next: ItemView) => string)) => {
      banner.clear();
      try {
        const next = await what();
        forget();
        if (next === null) return;
        if (isNew) {
          replaceRoute(href(['items', next.id]));
          itemIdNow = next.id;
        }
        await show(next, { ok: typeof done === 'string' ? done : done(next) });
        // The result is said at the top of the page: go there, or the person does not see it.
        window.scrollTo({ top: 0 });
      } catch (err) {
        banner.error(err instanceof ApiError ? err.message : String(err));
      }
    };
    let itemIdNow = item?.id ?? null;
    const path = () => `/items/${encodeURIComponent(itemIdNow!)}`;
    const save = () => (isNew ? api<ItemView>('POST', '/items', payload(d, true)) : api<ItemView>('PATCH', path(), payload(d, false)));
    const windowBody = () => ({ publishAt: fromLocalInput(d.publishAt), unpublishAt: fromLocalInput(d.unpublishAt) });

    const buttons: HTMLElement[] = [];
    if (isNew) {
      buttons.push(actionButton('保存草稿', () => run(save, '已保存为草稿。电视上还看不到，写好后请按“提交审核”。'), { busyLabel: '正在保存…', testid: 'save' }));
      buttons.push(
        actionButton(
          '保存并提交审核',
          () =>
            run(async () => {
              const created = await save();
              itemIdNow = created.id;
              forget();
              replaceRoute(href(['items', created.id]));
              try {
                return await api<ItemView>('POST', `${path()}/submit`);
              } catch (err) {
                // Saved but not submitted: show the saved draft (a second press must not create a copy).
                await show(created, { error: `已保存为草稿，但提交审核没有成功：${err instanceof ApiError ? err.message : String(err)}` });
                window.scrollTo({ top: 0 });
                return null;
              }
            }, afterSubmit),
          { class: 'btn btn-primary', busyLabel: '正在提交…', testid: 'save-submit' },
        ),
      );
    } else {
      if (allowed.has('edit'))
        buttons.push(actionButton(item!.state === 'draft' ? '保存草稿' : '保存修改', () => run(save, (next) => (next.state === 'draft' ? '已保存为草稿。电视上还看不到，写好后请按“提交审核”。' : '已保存。')), { busyLabel: '正在保存…', testid: 'save' }));
      if (allowed.has('submit'))
        buttons.push(
          actionButton(
            '提交审核',
            () =>
              run(async () => {
                if (allowed.has('edit')) await save();
                return api<ItemView>('POST', `${path()}/submit`);
              }, afterSubmit),
            { class: 'btn btn-primary', busyLabel: '正在提交…', testid: 'submit' },
          ),
        );
      if (allowed.has('approve'))
        buttons.push(
          actionButton('通过', () => run(() => api<ItemView>('POST', `${path()}/approve`, windowBody()), afterSubmit), {
            class: 'btn btn-primary',
            busyLabel: '正在提交…',
            testid: 'approve',
          }),
        );
      if (allowed.has('reject'))
        buttons.push(
          actionButton('退回', async () => {
            const reason = await askReason(item!.title);
            if (reason === null) return;
            await run(() => api<ItemView>('POST', `${path()}/reject`, { reason }), '已退回给编辑，并附上了原因。');
          }, { busyLabel: '退回…', testid: 'reject' }),
        );
      if (allowed.has('schedule') && !allowed.has('edit'))
        buttons.push(actionButton('保存上线时间', () => run(() => api<ItemView>('PUT', `${path()}/window`, windowBody()), '上线、下线时间已保存。'), { busyLabel: '正在保存…', testid: 'schedule' }));
      if (allowed.has('withdraw'))
        buttons.push(
          actionButton('撤下', async () => {
            if (!(await confirmDialog('撤下这条内容？', `《${item!.title}》会马上从电视上消失。以后可以修改后重新提交。`, '确定撤下', true))) return;
            await run(() => api<ItemView>('POST', `${path()}/withdraw`), '已撤下，电视上不再显示。');
          }, { class: 'btn btn-danger', busyLabel: '正在撤下…', testid: 'withdraw' }),
        );
      if (allowed.has('delete'))
        buttons.push(
          actionButton('删除', async () => {
            if (!(await confirmDialog('删除这条内容？', `《${item!.title}》会被删除，不能恢复。`, '确定删除', true))) return;
            banner.clear();
            try {
              await api('DELETE', path());
              forget();
              go('#/items');
            } catch (err) {
              banner.error(err instanceof ApiError ? err.message : String(err));
            }
          }, { class: 'btn btn-danger btn-quiet', busyLabel: '正在删除…', testid: 'delete' }),
        );
    }

    const status: Child = item
      ? h(
          'div',
          { class: 'status-line' },
          stateBadge(item.state),
          h('span', null, STATE_HELP[item.state]),
          item.reviewNote && item.state === 'draft' ? h('div', { class: 'banner banner-warn' }, `审核员退回了这条内容。原因：${item.reviewNote}`) : null,
          item.state === 'failed' && item.asset?.error ? h('div', { class: 'banner banner-error', 'data-testid': 'failed-why' }, `视频处理失败的原因：${item.asset.error.message}`) : null,
          h(
            'p',
            { class: 'meta' },
            `${streetName(item.streetId, streets)} · ${item.createdByName ?? ''} 创建于 ${formatTime(item.createdAt)}`,
            item.updatedByName ? ` · ${item.updatedByName} 最后修改于 ${formatTime(item.updatedAt)}` : '',
          ),
        )
      : null;

    const contentFields = [
      h(
        'fieldset',
        { class: 'plain', disabled: !editable },
        h('legend', { class: 'sr-only' }, '栏目和标题'),
        h('div', { class: 'two-col' }, field('栏目（电视上的哪个频道）', sectionSelect), streetField),
        field('标题', title, '电视上显示的大字标题，最多 40 个字。'),
      ),
      picker,
      h(
        'fieldset',
        { class: 'plain', disabled: !editable },
        h('legend', { class: 'sr-only' }, '内容'),
        kindFields,
      field(kind === 'video' ? '视频简介（可以不填）' : '正文', body, kind === 'video' ? '简单介绍这个视频讲了什么。' : '段落之间空一行。'),
        field('摘要（可以不填）', summary, '在电视的列表里显示的一句话。不填就自动用正文的开头。'),
      ),
    ];

    replace(
      root,
      h(
        'div',
        { class: 'page-head' },
        h('h1', null, isNew ? `新建${KIND_NAMES[kind]}` : `${KIND_NAMES[kind]}：${item!.title}`),
        h('a', { class: 'btn btn-quiet', href: '#/items' }, '‹ 返回内容列表'),
      ),
      restored,
      topBanner.el,
      status,
      !editable && !isNew ? h('div', { class: 'banner banner-info' }, '这条内容现在不能修改。已通过审核的内容要先撤下，才能修改。') : null,
      editable && item?.state === 'review' ? h('div', { class: 'banner banner-info' }, '这条内容正在等审核。如果现在修改并保存，它会回到草稿，需要重新提交审核。') : null,
      contentFields,
      h(
        'fieldset',
        { class: 'group', disabled: !windowEditable },
        h('legend', null, '上线时间（北京时间）'),
        h('p', { class: 'hint' }, '都可以不填：不填上线时间，审核通过后马上上电视；不填下线时间，就一直播出。'),
        h('div', { class: 'two-col' }, field('什么时候上线', publishAt), field('什么时候下线', unpublishAt)),
        h('div', { class: 'actions' }, clearWindow),
      ),
      h('div', { class: 'action-bar' }, banner.el, h('div', { class: 'actions' }, buttons)),
    );
  };

  if (itemId) await show(await api<ItemView>('GET', `/items/${encodeURIComponent(itemId)}`));
  else await show(null);
  return root;
}

/** What happened, in words, after a submit or an approval: a street that publishes directly skips review. */
function afterSubmit(next: ItemView): string {
  if (next.state === 'published') return '已发布，电视上已经可以看到了。';
  if (next.state === 'scheduled') return `已通过审核，${formatTime(next.publishAt)} 自动出现在电视上。`;
  return '已提交审核，等审核员通过后就会上电视。';
}

/** Asks why an item is sent back: the editor reads this to know what to change. */
export function askReason(title: string): Promise<string | null> {
  const reason = h('textarea', { rows: '4', maxlength: '500', 'data-testid': 'reject-reason' });
  return modal({
    title: '退回给编辑',
    body: [h('p', null, `请写明《${title}》哪里需要修改：`), field('退回原因', reason)],
    okLabel: '退回',
    collect: () => (reason.value.trim() ? reason.value.trim() : { problem: '请写明退回的原因，编辑才知道要改什么。' }),
  });
}
