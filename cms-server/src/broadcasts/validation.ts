// What the broadcasts API accepts, checked with zod before the service (http/validate.ts turns the first problem into
// a 400 naming the field, in Chinese). Times are ISO 8601 with an offset, as the items API takes them; free text
// obeys the shared text rules (domain/text.ts).
import { isIP, BlockList } from 'node:net';
import { z } from 'zod';
import {
  BROADCAST_ANNOUNCE_MAX_MIN,
  BROADCAST_MAX_ITEMS,
  BROADCAST_TITLE_MAX_CHARS,
  CHANNEL_WEEK_DAYS,
  RELAY_URL_MAX_CHARS,
} from '../constants.ts';
import { AppError, type ErrorCode } from '../domain/errors.ts';
import { ID_FORM, ID_PATTERN } from '../domain/ids.ts';
import { safeText } from '../domain/text.ts';
import { TAKEOVERS } from './broadcast-repository.ts';

/** 'district', or 'street-<street id>'. */
export const CHANNEL_ID_PATTERN = new RegExp(`^(?:district|street-${ID_FORM})$`);
export const channelIdSchema = z.string().regex(CHANNEL_ID_PATTERN);

const isoTime = z.union([z.iso.datetime({ offset: true }), z.iso.datetime({ offset: true, precision: -1 })]);
const time = (label: string) =>
  z
    .string({ error: `${label}的格式不对，请用“2026-11-24T19:30:00+08:00”这样带时区的时间。` })
    .check((ctx) => {
      if (!isoTime.safeParse(ctx.value).success) {
        ctx.issues.push({ code: 'custom', message: `${label}的格式不对，请用“2026-11-24T19:30:00+08:00”这样带时区的时间。`, input: ctx.value });
      }
    })
    .transform((s) => new Date(s).toISOString());

const repeatSchema = z.discriminatedUnion(
  'kind',
  [
    z.object({ kind: z.literal('once') }).strict(),
    z
      .object({
        kind: z.literal('weekly'),
        days: z.array(z.number().int().min(1).max(7), { error: '请选择每周哪几天播出（1 是星期一，7 是星期日）。' }).min(1).max(7),
        until: z.iso.date({ error: '每周重复的结束日期格式不对，请用“2026-12-31”。' }),
      })
      .strict(),
    z.object({ kind: z.literal('rrule'), rule: z.string({ error: '请填写重复规则（RRULE）。' }).min(1).max(500) }).strict(),
  ],
  { error: '重复方式只能是“一次”“每周”或 RRULE。' },
);

const fields = {
  title: safeText('节目名称', { max: BROADCAST_TITLE_MAX_CHARS }),
  /** The video items played in order, or… */
  items: z
    .array(z.string().regex(ID_PATTERN, { error: '视频内容编号的格式不对。' }), { error: '节目的视频必须是一个内容编号的列表。' })
    .min(1, { error: '请至少选择一个视频。' })
    .max(BROADCAST_MAX_ITEMS, { error: `一个节目最多 ${BROADCAST_MAX_ITEMS} 个视频。` }),
  /** …an external live HLS stream relayed for the slot. */
  relayUrl: z.string({ error: '转播地址必须是文字。' }).max(RELAY_URL_MAX_CHARS, { error: '转播地址太长了。' }),
  startsAt: time('开始时间'),
  /** Optional for a list of videos (their total length). */
  endsAt: time('结束时间'),
  repeat: repeatSchema,
  takeover: z.enum(TAKEOVERS, { error: '切换方式只能是 none（不切换）、prompt（提示）或 switch（自动切换）。' }),
  announceMinutes: z
    .number({ error: '提前通知的分钟数必须是数字。' })
    .int({ error: '提前通知的分钟数必须是整数。' })
    .min(0, { error: '提前通知的分钟数不能小于 0。' })
    .max(BROADCAST_ANNOUNCE_MAX_MIN, { error: `最多提前 ${BROADCAST_ANNOUNCE_MAX_MIN} 分钟通知。` }),
};

export const createBroadcastSchema = z
  .object({
    channelId: z.string({ error: '请选择频道。' }).regex(CHANNEL_ID_PATTERN, { error: '频道编号的格式不对。' }),
    ...fields,
    items: fields.items.optional(),
    relayUrl: fields.relayUrl.optional(),
    endsAt: fields.endsAt.optional(),
    repeat: fields.repeat.default({ kind: 'once' }),
    takeover: fields.takeover.default('none'),
    announceMinutes: fields.announceMinutes.default(0),
  })
  .strict();
export type CreateBroadcastInput = z.infer<typeof createBroadcastSchema>;

/** An edit: any field; the channel of a broadcast does not change (delete and create it on the other channel). */
export const patchBroadcastSchema = z
  .object({
    title: fields.title,
    items: fields.items.nullable(),
    relayUrl: fields.relayUrl.nullable(),
    startsAt: fields.startsAt,
    endsAt: fields.endsAt.nullable(),
    repeat: fields.repeat,
    takeover: fields.takeover,
    announceMinutes: fields.announceMinutes,
  })
  .partial()
  .strict();
export type PatchBroadcastInput = z.infer<typeof patchBroadcastSchema>;

export const fillerSchema = z
  .object({ sectionId: z.string({ error: '请选择轮播的栏目。' }).regex(ID_PATTERN, { error: '栏目编号的格式不对。' }).nullable() })
  .strict();

export const weekQuerySchema = z.object({
  /** Any day of the week wanted (Shanghai date); the week starts on its Monday. Default: this week. */
  week: z.iso.date().optional(),
  days: z.coerce.number().int().min(1).max(CHANNEL_WEEK_DAYS).default(CHANNEL_WEEK_DAYS),
});

const FIELD_CODES: Record<string, ErrorCode> = {
  channelId: 'invalid_channel',
  title: 'invalid_title',
  items: 'invalid_body',
  relayUrl: 'invalid_relay_url',
  startsAt: 'invalid_time',
  endsAt: 'invalid_time',
  repeat: 'invalid_repeat',
  takeover: 'invalid_takeover',
  announceMinutes: 'invalid_body',
};

/** The refusal of a broadcast body: the field's own code, zod's (Chinese) or our words, naming the field. */
export function broadcastRefusal(issue: z.core.$ZodIssue): AppError {
  const top = String(issue.path[0] ?? '');
  if (issue.code === 'unrecognized_keys') return new AppError(400, 'invalid_body', `不认识的字段：${issue.keys.join('、')}。`);
  return new AppError(400, FIELD_CODES[top] ?? 'invalid_body', issue.message);
}

// Addresses a relay may not reach unless RELAY_ALLOW_PRIVATE is set: this host, private networks, link-local (cloud
// metadata at 169.254.169.254), carrier-grade NAT, multicast and unspecified — the server fetching them would let an
// operator probe the inside of the network (server-side request forgery).
const PRIVATE = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12],
  ['192.168.0.0', 16], ['224.0.0.0', 4], ['240.0.0.0', 4],
] as const) PRIVATE.addSubnet(net, prefix, 'ipv4');
for (const [net, prefix] of [['::', 128], ['::1', 128], ['fc00::', 7], ['fe80::', 10], ['ff00::', 8], ['::ffff:0:0', 96]] as const) {
  PRIVATE.addSubnet(net, prefix, 'ipv6');
}

/** Whether an address (an IP literal) is this host, a private network or otherwise not a public upstream. */
export function isPrivateAddress(address: string): boolean {
  const family = isIP(address);
  return family === 0 || PRIVATE.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

/**
 * A relay URL's form and address: http(s) only, no credentials, and — unless `allowPrivate` — not a loopback or private
 * address (an IP literal, or localhost). A name that resolves to a private address is checked again by the relay when
 * it connects, since DNS answers change.
 */
export function checkRelayUrl(raw: string, allowPrivate: boolean): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new AppError(400, 'invalid_relay_url', '转播地址不是一个网址，请填写“https://…/live.m3u8”这样的 HLS 地址。');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new AppError(400, 'invalid_relay_url', '转播地址只能是 http 或 https 开头的 HLS 地址。');
  }
  if (url.username || url.password) throw new AppError(400, 'invalid_relay_url', '转播地址里不能带用户名或密码。');
  if (!allowPrivate) {
    const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
    const family = isIP(host);
    const local = host === 'localhost' || host.endsWith('.localhost') || (family !== 0 && PRIVATE.check(host, family === 4 ? 'ipv4' : 'ipv6'));
    if (local) throw new AppError(400, 'relay_address_refused', '转播地址指向本机或内部网络，服务器不能从这里转播。');
  }
  return url.href;
}
