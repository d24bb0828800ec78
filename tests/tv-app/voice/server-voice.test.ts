import { describe, expect, it } from 'vitest';
import { phrasesOf } from '../../../tv-app/src/voice/server-voice.ts';

describe('a text said by the CMS, phrase by phrase', () => {
  it('when a text has Chinese and Latin punctuation, then it is cut there and empty bits are dropped', () => {
    expect(phrasesOf('支部党课，第1个，共10个')).toEqual(['支部党课', '第1个', '共10个']);
    expect(phrasesOf('紧急通知：今晚开会。请准时参加！按 OK 键看全文, 按返回键关闭.')).toEqual(['紧急通知', '今晚开会', '请准时参加', '按 OK 键看全文', '按返回键关闭']);
    expect(phrasesOf('，。\n  ')).toEqual([]);
  });

  it('when a phrase is longer than the CMS takes (120), then it is cut into pieces it takes', () => {
    const parts = phrasesOf('长'.repeat(250));
    expect(parts.map((p) => p.length)).toEqual([120, 120, 10]);
  });
});
