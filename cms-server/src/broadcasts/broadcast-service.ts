// The rules of broadcasts: who schedules what on which channel, and when. Operators and admins schedule; a street
// account only its street's channel (another street's channel or broadcast is "not found", as everywhere: scope.ts).
// A broadcast plays ready, published video items (the TVs may show nothing else) or relays an http(s) stream; its
// occurrences are expanded when it is saved (recurrence.ts) and may not overlap another broadcast's on the channel,
// in the future or the past. Every change is audited in its own transaction.
import crypto from 'node:crypto';
import type { BroadcastView, ChannelView, ChannelWeekResponse } from '../admin/contract.ts';
import { AuditLog, type AuditAction } from '../audit/audit-log.ts';
import { BROADCAST_MAX_HOURS, CHANNEL_WEEK_DAYS } from '../constants.ts';
import { inTransaction, type Db } from '../db/database.ts';
import { AppError, notFound } from '../domain/errors.ts';
import { EventRepository } from '../events/event-repository.ts';
import type { Actor, Role } from '../domain/scope.ts';
import { hourMinute, isoDateOf, monthDay, shanghaiDate, shanghaiIso, shanghaiTime } from '../domain/time.ts';
import {
  BroadcastRepository,
  type BroadcastRow,
  type BroadcastWrite,
  type ChannelRow,
} from './broadcast-repository.ts';
import { invalidateChannel } from './live-service.ts';
import { occurrencesOf, weeklyRule, type Repeat } from './recurrence.ts';
import { checkRelayUrl, type CreateBroadcastInput, type PatchBroadcastInput } from './validation.ts';

/** Who schedules broadcasts and sets a channel's filler. */
export const BROADCAST_ROLES: readonly Role[] = ['admin', 'operator'];

const DAY_MS = 86_400_000;
const DISTRICT_CHANNEL_NAME = '全区频道';

export const channelName = (c: Pick<ChannelRow, 'street_id' | 'street_name'>): string =>
  c.street_id === null ? DISTRICT_CHANNEL_NAME : `${c.street_name ?? c.street_id}频道`;

/** "11月25日 19:30–20:30" (the year too when it is not this year's). */
function slotText(startMs: number, endMs: number, nowMs: number): string {
  const s = shanghaiTime(startMs)!;
  const e = shanghaiTime(endMs)!;
  const sameDay = isoDateOf(s) === isoDateOf(e);
  const now = shanghaiTime(nowMs)!;
  return `${monthDay(s, now)} ${hourMinute(s)}–${sameDay ? '' : `${monthDay(e, now)} `}${hourMinute(e)}`;
}

function repeatOf(row: BroadcastRow): Repeat {
  if (row.repeat_kind === 'once') return { kind: 'once' };
  if (row.repeat_kind === 'weekly') {
    const { days, until } = JSON.parse(row.repeat_days ?? '{}') as { days: number[]; until: string };
    return { kind: 'weekly', days, until };
  }
  return { kind: 'rrule', rule: row.repeat_rule ?? '' };
}

export class BroadcastService {
  private readonly repo: BroadcastRepository;
  private readonly audit: AuditLog;
  private readonly events: EventRepository;

  constructor(
    private readonly db: Db,
    private readonly opts: { relayAllowPrivate: boolean },
    private readonly clock: () => Date = () => new Date(),
  ) {
    this.repo = new BroadcastRepository(db);
    this.audit = new AuditLog(db, clock);
    this.events = new EventRepository(db);
  }

  /** The channels the actor schedules, each with its occurrences in the week of `week` (Monday 00:00 Shanghai). */
  week(actor: Actor, q: { week?: string; days: number }): ChannelWeekResponse {
    const day = q.week ? shanghaiDate(q.week) : shanghaiTime(this.clock())!;
    // Back to Monday: whole days from a Shanghai midnight (Shanghai keeps no summer time).
    const fromMs = Date.parse(shanghaiIso(isoDateOf(day))) - ((day.weekday + 6) % 7) * DAY_MS;
    const toMs = fromMs + Math.min(q.days, CHANNEL_WEEK_DAYS) * DAY_MS;
    const from = new Date(fromMs).toISOString();
    const to = new Date(toMs).toISOString();
    const channels = actor.streetId === null ? this.repo.channels() : this.repo.channels(actor.streetId);
    return {
      from,
      to,
      channels: channels.map((c) => ({
        ...this.channelView(c),
        broadcasts: this.repo.broadcastsBetween(c.id, from, to).map((b) => this.view(b)),
        occurrences: this.repo.occurrences(c.id, from, to).map((o) => ({ broadcastId: o.broadcast_id, title: o.title, startsAt: o.starts_at, endsAt: o.ends_at })),
      })),
    };
  }

  get(actor: Actor, id: string): BroadcastView {
    return this.view(this.load(actor, id).row);
  }

  create(actor: Actor, input: CreateBroadcastInput): BroadcastView {
    const channel = this.channelFor(actor, input.channelId);
    const id = crypto.randomUUID();
    return this.save(actor, channel, id, 'broadcast_created', {
      title: input.title,
      items: input.items ?? null,
      relayUrl: input.relayUrl ?? null,
      startsAt: input.startsAt,
      endsAt: input.endsAt ?? null,
      repeat: input.repeat,
      takeover: input.takeover,
      announceMinutes: input.announceMinutes,
    });
  }

  update(actor: Actor, id: string, input: PatchBroadcastInput): BroadcastView {
    const { row, channel } = this.load(actor, id);
    const itemsOrRelay = input.items !== undefined || input.relayUrl !== undefined;
    return this.save(actor, channel, id, 'broadcast_updated', {
      title: input.title ?? row.title,
      items: itemsOrRelay ? (input.items ?? null) : row.source === 'items' ? this.repo.itemIds(id) : null,
      relayUrl: itemsOrRelay ? (input.relayUrl ?? null) : row.relay_url,
      startsAt: input.startsAt ?? row.starts_at,
      // A new start without a new end keeps the length.
      endsAt:
        input.endsAt !== undefined
          ? input.endsAt
          : input.startsAt !== undefined
            ? new Date(Date.parse(input.startsAt) + Date.parse(row.ends_at) - Date.parse(row.starts_at)).toISOString()
            : row.ends_at,
      repeat: input.repeat ?? repeatOf(row),
      takeover: input.takeover ?? row.takeover,
      announceMinutes: input.announceMinutes ?? row.announce_min,
    }, true);
  }

  delete(actor: Actor, id: string): void {
    const { row, channel } = this.load(actor, id);
    inTransaction(this.db, () => {
      this.repo.delete(id);
      this.record(actor, 'broadcast_deleted', id, channel, { title: row.title, startsAt: row.starts_at });
    });
    invalidateChannel(this.db, channel.id);
  }

  setFiller(actor: Actor, channelId: string, sectionId: string | null): ChannelView {
    const channel = this.channelFor(actor, channelId);
    if (sectionId !== null && !this.repo.sectionExists(sectionId)) throw new AppError(400, 'invalid_section', '没有这个栏目。');
    inTransaction(this.db, () => {
      this.repo.setFiller(channel.id, sectionId);
      this.record(actor, 'channel_filler_set', channel.id, channel, { sectionId }, 'channel');
    });
    invalidateChannel(this.db, channel.id);
    return this.channelView(this.repo.channel(channel.id)!);
  }

  private save(
    actor: Actor,
    channel: ChannelRow,
    id: string,
    action: AuditAction,
    b: {
      title: string;
      items: string[] | null;
      relayUrl: string | null;
      startsAt: string;
      endsAt: string | null;
      repeat: Repeat;
      takeover: BroadcastWrite['takeover'];
      announceMinutes: number;
    },
    existing = false,
  ): BroadcastView {
    if ((b.items === null) === (b.relayUrl === null)) {
      throw new AppError(400, 'invalid_body', '节目要么播放视频（items），要么转播直播地址（relayUrl），两者选一个。');
    }
    const relayUrl = b.relayUrl === null ? null : checkRelayUrl(b.relayUrl, this.opts.relayAllowPrivate);
    const startMs = Date.parse(b.startsAt);
    let endMs = b.endsAt === null ? Number.NaN : Date.parse(b.endsAt);
    if (b.items !== null) {
      const total = this.checkItems(channel, b.items);
      if (b.endsAt === null) endMs = startMs + Math.ceil(total) * 1000;
    } else if (b.endsAt === null) {
      throw new AppError(400, 'invalid_time', '转播节目需要填写结束时间。');
    }
    if (!(endMs > startMs)) throw new AppError(400, 'broadcast_order', '结束时间必须晚于开始时间。');
    if (endMs - startMs > BROADCAST_MAX_HOURS * 3600_000) {
      throw new AppError(400, 'broadcast_too_long', `一个节目最长 ${BROADCAST_MAX_HOURS} 小时。`);
    }
    const occurrences = occurrencesOf(startMs, endMs, b.repeat);
    const write: BroadcastWrite = {
      id,
      channelId: channel.id,
      title: b.title,
      source: relayUrl === null ? 'items' : 'relay',
      relayUrl,
      startsAt: new Date(startMs).toISOString(),
      endsAt: new Date(endMs).toISOString(),
      repeatKind: b.repeat.kind,
      repeatRule: b.repeat.kind === 'once' ? null : b.repeat.kind === 'weekly' ? weeklyRule(b.repeat.days, b.repeat.until) : b.repeat.rule,
      repeatDays: b.repeat.kind === 'weekly' ? JSON.stringify({ days: [...new Set(b.repeat.days)].sort(), until: b.repeat.until }) : null,
      takeover: b.takeover,
      announceMin: b.announceMinutes,
    };
    const now = this.clock().toISOString();
    inTransaction(this.db, () => {
      this.checkOverlaps(channel.id, id, occurrences);
      if (existing) this.repo.update(write, actor.userId, now);
      else this.repo.insert(write, actor.userId, now);
      this.repo.replaceParts(
        id,
        channel.id,
        b.items ?? [],
        occurrences.map((o) => ({ startsAt: new Date(o.startMs).toISOString(), endsAt: new Date(o.endMs).toISOString() })),
      );
      this.record(actor, action, id, channel, {
        title: b.title,
        startsAt: write.startsAt,
        endsAt: write.endsAt,
        repeat: write.repeatRule,
        occurrences: occurrences.length,
        ...(relayUrl ? { relayUrl } : { items: b.items }),
      });
    });
    invalidateChannel(this.db, channel.id);
    return this.view(this.repo.get(id)!);
  }

  /** The items of a broadcast: each a ready, published video the channel's boxes may see. Their total seconds. */
  private checkItems(channel: ChannelRow, ids: string[]): number {
    const found = new Map(this.repo.videoItems(ids).map((r) => [r.id, r]));
    let total = 0;
    for (const id of ids) {
      const r = found.get(id);
      const visible = r && (r.street_id === null || r.street_id === channel.street_id);
      if (!r || !visible) throw new AppError(400, 'broadcast_item_not_ready', `找不到视频内容“${id}”，它可能已被删除。`);
      if (r.kind !== 'video') throw new AppError(400, 'broadcast_item_not_ready', `「${r.title}」不是视频，不能排进直播。`);
      if (r.status !== 'published' || r.asset_status !== 'ready') {
        throw new AppError(400, 'broadcast_item_not_ready', `「${r.title}」还没有上线或视频还没处理好，只有已上线的视频才能排进直播。`);
      }
      total += r.duration_sec ?? 0;
    }
    return total;
  }

  /** Refuses an occurrence that overlaps another broadcast's on the channel, or another of its own. */
  private checkOverlaps(channelId: string, id: string, occurrences: { startMs: number; endMs: number }[]): void {
    const now = this.clock().getTime();
    for (let i = 1; i < occurrences.length; i++) {
      if (occurrences[i]!.startMs < occurrences[i - 1]!.endMs) {
        throw new AppError(409, 'broadcast_overlap', `这个节目的两次播出时间重叠了（${slotText(occurrences[i]!.startMs, occurrences[i - 1]!.endMs, now)}），请缩短节目或拉开重复间隔。`);
      }
    }
    const first = occurrences[0]!;
    const last = occurrences[occurrences.length - 1]!;
    const others = this.repo.occurrences(channelId, new Date(first.startMs).toISOString(), new Date(last.endMs).toISOString(), id);
    // Both lists are in order: one sweep finds the first overlap.
    let j = 0;
    for (const o of occurrences) {
      while (j < others.length && Date.parse(others[j]!.ends_at) <= o.startMs) j++;
      const other = others[j];
      if (other && Date.parse(other.starts_at) < o.endMs) {
        throw new AppError(
          409,
          'broadcast_overlap',
          `和「${other.title}」（${slotText(Date.parse(other.starts_at), Date.parse(other.ends_at), now)}）的时间重叠了，同一个频道同一时间只能播一个节目。`,
        );
      }
    }
  }

  private channelFor(actor: Actor, channelId: string): ChannelRow {
    const c = this.repo.channel(channelId);
    if (!c || (actor.streetId !== null && c.street_id !== actor.streetId)) throw notFound('频道');
    return c;
  }

  private load(actor: Actor, id: string): { row: BroadcastRow; channel: ChannelRow } {
    const row = this.repo.get(id);
    const channel = row && this.repo.channel(row.channel_id);
    if (!row || !channel || (actor.streetId !== null && channel.street_id !== actor.streetId)) throw notFound('节目');
    return { row, channel };
  }

  private record(actor: Actor, action: AuditAction, targetId: string, channel: ChannelRow, detail: Record<string, unknown>, targetType: 'broadcast' | 'channel' = 'broadcast') {
    this.audit.record({ actor, action, targetType, targetId, streetId: channel.street_id, detail: { channelId: channel.id, ...detail } });
    // In the same transaction: the boxes hear of the change only if it is stored (docs/broadcasts.md, "On the TV").
    this.events.scheduleChanged(channel, this.clock());
  }

  private channelView(c: ChannelRow): ChannelView {
    return { id: c.id, name: channelName(c), streetId: c.street_id, fillerSectionId: c.filler_section_id, fillerSectionTitle: c.filler_section_title };
  }

  private view(r: BroadcastRow): BroadcastView {
    return {
      id: r.id,
      channelId: r.channel_id,
      title: r.title,
      source: r.source,
      items: r.source === 'items' ? this.repo.itemIds(r.id) : null,
      relayUrl: r.relay_url,
      startsAt: r.starts_at,
      endsAt: r.ends_at,
      repeat: repeatOf(r),
      repeatRule: r.repeat_rule,
      takeover: r.takeover,
      announceMinutes: r.announce_min,
      createdAt: r.created_at,
      updatedAt: r.updated_at,
    };
  }
}
