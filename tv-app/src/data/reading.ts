// What the reader shows and says for each kind of item, as labelled blocks: a service guide puts what
// people need first (where, when, which phone), then the steps and materials; a recruitment post its
// deadline with the days left. Pure, so it is unit-tested (tests/tv-app/data/reading.test.ts).
import type { ItemDetail } from './api.ts';
import { deadlineText } from './format.ts';

export interface Block {
  heading?: string;
  lines: string[];
  /** Steps are numbered; other lists get a bullet. */
  numbered?: boolean;
  /** One line held as it is (no bullet), e.g. a department or a phone number. */
  plain?: boolean;
}

export function readingBlocks(item: ItemDetail, now = new Date()): Block[] {
  const blocks: Block[] = [];
  if (item.guide) {
    const g = item.guide;
    blocks.push({ heading: '办理部门', lines: [g.department], plain: true });
    blocks.push({ heading: '办公时间', lines: [g.hours], plain: true });
    blocks.push({ heading: '联系电话', lines: [g.phone], plain: true });
    if (g.address) blocks.push({ heading: '地址', lines: [g.address], plain: true });
    blocks.push({ heading: '办理步骤', lines: g.steps, numbered: true });
    blocks.push({ heading: '需要带的材料', lines: g.materials });
    blocks.push({ heading: '部门职责', lines: g.duties });
  }
  if (item.recruitment) {
    const r = item.recruitment;
    blocks.push({ heading: '报名截止', lines: [deadlineText(r.deadline, now)], plain: true });
    blocks.push({ heading: '招聘单位', lines: [r.employer], plain: true });
    blocks.push({ heading: '招聘岗位', lines: r.positions.map((p) => `${p.name}（${p.count}名）：${p.requirements}`) });
    blocks.push({ heading: '联系方式', lines: [r.contact], plain: true });
  }
  const paragraphs = item.body.split(/\n+/).map((p) => p.trim()).filter(Boolean);
  if (paragraphs.length) blocks.push({ heading: blocks.length ? '详细说明' : undefined, lines: paragraphs, plain: true });
  return blocks;
}

const lineOf = (b: Block, l: string, i: number) => (b.plain ? l : b.numbered ? `${i + 1}. ${l}` : `· ${l}`);

/**
 * The text on screen. `heading` styles a heading (the reader passes Lightning's advanced-renderer
 * tags for bold and colour); a blank line separates blocks.
 */
export function displayText(blocks: Block[], heading: (h: string) => string = (h) => h): string {
  const single = (b: Block) => b.heading !== undefined && b.plain === true && b.lines.length === 1;
  let out = '';
  blocks.forEach((b, i) => {
    const lines = b.lines.map((l, j) => lineOf(b, l, j));
    // Short facts ("联系电话：…") sit on their heading's line, one under the other; lists and
    // paragraphs go below their heading, after a blank line.
    const part = !b.heading ? lines.join('\n') : single(b) ? `${heading(`${b.heading}：`)}${lines[0]}` : `${heading(`${b.heading}：`)}\n${lines.join('\n')}`;
    if (i > 0) out += single(b) && single(blocks[i - 1]!) ? '\n' : '\n\n';
    out += part;
  });
  return out;
}

/** Digits read one by one ("0 5 1 2"), so a phone number is not read as one huge number. */
const spokenDigits = (s: string) =>
  s.replace(/\d{3,}(?:[- ]\d{3,})+|\d{7,}/g, (n) => n.replace(/\D/g, '').split('').join(' '));

/** The text said by 朗读: the title, then each block in words, steps as "第1步". */
export function speechText(title: string, blocks: Block[]): string {
  const said = blocks.map((b) => {
    const lines = b.lines.map((l, i) => (b.numbered ? `第${i + 1}步，${l}` : l).replace(/[。；;]$/, ''));
    const body = lines.join('；');
    return spokenDigits(b.heading ? `${b.heading}：${body}` : body);
  });
  return [title, ...said].join('。') + '。';
}
