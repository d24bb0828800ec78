import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SECTION_IDS } from '../../../cms-server/src/seed/content-schema.ts';
import { loadContent } from '../../../cms-server/src/seed/load-content.ts';
import { ROOT } from '../../helpers/server.ts';

const CONTENT = path.join(ROOT, 'content');
const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

/** A copy of the real content that a test may spoil. */
function copyContent(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'keting-content-'));
  dirs.push(dir);
  fs.cpSync(CONTENT, dir, { recursive: true });
  return dir;
}
const sectionFile = (dir: string, n: number) => {
  const d = path.join(dir, 'sections');
  return path.join(d, fs.readdirSync(d).sort()[n]!);
};
const edit = (file: string, f: (json: any) => void) => {
  const json = JSON.parse(fs.readFileSync(file, 'utf8'));
  f(json);
  fs.writeFileSync(file, JSON.stringify(json));
};

describe('seed content', () => {
  it('when the shipped content is loaded, then it has the ten sections in digit order, each with ≥ 3 items', () => {
    const { sections, videos } = loadContent(CONTENT);
    expect(sections.map((s) => s.section.id)).toEqual([...SECTION_IDS]);
    expect(sections.map((s) => s.section.key).join('')).toBe('1234567890');
    expect(sections.map((s) => s.section.title)).toEqual([
      '支部党课', '党员教育', '党员风采', '党建动态', '政务公开', '办事指南', '招聘信息', '道德讲堂', '民生服务', '文化科普',
    ]);
    for (const s of sections) expect(s.items.length).toBeGreaterThanOrEqual(3);
    expect(videos.length).toBeGreaterThanOrEqual(2);
    const kinds = new Set(sections.flatMap((s) => s.items.map((i) => i.kind)));
    expect([...kinds].sort()).toEqual(['article', 'guide', 'notice', 'recruitment', 'video']);
  });

  it('when an item names a sample video that does not exist, then loading fails and says which', () => {
    const dir = copyContent();
    edit(sectionFile(dir, 0), (j) => {
      j.items[0].kind = 'video';
      j.items[0].video = { sample: 'no-such-sample' };
    });
    expect(() => loadContent(dir)).toThrow(/no-such-sample/);
  });

  it('when two items share an id, then loading fails and names the id', () => {
    const dir = copyContent();
    const firstId = JSON.parse(fs.readFileSync(sectionFile(dir, 0), 'utf8')).items[0].id;
    edit(sectionFile(dir, 3), (j) => (j.items[0].id = firstId));
    expect(() => loadContent(dir)).toThrow(new RegExp(`"${firstId}" is used twice`));
  });

  it('when a file is not valid JSON, then loading fails and names the file', () => {
    const dir = copyContent();
    fs.writeFileSync(sectionFile(dir, 2), '{ "section": ');
    expect(() => loadContent(dir)).toThrow(/sections\/03-.*\.json/);
  });

  it('when a guide entry lacks its department, then loading fails with the path of the field', () => {
    const dir = copyContent();
    edit(sectionFile(dir, 5), (j) => delete j.items[0].guide.department);
    expect(() => loadContent(dir)).toThrow(/items\.0\.guide\.department/);
  });
});
