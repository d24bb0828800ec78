// Reads and checks the seed content in content/: one file per section, plus the sample-video recipes.
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { SECTION_IDS, sampleVideoSchema, sectionFileSchema, type SampleVideo, type SectionFile } from './content-schema.ts';

export interface SeedContent {
  sections: SectionFile[];
  videos: SampleVideo[];
}

function readJson(file: string): unknown {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw new Error(`${file}: ${(e as Error).message}`);
  }
}

function check<T>(schema: z.ZodType<T>, value: unknown, file: string): T {
  const r = schema.safeParse(value);
  if (!r.success) {
    throw new Error(`${file}: ${r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  return r.data;
}

export function loadContent(contentDir: string): SeedContent {
  const videosFile = path.join(contentDir, 'videos.json');
  const videos = check(z.array(sampleVideoSchema), readJson(videosFile), videosFile);
  const dir = path.join(contentDir, 'sections');
  const sections = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => check(sectionFileSchema, readJson(path.join(dir, f)), path.join(dir, f)));

  // Whole-set rules a single file cannot check.
  const problems: string[] = [];
  const ids = sections.map((s) => s.section.id);
  if (ids.join() !== SECTION_IDS.join()) problems.push(`sections must be, in order: ${SECTION_IDS.join(', ')}; got ${ids.join(', ')}`);
  const digits = sections.map((s) => s.section.key);
  if (new Set(digits).size !== digits.length) problems.push(`section digits repeat: ${digits.join(' ')}`);
  const seen = new Set<string>();
  const sampleIds = new Set(videos.map((v) => v.id));
  for (const s of sections) {
    for (const item of s.items) {
      if (seen.has(item.id)) problems.push(`item id "${item.id}" is used twice`);
      seen.add(item.id);
      if (item.video && !sampleIds.has(item.video.sample)) {
        problems.push(`item "${item.id}" names sample video "${item.video.sample}", which videos.json does not have`);
      }
    }
  }
  if (problems.length > 0) throw new Error(`content in ${contentDir} is not valid:\n  ${problems.join('\n  ')}`);
  return { sections, videos };
}
