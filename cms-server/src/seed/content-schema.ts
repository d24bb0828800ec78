// The shape of the seed content in `content/` (what a fresh install starts with).
// The same kinds are what the TV API serves, so the seed is checked with the rules the CMS applies to
// anything an editor writes later.
import { z } from 'zod';

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

const slug = z.string().regex(/^[a-z0-9][a-z0-9-]{1,62}$/, 'lower-case letters, digits and dashes');
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD');
const text = (max: number) => z.string().trim().min(1).max(max);

export const sectionSeedSchema = z.object({
  id: z.enum(SECTION_IDS),
  key: z.string().regex(/^[0-9]$/),
  title: text(8),
  description: text(60),
});

export const sampleVideoSchema = z.object({
  id: slug,
  /** Burned into the picture, so a viewer sees which sample plays. */
  title: text(20),
  durationSec: z.number().int().min(2).max(120),
  /** An ffmpeg lavfi video source: the recipe draws a test pattern. */
  pattern: z.enum(['testsrc2', 'smptehdbars', 'rgbtestsrc', 'mandelbrot', 'life', 'cellauto']),
  toneHz: z.number().int().min(100).max(2000),
});

export const guideSchema = z.object({
  department: text(40),
  duties: z.array(text(200)).min(1),
  steps: z.array(text(200)).min(1),
  materials: z.array(text(120)).min(1),
  hours: text(80),
  phone: text(40),
  address: text(80),
});

export const recruitmentSchema = z.object({
  employer: text(40),
  positions: z.array(z.object({ name: text(40), count: z.number().int().min(1), requirements: text(300) })).min(1),
  deadline: isoDate,
  contact: text(80),
});

export const itemSeedSchema = z
  .object({
    id: slug,
    kind: z.enum(ITEM_KINDS),
    title: text(40),
    summary: text(80),
    /** Paragraphs separated by a blank line. */
    body: text(5000),
    publishedAt: isoDate,
    urgent: z.boolean().optional(),
    /** For kind "video": the id of a sample video in content/videos.json. */
    video: z.object({ sample: slug }).optional(),
    guide: guideSchema.optional(),
    recruitment: recruitmentSchema.optional(),
  })
  .superRefine((item, ctx) => {
    const need = (ok: boolean, message: string) => ok || ctx.addIssue({ code: 'custom', message });
    need((item.kind === 'video') === (item.video !== undefined), 'a video item, and only a video item, has "video"');
    need((item.kind === 'guide') === (item.guide !== undefined), 'a guide item, and only a guide item, has "guide"');
    need(
      (item.kind === 'recruitment') === (item.recruitment !== undefined),
      'a recruitment item, and only a recruitment item, has "recruitment"',
    );
    need(item.urgent === undefined || item.kind === 'notice', 'only a notice can be urgent');
  });

export const sectionFileSchema = z.object({
  section: sectionSeedSchema,
  items: z.array(itemSeedSchema).min(3),
});

export type SectionSeed = z.infer<typeof sectionSeedSchema>;
export type ItemSeed = z.infer<typeof itemSeedSchema>;
export type SampleVideo = z.infer<typeof sampleVideoSchema>;
export type SectionFile = z.infer<typeof sectionFileSchema>;
export type GuideData = z.infer<typeof guideSchema>;
export type RecruitmentData = z.infer<typeof recruitmentSchema>;
