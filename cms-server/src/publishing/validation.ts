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
import { AppError, type ErrorCode } from '../domain/errors.ts';
import { ID_PATTERN, idSchema } from '../domain/ids.ts';
import { ITEM_KIND_LABELS } from '../domain/labels.ts';
import { safeMultilineText, safeText, textProblemOf } from '../domain/text.ts';
import { guideSchema, ITEM_KINDS, ITEM_STATES, recruitmentSchema, SECTION_IDS, type ItemKind } from '../domain/vocabulary.ts';

export { ITEM_STATES, type ItemState } from '../domain/vocabulary.ts';

// ISO 8601 with an offset (the admin sends +08:00), checked by zod's own date-time format: a real calendar day
// (no 2 月 30 日, which Date would roll over into March), hours 00–23, minutes and seconds 00–59, and an
// offset within ±23:59 (+99:99 or +24:00 once reached Date and answered 500). Seconds are optional, since a
// browser's datetime-local field gives minutes.
const isoTime = z.union([z.iso.datetime({ offset: true }), z.iso.datetime({ offset: true, precision: -1 })]);
const timeMessage = (label: string) => `${label}的格式不对，请用“2026-11-24T08:00:00+08:00”这样带时区的时间。`;
/** A time of the window called `label` in messages: ISO text with an offset, stored as UTC ISO; null clears it. */
const time = (label: string) =>
  z
    .string({ error: timeMessage(label) })
    .check((ctx) => {
      if (!isoTime.safeParse(ctx.value).success) ctx.issues.push({ code: 'custom', message: timeMessage(label), input: ctx.value });
    })
    .transform((s) => new Date(s).toISOString())
    .nullable();

/** The fields an editor writes, shared by create and edit. */
const itemFields = z.object({
  sectionId: z.enum(SECTION_IDS, { error: '请选择一个栏目。' }),
  title: safeText('标题', { max: ITEM_TITLE_MAX_CHARS }),
  /** Optional: made from the body's first sentences when left out. */
  summary: safeText('摘要', { max: ITEM_SUMMARY_MAX_CHARS, required: false }),
  /** Paragraphs separated by a blank line; may be empty for a video only (checked with the kind). */
  body: safeMultilineText('正文', { max: ITEM_BODY_MAX_CHARS, required: false }),
  urgent: z.boolean({ error: '“紧急”只能是或否。' }),
  assetId: z.string({ error: '请选择一个视频。' }).regex(ID_PATTERN, { error: '视频编号的格式不对。' }),
  guide: guideSchema,
  recruitment: recruitmentSchema,
  publishAt: time('上线时间'),
  unpublishAt: time('下线时间'),
});
const optionalFields = itemFields.partial().shape;
const kindNames = ITEM_KINDS.map((k) => ITEM_KIND_LABELS[k]);
const kind = z.enum(ITEM_KINDS, { error: `内容类型只能是${kindNames.slice(0, -1).join('、')}或${kindNames.at(-1)}。` });

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

export const windowSchema = z.object({ publishAt: time('上线时间').optional(), unpublishAt: time('下线时间').optional() });
export type WindowInput = z.infer<typeof windowSchema>;

const REASON_REQUIRED = '请写明退回的原因，编辑才知道要改什么。';

export const rejectSchema = z.object({
  // A missing reason keeps its own words: they tell the reviewer why a reason is needed.
  reason: safeMultilineText('退回原因', { max: REVIEW_REASON_MAX_CHARS, messages: { missing: REASON_REQUIRED, empty: REASON_REQUIRED } }),
});

export const listQuerySchema = z.object({
  section: z.enum(SECTION_IDS).optional(),
  state: z.enum(ITEM_STATES).optional(),
  kind: z.enum(ITEM_KINDS).optional(),
  street: idSchema.optional(),
  limit: z.coerce.number().int().min(1).max(ITEM_LIST_MAX_LIMIT).default(ITEM_LIST_DEFAULT_LIMIT),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});
export type ListQuery = z.infer<typeof listQuerySchema>;

/** The code and the Chinese name of each field, for the error of its first problem. */
const FIELD: Record<string, { code: ErrorCode; label: string }> = {
  kind: { code: 'invalid_kind', label: '内容类型' },
  streetId: { code: 'invalid_street', label: '街道' },
  sectionId: { code: 'invalid_section', label: '栏目' },
  title: { code: 'invalid_title', label: '标题' },
  summary: { code: 'invalid_summary', label: '摘要' },
  body: { code: 'invalid_text', label: '正文' },
  urgent: { code: 'invalid_urgent', label: '紧急' },
  assetId: { code: 'invalid_asset', label: ITEM_KIND_LABELS.video },
  guide: { code: 'invalid_guide', label: ITEM_KIND_LABELS.guide },
  recruitment: { code: 'invalid_recruitment', label: ITEM_KIND_LABELS.recruitment },
  publishAt: { code: 'invalid_time', label: '上线时间' },
  unpublishAt: { code: 'invalid_time', label: '下线时间' },
  reason: { code: 'reason_required', label: '退回原因' },
};

const NESTED: Record<string, string> = {
  department: '部门', duties: '职责', steps: '办理步骤', materials: '所需材料', hours: '办公时间', phone: '电话',
  address: '地址', employer: '招聘单位', positions: '岗位', name: '岗位名称', count: '人数', requirements: '要求',
  deadline: '截止日期', contact: '联系方式',
};

/**
 * The refusal of an items body (http/validate.ts parses it): its first problem becomes a 400 with its field's
 * code, in the field's words.
 */
export function itemFieldRefusal(issue: z.core.$ZodIssue): AppError {
  const top = String(issue.path[0] ?? '');
  const field = FIELD[top];
  if (!field) return new AppError(400, 'invalid_body', issue.message);
  if (top === 'reason') {
    const problem = textProblemOf(issue);
    return new AppError(400, problem === 'missing' || problem === 'empty' || problem === 'invisible' ? 'reason_required' : 'invalid_reason', issue.message);
  }
  const problem = textProblemOf(issue);
  const ownText = problem !== undefined && problem !== 'missing';
  const nested = issue.path
    .slice(1)
    // A text rule's message names the nested field itself (「办理步骤」); only the position is added.
    .filter((p) => !ownText || typeof p === 'number')
    .map((p) => (typeof p === 'number' ? `第 ${p + 1} 项` : (NESTED[String(p)] ?? String(p))))
    .join(' ');
  // Own messages already name the field; zod's generic ones (nested fields) get the field's name in front.
  const message = issue.message.includes(field.label) || (top !== 'guide' && top !== 'recruitment')
    ? issue.message
    : `${field.label}${nested ? ` ${nested}` : ''}：${issue.message}`;
  return new AppError(400, field.code, message);
}

/** The refusal of the items list's query: the parameter named. */
export const listQueryRefusal = (issue: z.core.$ZodIssue): AppError =>
  new AppError(400, 'invalid_query', `查询条件“${String(issue.path[0] ?? '')}”不正确。`);

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
  const refuse = (code: ErrorCode, message: string): never => {
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
