// The shape of the seed content in `content/` (what a fresh install starts with).
// The same kinds are what the TV API serves, so the seed is checked with the rules the CMS applies to
// anything an editor writes later.
import { z } from 'zod';
import { ID_PATTERN } from '../domain/ids.ts';
import { safeText } from '../domain/text.ts';
import { guideSchema, isoDate, ITEM_KINDS, recruitmentSchema, SECTION_IDS, tvText } from '../domain/vocabulary.ts';

// The domain's words, for the seed's readers (declared in domain/vocabulary.ts).
export { SECTION_IDS, ITEM_KINDS, type SectionId, type ItemKind, type GuideData, type RecruitmentData } from '../domain/vocabulary.ts';

// An id (domain/ids.ts) of at least 2 characters.
const slug = z.string().regex(ID_PATTERN, 'lower-case letters, digits and dashes').min(2, 'lower-case letters, digits and dashes');
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

export const itemSeedSchema = z
  .object({
    id: slug,
    kind: z.enum(ITEM_KINDS),
    title: tvText('标题', 40),
    summary: tvText('摘要', 80),
    /** Paragraphs separated by a blank line. */
    body: safeText('正文', { max: 5000, multiline: true }),
    publishedAt: isoDate('发布日期'),
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
