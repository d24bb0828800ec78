// What the items API accepts, checked with zod before anything reaches the service. Every refusal is one
// AppError 400 with a stable code naming the field (invalid_title, invalid_time, …) and a Chinese message an
// office worker understands. The kind-specific shapes (guide, recruitment) are the seed content's own
// (seed/content-schema.ts), so what an editor writes and what a fresh install ships obey the same rules.
import { z } from 'zod';
import {
  ITEM_BODY_MAX_CHARS,
  ITEM_LIST_DEFAULT_LIMIT,
  ITEM_LIST_MAX_LIMIT,
  ITEM_SUMMARY_MAX_CHARS,
  ITEM_TITLE_MAX_CHARS,
  PUBLISH_WINDOW_MAX_DAYS,
  REVIEW_REASON_MAX_CHARS,
} from '../constants.ts';
import { ITEM_STATUSES } from '../content/item-repository.ts';
import { AppError } from '../http/errors.ts';
import { guideSchema, ITEM_KINDS, recruitmentSchema, SECTION_IDS, type ItemKind } from '../seed/content-schema.ts';

// zod's own messages (nested guide/recruitment fields) in Chinese too.
z.config(z.locales.zhCN());

/** Item, asset and street ids: lower-case letters, digits and dashes (server-made ids are UUIDs). */
export const ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,62}$/;

/** The stored statuses and "failed", derived for a video whose packaging failed: what the list filters on. */
export const ITEM_STATES = [...ITEM_STATUSES, 'failed'] as const;
export type ItemState = (typeof ITEM_STATES)[number];

/** The path id of /api/admin/items/:id; `..%2f` and other tricks arrive decoded here and fail the pattern. */
export function parseItemId(raw: unknown): string {
  if (typeof raw !== 'string' || !ID_PATTERN.test(raw)) throw new AppError(400, 'invalid_id', '内容编号的格式不对。');
  return raw;
}

const text = (label: string, max: number) =>
  z
    .string({ error: `请填写${label}。` })
    .trim()
    .min(1, { error: `请填写${label}。` })
    .max(max, { error: `${label}最多 ${max} 个字。` });

// ISO 8601 with an offset (the admin sends +08:00); seconds optional, since a browser's datetime-local field
// gives minutes. The calendar check refuses 2 月 30 日, which Date would silently roll over into March.
const TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;
function isRealTime(s: string): boolean {
  const m = TIME.exec(s);
  if (!m) return false;
  const [y, mo, d, h, mi, sec] = m.slice(1, 7).map((v) => Number(v ?? 0)) as number[];
  const day = new Date(Date.UTC(y!, mo! - 1, d!));
  return day.getUTCMonth() === mo! - 1 && day.getUTCDate() === d && h! < 24 && mi! < 60 && sec! < 60;
}
const TIME_MESSAGE = '时间格式不对，请用“2026-11-24T08:00:00+08:00”这样带时区的时间。';
/** A time of the window: ISO text with an offset, stored as UTC ISO; null clears it. */
const time = z
  .string({ error: TIME_MESSAGE })
  .refine(isRealTime, { error: TIME_MESSAGE })
  .transform((s) => new Date(s).toISOString())
  .nullable();

// A deadline such as 2026-02-30 passes the seed's YYYY-MM-DD pattern; an editor's must be a real day.
const recruitment = recruitmentSchema.refine((r) => isRealTime(`${r.deadline}T00:00:00Z`), {
  error: '截止日期不是一个真实的日期。',
  path: ['deadline'],
});

/** The fields an editor writes, shared by create and edit. */
const itemFields = z.object({
  sectionId: z.enum(SECTION_IDS, { error: '请选择一个栏目。' }),
  title: text('标题', ITEM_TITLE_MAX_CHARS),
  /** Optional: made from the body's first sentences when left out. */
  summary: z
    .string({ error: '摘要必须是文字。' })
    .trim()
    .max(ITEM_SUMMARY_MAX_CHARS, { error: `摘要最多 ${ITEM_SUMMARY_MAX_CHARS} 个字。` }),
  /** Paragraphs separated by a blank line; may be empty for a video only (checked with the kind). */
  body: z
    .string({ error: '正文必须是文字。' })
    .trim()
    .max(ITEM_BODY_MAX_CHARS, { error: `正文最多 ${ITEM_BODY_MAX_CHARS} 个字。` }),
  urgent: z.boolean({ error: '“紧急”只能是或否。' }),
  assetId: z.string({ error: '请选择一个视频。' }).regex(ID_PATTERN, { error: '视频编号的格式不对。' }),
  guide: guideSchema,
  recruitment,
  publishAt: time,
  unpublishAt: time,
});
const optionalFields = itemFields.partial().shape;
const kind = z.enum(ITEM_KINDS, { error: '内容类型只能是视频、文章、通知、办事指南或招聘信息。' });

// The order of the keys is the order in which fields are checked: the first problem names the error code.
export const createItemSchema = z.object({
  kind,
  /** Admins and district editors choose the street (null = district-wide); a street editor's is its own. */
  streetId: z.string({ error: '街道编号必须是文字。' }).regex(ID_PATTERN, { error: '街道编号的格式不对。' }).nullable().optional(),
  ...optionalFields,
  // A new item needs at least its section and title (these replace the optional ones in place).
  sectionId: itemFields.shape.sectionId,
  title: itemFields.shape.title,
});
export type CreateItemInput = z.infer<typeof createItemSchema>;

/** An edit: any of the editor's fields; the kind and the street of an item never change. */
export const patchItemSchema = z.object({ kind: kind.optional(), ...optionalFields });
export type PatchItemInput = z.infer<typeof patchItemSchema>;

export const windowSchema = z.object({ publishAt: time.optional(), unpublishAt: time.optional() });
export type WindowInput = z.infer<typeof windowSchema>;

export const rejectSchema = z.object({
  reason: z
    .string({ error: '请写明退回的原因，编辑才知道要改什么。' })
    .trim()
    .min(1, { error: '请写明退回的原因，编辑才知道要改什么。' })
    .max(REVIEW_REASON_MAX_CHARS, { error: `退回原因最多 ${REVIEW_REASON_MAX_CHARS} 个字。` }),
});

export const listQuerySchema = z.object({
  section: z.enum(SECTION_IDS).optional(),
  state: z.enum(ITEM_STATES).optional(),
  kind: z.enum(ITEM_KINDS).optional(),
  street: z.string().regex(ID_PATTERN).optional(),
  limit: z.coerce.number().int().min(1).max(ITEM_LIST_MAX_LIMIT).default(ITEM_LIST_DEFAULT_LIMIT),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});
export type ListQuery = z.infer<typeof listQuerySchema>;

/** The code and the Chinese name of each field, for the error of its first problem. */
const FIELD: Record<string, { code: string; label: string }> = {
  kind: { code: 'invalid_kind', label: '内容类型' },
  streetId: { code: 'invalid_street', label: '街道' },
  sectionId: { code: 'invalid_section', label: '栏目' },
  title: { code: 'invalid_title', label: '标题' },
  summary: { code: 'invalid_summary', label: '摘要' },
  body: { code: 'invalid_text', label: '正文' },
  urgent: { code: 'invalid_urgent', label: '紧急' },
  assetId: { code: 'invalid_asset', label: '视频' },
  guide: { code: 'invalid_guide', label: '办事指南' },
  recruitment: { code: 'invalid_recruitment', label: '招聘信息' },
  publishAt: { code: 'invalid_time', label: '上线时间' },
  unpublishAt: { code: 'invalid_time', label: '下线时间' },
  reason: { code: 'reason_required', label: '退回原因' },
};

const NESTED: Record<string, string> = {
  department: '部门', duties: '职责', steps: '办理步骤', materials: '所需材料', hours: '办公时间', phone: '电话',
  address: '地址', employer: '招聘单位', positions: '岗位', name: '岗位名称', count: '人数', requirements: '要求',
  deadline: '截止日期', contact: '联系方式',
};

/** Parses a JSON body; the first problem becomes a 400 with its field's code. */
export function parseInput<T extends z.ZodType>(schema: T, body: unknown): z.infer<T> {
  if (body === undefined) body = {};
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new AppError(400, 'invalid_body', '请求内容必须是一个 JSON 对象（Content-Type: application/json）。');
  }
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const top = String(issue.path[0] ?? '');
  const field = FIELD[top];
  if (!field) throw new AppError(400, 'invalid_body', issue.message);
  if (top === 'reason' && issue.code === 'too_big') throw new AppError(400, 'invalid_reason', issue.message);
  const nested = issue.path
    .slice(1)
    .map((p) => (typeof p === 'number' ? `第 ${p + 1} 项` : (NESTED[String(p)] ?? String(p))))
    .join(' ');
  // Own messages already name the field; zod's generic ones (nested fields) get the field's name in front.
  const message = issue.message.includes(field.label) || (top !== 'guide' && top !== 'recruitment')
    ? issue.message
    : `${field.label}${nested ? ` ${nested}` : ''}：${issue.message}`;
  throw new AppError(400, field.code, message);
}

export function parseListQuery(query: unknown): ListQuery {
  const parsed = listQuerySchema.safeParse(query);
  if (!parsed.success) {
    const where = String(parsed.error.issues[0]?.path[0] ?? '');
    throw new AppError(400, 'invalid_query', `查询条件“${where}”不正确。`);
  }
  return parsed.data;
}

/** What each kind needs and forbids, checked on the item as it will be stored (after an edit is merged). */
export interface KindFields {
  kind: ItemKind;
  body: string;
  urgent: boolean;
  assetId: string | null;
  guide: unknown;
  recruitment: unknown;
}

export function checkKindFields(c: KindFields): void {
  const refuse = (code: string, message: string): never => {
    throw new AppError(400, code, message);
  };
  if (c.kind === 'video' && !c.assetId) refuse('asset_required', '视频内容需要选择一个已上传的视频。');
  if (c.kind !== 'video' && c.assetId) refuse('invalid_asset', '只有视频内容可以选择视频。');
  if (c.kind === 'guide' && !c.guide) refuse('invalid_guide', '办事指南需要填写部门、职责、办理步骤、材料、办公时间、电话和地址。');
  if (c.kind !== 'guide' && c.guide) refuse('invalid_guide', '只有办事指南可以填写办事指南的信息。');
  if (c.kind === 'recruitment' && !c.recruitment) refuse('invalid_recruitment', '招聘信息需要填写单位、岗位、截止日期和联系方式。');
  if (c.kind !== 'recruitment' && c.recruitment) refuse('invalid_recruitment', '只有招聘信息可以填写招聘的内容。');
  if (c.kind !== 'notice' && c.urgent) refuse('invalid_urgent', '只有通知可以设为紧急。');
  if (c.kind !== 'video' && c.body.length === 0) refuse('invalid_text', '请填写正文。');
}

/**
 * The publishing window's rules: unpublish after publish, an unpublish time not already past (`checkPast`
 * only when the request sets it: an old stored value does not block an unrelated edit), nothing absurdly far.
 */
export function checkWindow(
  w: { publishAt: string | null; unpublishAt: string | null },
  now: Date,
  checkPast: boolean,
): void {
  const limit = now.getTime() + PUBLISH_WINDOW_MAX_DAYS * 86_400_000;
  for (const t of [w.publishAt, w.unpublishAt]) {
    if (t && Date.parse(t) > limit) {
      throw new AppError(400, 'time_too_far', `上线、下线时间不能晚于 ${Math.round(PUBLISH_WINDOW_MAX_DAYS / 365)} 年以后，请检查年份。`);
    }
  }
  if (w.publishAt && w.unpublishAt && Date.parse(w.unpublishAt) <= Date.parse(w.publishAt)) {
    throw new AppError(400, 'window_order', '下线时间必须晚于上线时间。');
  }
  if (checkPast && w.unpublishAt && Date.parse(w.unpublishAt) <= now.getTime()) {
    throw new AppError(400, 'unpublish_in_past', '下线时间已经过去了，请选一个将来的时间，或清空下线时间。');
  }
}

/** A summary for the TV's lists when the editor left it out: the body's first sentence(s), else the title. */
export function deriveSummary(body: string, title: string): string {
  const first = body.split(/\n\s*\n/)[0]?.replace(/\s+/g, ' ').trim() ?? '';
  if (!first) return title.slice(0, ITEM_SUMMARY_MAX_CHARS);
  return first.length <= ITEM_SUMMARY_MAX_CHARS ? first : `${first.slice(0, ITEM_SUMMARY_MAX_CHARS - 1)}…`;
}
