import { describe, expect, it } from 'vitest';
import type { ItemDetail } from '../../../tv-app/src/data/api.ts';
import { displayText, readingBlocks, speechText } from '../../../tv-app/src/data/reading.ts';

const NOW = new Date('2026-11-24T12:00:00Z'); // Tuesday evening in Beijing
const base = { id: 'x', sectionId: 'guide', title: '城乡居民医保参保缴费', summary: '', publishedAt: '2026-11-20T01:00:00Z', urgent: false } as const;

const guide = {
  ...base,
  kind: 'guide',
  body: '第一段。\n\n第二段。',
  guide: {
    department: '社会事业局',
    duties: ['办理参保登记'],
    steps: ['带齐材料取号', '核对身份'],
    materials: ['身份证', '户口本'],
    hours: '周一至周五 9:00—17:00',
    phone: '0512-6655 1201',
    address: '便民服务中心一楼',
  },
} as unknown as ItemDetail;

const job = {
  ...base,
  kind: 'recruitment',
  title: '招聘网格员',
  body: '欢迎报名。',
  recruitment: { employer: '金澄社区', positions: [{ name: '网格员', count: 3, requirements: '身体健康' }], deadline: '2026-11-27', contact: '刘老师' },
} as unknown as ItemDetail;

describe('what the reader shows and says', () => {
  it('when a guide is read, then where, when and the phone come first, then numbered steps, materials and duties', () => {
    const text = displayText(readingBlocks(guide, NOW));
    expect(text.split('\n').slice(0, 4)).toEqual([
      '办理部门：社会事业局',
      '办公时间：周一至周五 9:00—17:00',
      '联系电话：0512-6655 1201',
      '地址：便民服务中心一楼',
    ]);
    expect(text).toContain('办理步骤：\n1. 带齐材料取号\n2. 核对身份');
    expect(text).toContain('需要带的材料：\n· 身份证\n· 户口本');
    expect(text.indexOf('部门职责')).toBeGreaterThan(text.indexOf('需要带的材料'));
    expect(text.endsWith('详细说明：\n第一段。\n第二段。')).toBe(true);
  });

  it('when headings are styled, then only the headings are wrapped', () => {
    const text = displayText(readingBlocks(guide, NOW), (h) => `<b>${h}</b>`);
    expect(text.startsWith('<b>办理部门：</b>社会事业局\n<b>办公时间：</b>')).toBe(true);
    expect(text.match(/<b>/g)).toHaveLength(8);
  });

  it('when a guide is read aloud, then steps are counted in words and the phone is said digit by digit', () => {
    const said = speechText(guide.title, readingBlocks(guide, NOW));
    expect(said.startsWith('城乡居民医保参保缴费。办理部门：社会事业局。')).toBe(true);
    expect(said).toContain('联系电话：0 5 1 2 6 6 5 5 1 2 0 1');
    expect(said).toContain('办理步骤：第1步，带齐材料取号；第2步，核对身份');
    expect(said).not.toContain('·');
  });

  it('when a recruitment post is read, then its deadline comes first with the days left', () => {
    const blocks = readingBlocks(job, NOW);
    expect(displayText(blocks).split('\n')[0]).toBe('报名截止：11月27日截止（还剩3天）');
    expect(displayText(blocks)).toContain('· 网格员（3名）：身体健康');
    expect(speechText(job.title, blocks)).toContain('还剩3天');
  });

  it('when an article has no structured part, then it is just its paragraphs, without a heading', () => {
    const article = { ...base, kind: 'article', body: '一。\n二。' } as unknown as ItemDetail;
    expect(displayText(readingBlocks(article, NOW))).toBe('一。\n二。');
  });
});
