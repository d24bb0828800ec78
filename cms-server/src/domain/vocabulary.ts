// The words of the domain, declared once: the ten sections, the kinds of item, the states an item goes through,
// a video's processing states, and the shapes of the two structured kinds (service guide, recruitment post).
// Used by the seed, the repositories, the services, the admin and TV contracts alike; their Chinese names are
// in labels.ts.
import { z } from 'zod';
import { safeText } from './text.ts';

export const SECTION_IDS = [
  'branch-lessons', // 1 支部党课
  'education', // 2 党员教育
  'showcase', // 3 党员风采
  'news', // 4 党建动态
  'affairs', // 5 政务公开
  'guide', // 6 办事指南
  'jobs', // 7 招聘信息
  'ethics', // 8 道德讲堂
  'livelihood', // 9 民生服务
  'culture', // 0 文化科普
] as const;
export type SectionId = (typeof SECTION_IDS)[number];

export const ITEM_KINDS = ['video', 'article', 'notice', 'guide', 'recruitment'] as const;
export type ItemKind = (typeof ITEM_KINDS)[number];

/** The stored workflow statuses (items.status), in workflow order. */
export const ITEM_STATUSES = ['draft', 'review', 'scheduled', 'published', 'withdrawn'] as const;
export type ItemStatus = (typeof ITEM_STATUSES)[number];

/** What a person can do to an item in the review workflow (besides create and read). */
export const ITEM_ACTIONS = ['edit', 'delete', 'submit', 'approve', 'reject', 'withdraw', 'schedule'] as const;
export type ItemAction = (typeof ITEM_ACTIONS)[number];

/**
 * Where a video is in its processing (assets.status), moved on by its packaging job. 'playable': the TVs can
 * watch it (the source copied as it is) while the other renditions are encoded; 'ready': the whole ladder.
 */
export const ASSET_STATUSES = ['pending', 'processing', 'playable', 'ready', 'failed'] as const;
export type AssetStatus = (typeof ASSET_STATUSES)[number];

/**
 * What a queued packaging job waits for besides its turn (jobs.held_for): 'disk' — room on the media folder's
 * disk; it runs by itself once there is (jobs/worker.ts). Not a failure: no attempt is counted.
 */
export const JOB_HOLDS = ['disk'] as const;
export type JobHold = (typeof JOB_HOLDS)[number];

/** The stored statuses and "failed", derived for a video whose packaging failed: what the list filters on. */
export const ITEM_STATES = [...ITEM_STATUSES, 'failed'] as const;
export type ItemState = (typeof ITEM_STATES)[number];

/** A real calendar day, YYYY-MM-DD (zod's own format: 2026-02-30 is refused). */
export const isoDate = (label: string) => z.iso.date({ error: `${label}不是一个真实的日期，请用“2026-12-15”这样的格式。` });
/** Text shown on the TV, named in messages (domain/text.ts: no control or invisible-only text). */
export const tvText = (label: string, max: number) => safeText(label, { max });

export const guideSchema = z.object({
  department: tvText('部门', 40),
  duties: z.array(tvText('职责', 200)).min(1),
  steps: z.array(tvText('办理步骤', 200)).min(1),
  materials: z.array(tvText('所需材料', 120)).min(1),
  hours: tvText('办公时间', 80),
  phone: tvText('电话', 40),
  address: tvText('地址', 80),
});

export const recruitmentSchema = z.object({
  employer: tvText('招聘单位', 40),
  positions: z
    .array(z.object({ name: tvText('岗位名称', 40), count: z.number().int().min(1), requirements: tvText('要求', 300) }))
    .min(1),
  deadline: isoDate('截止日期'),
  contact: tvText('联系方式', 80),
});

export type GuideData = z.infer<typeof guideSchema>;
export type RecruitmentData = z.infer<typeof recruitmentSchema>;
