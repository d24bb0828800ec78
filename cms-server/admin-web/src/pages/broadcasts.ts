// 直播排期 (operators, admins): a channel's week at a glance — FullCalendar's time-grid week, in Shanghai time.
// Choose a time range to schedule a broadcast there; drag a broadcast to move it, drag its lower edge to change its
// end; click it to change or delete it. Every move goes through the API's own overlap check (which also sees the
// future occurrences of repeating broadcasts); a refused move springs back and the banner says which broadcast is
// in the way. The filler section (what loops when nothing is scheduled) is chosen above the calendar.
import { Calendar, type EventInput } from '@fullcalendar/core';
import zhCn from '@fullcalendar/core/locales/zh-cn';
import interactionPlugin from '@fullcalendar/interaction';
import timeGridPlugin from '@fullcalendar/timegrid';
import { api, ApiError, getSections, session, type BroadcastView, type ChannelView, type ChannelWeekResponse } from '../api.ts';
import { Banner, field, h, replace } from '../dom.ts';
import type { RouteContext } from '../router.ts';
import { broadcastDialog, TAKEOVER_LABELS } from './broadcasts/broadcast-form.ts';
import { fromWall, shiftWeekdays, toWall } from './broadcasts/wall-time.ts';

const DAY_MS = 86_400_000;

const REPEAT_WORDS = { once: '', weekly: '每周重复', rrule: '按规则重复' } as const;

/** Where the channel list is read from: the week containing `day` (a Shanghai date), every channel of this actor. */
const weekOf = (day: string) => api<ChannelWeekResponse>('GET', `/channels?week=${encodeURIComponent(day)}`);

export async function broadcastsPage(ctx: RouteContext): Promise<HTMLElement> {
  const root = h('section', { class: 'page' });
  const banner = new Banner();
  const [first, sections] = await Promise.all([weekOf(toWall(Date.now()).slice(0, 10)), getSections()]);
  const channels: ChannelView[] = first.channels;
  const ownStreet = session.user?.streetId ?? null;
  let channelId = ctx.query.get('channel') ?? channels.find((c) => c.streetId === ownStreet)?.id ?? channels[0]?.id ?? 'district';
  if (!channels.some((c) => c.id === channelId)) channelId = channels[0]?.id ?? 'district';
  const byId = new Map<string, BroadcastView>();
  let scrolledFor = '';

  const channelSelect = h('select', { 'data-testid': 'channel' }, channels.map((c) => h('option', { value: c.id }, c.name)));
  channelSelect.value = channelId;
  const filler = h(
    'select',
    { 'data-testid': 'filler' },
    h('option', { value: '' }, '所有已上线的视频'),
    sections.map((s) => h('option', { value: s.id }, s.title)),
  );
  const showFiller = () => (filler.value = channels.find((c) => c.id === channelId)?.fillerSectionId ?? '');
  showFiller();
  filler.addEventListener('change', async () => {
    banner.clear();
    try {
      const { channel } = await api<{ channel: ChannelView }>('PUT', `/channels/${encodeURIComponent(channelId)}/filler`, { sectionId: filler.value || null });
      channels.splice(channels.findIndex((c) => c.id === channel.id), 1, channel);
      banner.ok(`没有节目的时候，${channel.name}轮播：${channel.fillerSectionTitle ?? '所有已上线的视频'}。`);
    } catch (err) {
      showFiller();
      banner.error(err instanceof ApiError ? err.message : String(err));
    }
  });

  const calendarEl = h('div', { class: 'week-calendar', 'data-testid': 'week' });
  const calendar = new Calendar(calendarEl, {
    plugins: [timeGridPlugin, interactionPlugin],
    locale: zhCn,
    // Shanghai wall time given as UTC (broadcasts/wall-time.ts).
    timeZone: 'UTC',
    now: () => toWall(Date.now()),
    initialView: 'timeGridWeek',
    firstDay: 1,
    allDaySlot: false,
    nowIndicator: true,
    slotDuration: '00:30:00',
    snapDuration: '00:05:00',
    slotLabelFormat: { hour: '2-digit', minute: '2-digit', hour12: false },
    eventTimeFormat: { hour: '2-digit', minute: '2-digit', hour12: false },
    scrollTime: '07:00:00',
    height: 760,
    expandRows: true,
    headerToolbar: { left: 'prev,today,next', center: 'title', right: '' },
    buttonText: { today: '本周' },
    selectable: true,
    selectMirror: true,
    editable: true,
    // The server decides overlaps (it sees future repeats too) and says which broadcast is in the way.
    eventOverlap: true,
    events: (info, success, failure) => {
      weekOf(info.startStr.slice(0, 10))
        .then((week) => {
          const channel = week.channels.find((c) => c.id === channelId);
          for (const b of channel?.broadcasts ?? []) byId.set(b.id, b);
          // Show the week's earliest broadcast without scrolling (an evening meeting is far below 07:00).
          const earliest = Math.min(...(channel?.occurrences ?? []).map((o) => Number(toWall(o.startsAt).slice(11, 13))));
          const scrollKey = `${channelId}@${info.startStr}`;
          if (Number.isFinite(earliest) && scrolledFor !== scrollKey) {
            scrolledFor = scrollKey;
            requestAnimationFrame(() => calendar.scrollToTime(`${String(Math.max(0, earliest - 1)).padStart(2, '0')}:00:00`));
          }
          success(
            (channel?.occurrences ?? []).map((o): EventInput => {
              const b = byId.get(o.broadcastId);
              const repeating = b !== undefined && b.repeat.kind !== 'once';
              return {
                id: `${o.broadcastId}@${o.startsAt}`,
                groupId: o.broadcastId,
                title: o.title,
                start: toWall(o.startsAt),
                end: toWall(o.endsAt),
                // A rule-based repeat's dates come from its rule: change them in its form.
                editable: b?.repeat.kind !== 'rrule',
                classNames: [b?.source === 'relay' ? 'ev-relay' : 'ev-videos', repeating ? 'ev-repeat' : ''],
                extendedProps: { broadcastId: o.broadcastId },
              };
            }),
          );
        })
        .catch((err: unknown) => {
          banner.error(err instanceof ApiError ? err.message : String(err));
          failure(err instanceof Error ? err : new Error(String(err)));
        });
    },
    eventContent: (arg) => {
      const b = byId.get(String(arg.event.extendedProps.broadcastId));
      const tags = [b?.source === 'relay' ? '转播' : '', b ? REPEAT_WORDS[b.repeat.kind] : '', b && b.takeover !== 'none' ? (b.takeover === 'prompt' ? '提示观看' : '自动切换') : '']
        .filter(Boolean)
        .join(' · ');
      return { domNodes: [h('div', { class: 'ev-time' }, arg.timeText), h('div', { class: 'ev-title' }, arg.event.title), tags ? h('div', { class: 'ev-tags' }, tags) : null].filter((n): n is HTMLDivElement => n !== null) };
    },
    select: async (info) => {
      calendar.unselect();
      banner.clear();
      const saved = await broadcastDialog({ channelId, start: fromWall(info.start), end: fromWall(info.end) });
      if (saved && saved !== 'deleted') banner.ok(`已安排「${saved.title}」。`);
      calendar.refetchEvents();
    },
    eventClick: async (info) => {
      banner.clear();
      const b = byId.get(String(info.event.extendedProps.broadcastId));
      if (!b) return;
      const saved = await broadcastDialog({ channelId, existing: b });
      if (saved === 'deleted') banner.ok(`已删除「${b.title}」。`);
      else if (saved) banner.ok(`已保存「${saved.title}」。`);
      calendar.refetchEvents();
    },
    eventDrop: (info) => void move(info.event.extendedProps.broadcastId as string, info.event.start!.getTime() - info.oldEvent.start!.getTime(), 'start', info.revert),
    eventResize: (info) => void move(info.event.extendedProps.broadcastId as string, info.event.end!.getTime() - info.oldEvent.end!.getTime(), 'end', info.revert),
  });

  /** Moves a broadcast's start (and end with it) or only its end by `deltaMs`; a repeating one moves as a whole. */
  async function move(id: string, deltaMs: number, what: 'start' | 'end', revert: () => void): Promise<void> {
    banner.clear();
    const b = byId.get(id);
    if (!b) return revert();
    const shift = (iso: string) => new Date(Date.parse(iso) + deltaMs).toISOString();
    if (b.repeat.kind !== 'once' && !window.confirm(`「${b.title}」是重复播出的节目，以后的每一次都会一起${what === 'start' ? '移动' : '改变结束时间'}。确定吗？`)) {
      return revert();
    }
    const change: Record<string, unknown> = what === 'start' ? { startsAt: shift(b.startsAt), endsAt: shift(b.endsAt) } : { endsAt: shift(b.endsAt) };
    if (what === 'start' && b.repeat.kind === 'weekly') {
      change.repeat = { ...b.repeat, days: shiftWeekdays(b.repeat.days, Math.round(deltaMs / DAY_MS)) };
    }
    try {
      const { broadcast } = await api<{ broadcast: BroadcastView }>('PATCH', `/broadcasts/${encodeURIComponent(id)}`, change);
      byId.set(id, broadcast);
      banner.ok(`「${broadcast.title}」已改到 ${toWall(broadcast.startsAt).slice(5, 16).replace('T', ' ')}–${toWall(broadcast.endsAt).slice(11, 16)}。`);
    } catch (err) {
      revert();
      banner.error(`没有移动：${err instanceof ApiError ? err.message : String(err)}`);
    }
    calendar.refetchEvents();
  }

  channelSelect.addEventListener('change', () => {
    channelId = channelSelect.value;
    showFiller();
    banner.clear();
    history.replaceState(null, '', `#/broadcasts?channel=${encodeURIComponent(channelId)}`);
    calendar.refetchEvents();
  });

  replace(
    root,
    h('div', { class: 'page-head' }, h('h1', null, '直播排期')),
    h('p', { class: 'lead' }, '在日历上拖出一段时间就能安排节目；拖动节目可以改时间，拖它的下边缘可以改结束时间，点一下可以修改或删除。时间都是北京时间。'),
    h(
      'div',
      { class: 'card toolbar-card' },
      h('div', { class: 'two-col' }, field('频道', channelSelect), field('没有节目的时候轮播', filler, '频道永远不黑屏：空闲时段循环播放这个栏目的视频。')),
      h(
        'p',
        { class: 'legend' },
        h('span', { class: 'legend-chip ev-videos' }, '播放视频'),
        h('span', { class: 'legend-chip ev-relay' }, '转播会议直播'),
        h('span', { class: 'legend-chip ev-repeat' }, '重复播出'),
        h('span', { class: 'meta' }, ` 开始时：${Object.values(TAKEOVER_LABELS).map((t) => t.split('：')[0]).join(' / ')}`),
      ),
    ),
    banner.el,
    calendarEl,
  );
  // FullCalendar measures its box: render once the page is in the document.
  requestAnimationFrame(() => calendar.render());
  ctx.onLeave(() => calendar.destroy());
  return root;
}
