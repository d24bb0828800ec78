// The dialog that makes or changes a broadcast: what plays (videos in order, or a relayed live stream), when
// (Shanghai time), how it repeats, and what the TVs do when it starts. The server checks everything again
// (overlaps, ready videos, the relay address); its refusal shows in the dialog and what was typed stays.
import {
  api,
  ApiError,
  BROADCAST_ANNOUNCE_MAX_MIN,
  BROADCAST_MAX_ITEMS,
  BROADCAST_TITLE_MAX_CHARS,
  type BroadcastBody,
  type BroadcastRepeat,
  type BroadcastTakeover,
  type BroadcastView,
  type ItemListResponse,
  type ItemView,
} from '../../api.ts';
import { field, h, modal } from '../../dom.ts';
import { formatDuration, fromLocalInput, toLocalInput } from '../../format.ts';

export const TAKEOVER_LABELS: Record<BroadcastTakeover, string> = {
  none: '不打扰：只在直播频道里播',
  prompt: '提示：电视上出现“会议开始了，按 OK 键观看”',
  switch: '自动切换：到点电视自动转到直播',
};
const WEEKDAY_NAMES = ['一', '二', '三', '四', '五', '六', '日'];

/** Ready, published videos the channel may play (the newest 200), for the list to choose from. */
async function playableVideos(): Promise<ItemView[]> {
  const r = await api<ItemListResponse>('GET', '/items?kind=video&state=published&limit=200');
  return r.items.filter((i) => i.asset?.status === 'ready');
}

/**
 * Opens the dialog. `existing`: the broadcast to change; else a new one on `channelId` from `start` to `end`
 * (UTC ISO, from a range chosen on the calendar). Resolves with the saved broadcast, 'deleted', or null.
 */
export async function broadcastDialog(opts: {
  channelId: string;
  existing?: BroadcastView;
  start?: string;
  end?: string;
}): Promise<BroadcastView | 'deleted' | null> {
  const b = opts.existing;
  const videos = await playableVideos();
  const title = h('input', { type: 'text', maxlength: String(BROADCAST_TITLE_MAX_CHARS), value: b?.title ?? '', 'data-testid': 'bc-title' });

  // What plays.
  const sourceItems = h('input', { type: 'radio', name: 'bc-source', value: 'items', checked: b?.source !== 'relay' });
  const sourceRelay = h('input', { type: 'radio', name: 'bc-source', value: 'relay', checked: b?.source === 'relay', 'data-testid': 'bc-source-relay' });
  const chosen: string[] = [...(b?.items ?? [])];
  const order = new Map<string, HTMLElement>();
  const renumber = () => order.forEach((el, id) => (el.textContent = chosen.includes(id) ? `第 ${chosen.indexOf(id) + 1} 个` : ''));
  const videoList = h(
    'div',
    { class: 'pick-list', 'data-testid': 'bc-videos' },
    videos.length === 0
      ? h('p', { class: 'hint' }, '还没有已上线的视频。先上传视频、发布内容，再来安排直播。')
      : videos.map((v) => {
          const box = h('input', { type: 'checkbox', checked: chosen.includes(v.id), value: v.id });
          const num = h('span', { class: 'pick-order' });
          order.set(v.id, num);
          box.addEventListener('change', () => {
            const at = chosen.indexOf(v.id);
            if (box.checked && at < 0) chosen.push(v.id);
            if (!box.checked && at >= 0) chosen.splice(at, 1);
            renumber();
          });
          return h('label', { class: 'check' }, box, ` ${v.title} `, h('span', { class: 'meta' }, formatDuration(v.asset?.durationSec)), num);
        }),
  );
  renumber();
  const relayUrl = h('input', { type: 'url', value: b?.relayUrl ?? '', placeholder: 'https://…/live.m3u8', 'data-testid': 'bc-relay' });
  const itemsBlock = field('播放的视频（按勾选的顺序播放）', videoList, `最多 ${BROADCAST_MAX_ITEMS} 个。不填结束时间，就按视频的总长度结束。`);
  const relayBlock = field('直播信号地址（HLS，m3u8）', relayUrl, '会议现场的直播地址。结束后录像会自动存为“支部党课”的草稿，审核后上线。');
  const showSource = () => {
    itemsBlock.hidden = sourceRelay.checked;
    relayBlock.hidden = !sourceRelay.checked;
  };
  sourceItems.addEventListener('change', showSource);
  sourceRelay.addEventListener('change', showSource);
  showSource();

  // When.
  const startsAt = h('input', { type: 'datetime-local', value: toLocalInput(b?.startsAt ?? opts.start), 'data-testid': 'bc-start' });
  const endsAt = h('input', { type: 'datetime-local', value: toLocalInput(b?.endsAt ?? opts.end), 'data-testid': 'bc-end' });

  // How it repeats.
  const repeat = h(
    'select',
    { 'data-testid': 'bc-repeat' },
    h('option', { value: 'once' }, '只播一次'),
    h('option', { value: 'weekly' }, '每周重复'),
    h('option', { value: 'rrule' }, '按重复规则（RRULE，高级）'),
  );
  repeat.value = b?.repeat.kind ?? 'once';
  const weekly = b?.repeat.kind === 'weekly' ? b.repeat : null;
  const dayBoxes = WEEKDAY_NAMES.map((name, i) =>
    h('label', { class: 'check inline' }, h('input', { type: 'checkbox', value: String(i + 1), checked: weekly?.days.includes(i + 1) ?? false }), ` 星期${name}`),
  );
  const until = h('input', { type: 'date', value: weekly?.until ?? '' });
  const rule = h('input', { type: 'text', value: b?.repeat.kind === 'rrule' ? b.repeat.rule : '', placeholder: 'FREQ=MONTHLY;BYDAY=1MO;COUNT=12' });
  const weeklyBlock = h('div', null, field('每周哪几天', h('div', { class: 'days' }, dayBoxes)), field('重复到哪一天为止', until));
  const ruleBlock = field('重复规则', rule, '例如每月第一个星期一：FREQ=MONTHLY;BYDAY=1MO;COUNT=12。必须有结束（COUNT 或 UNTIL），最多每小时一次。');
  const showRepeat = () => {
    weeklyBlock.hidden = repeat.value !== 'weekly';
    ruleBlock.hidden = repeat.value !== 'rrule';
  };
  repeat.addEventListener('change', showRepeat);
  showRepeat();

  // What the TVs do.
  const takeover = h(
    'select',
    { 'data-testid': 'bc-takeover' },
    (Object.keys(TAKEOVER_LABELS) as BroadcastTakeover[]).map((k) => h('option', { value: k }, TAKEOVER_LABELS[k])),
  );
  takeover.value = b?.takeover ?? 'none';
  const announce = h('input', { type: 'number', min: '0', max: String(BROADCAST_ANNOUNCE_MAX_MIN), value: String(b?.announceMinutes ?? 10), 'data-testid': 'bc-announce' });

  const collectBody = (): BroadcastBody | { problem: string } => {
    const start = fromLocalInput(startsAt.value);
    if (!title.value.trim()) return { problem: '请填写节目名称。' };
    if (!start) return { problem: '请填写开始时间。' };
    const end = fromLocalInput(endsAt.value);
    let rep: BroadcastRepeat = { kind: 'once' };
    if (repeat.value === 'weekly') {
      const days = dayBoxes.map((l) => l.querySelector('input')!).filter((x) => x.checked).map((x) => Number(x.value));
      if (days.length === 0) return { problem: '请选择每周哪几天播出。' };
      if (!until.value) return { problem: '请填写每周重复到哪一天为止。' };
      rep = { kind: 'weekly', days, until: until.value };
    } else if (repeat.value === 'rrule') {
      rep = { kind: 'rrule', rule: rule.value.trim() };
    }
    const body: BroadcastBody = {
      channelId: opts.channelId,
      title: title.value.trim(),
      startsAt: start,
      repeat: rep,
      takeover: takeover.value as BroadcastTakeover,
      announceMinutes: Number(announce.value || 0),
    };
    if (end) body.endsAt = end;
    if (sourceRelay.checked) body.relayUrl = relayUrl.value.trim();
    else body.items = [...chosen];
    return body;
  };

  let deleted = false;
  const del = b
    ? h('button', { type: 'button', class: 'btn btn-danger', 'data-testid': 'bc-delete' }, '删除这个节目')
    : undefined;

  const result = modal<BroadcastView>({
    title: b ? `修改节目：${b.title}` : '安排直播节目',
    okLabel: '保存',
    extraAction: del,
    body: [
      field('节目名称', title, '电视上显示的名字，例如“学习全会精神专题会议”。'),
      h('div', { class: 'field' }, h('span', { class: 'label' }, '播放什么'), h('label', { class: 'check inline' }, sourceItems, ' 播放已上线的视频'), h('label', { class: 'check inline' }, sourceRelay, ' 转播会议直播')),
      itemsBlock,
      relayBlock,
      h('div', { class: 'two-col' }, field('开始时间（北京时间）', startsAt), field('结束时间', endsAt)),
      field('重复', repeat),
      weeklyBlock,
      ruleBlock,
      h('div', { class: 'two-col' }, field('开始时电视怎么做', takeover), field('提前几分钟在电视上预告', announce, '0 表示不预告。')),
    ],
    collect: async () => {
      const body = collectBody();
      if ('problem' in body) return body;
      try {
        if (!b) return (await api<{ broadcast: BroadcastView }>('POST', '/broadcasts', body)).broadcast;
        const { channelId: _channel, ...patch } = body;
        // A list of videos without an end: the end follows the videos (null clears a stored end).
        const change = { ...patch, endsAt: patch.endsAt ?? null, items: patch.items ?? null, relayUrl: patch.relayUrl ?? null };
        return (await api<{ broadcast: BroadcastView }>('PATCH', `/broadcasts/${encodeURIComponent(b.id)}`, change)).broadcast;
      } catch (err) {
        return { problem: err instanceof ApiError ? err.message : String(err) };
      }
    },
  });
  del?.addEventListener('click', async () => {
    if (!b || !window.confirm(`删除「${b.title}」？${b.repeat.kind === 'once' ? '' : '以后的每一次重复都会删除。'}`)) return;
    try {
      await api('DELETE', `/broadcasts/${encodeURIComponent(b.id)}`);
      deleted = true;
      (del.closest('dialog')?.querySelector('.actions .btn:not(.btn-primary):not(.btn-danger)') as HTMLButtonElement | null)?.click();
    } catch (err) {
      window.alert(err instanceof ApiError ? err.message : String(err));
    }
  });
  const saved = await result;
  return deleted ? 'deleted' : saved;
}
