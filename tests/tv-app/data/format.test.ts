import { describe, expect, it } from 'vitest';
import { clockText, dateText, dateTimeText, daysLeft, deadlineText, durationText, wrapCjk } from '../../../tv-app/src/data/format.ts';

// Tuesday 24 November 2026, 20:00 in Beijing.
const NOW = new Date('2026-11-24T12:00:00Z');

describe('dates and times as people say them', () => {
  it('when a date is today or yesterday in Beijing, then it says so; otherwise month, day and weekday', () => {
    expect(dateText('2026-11-24T01:00:00.000Z', NOW)).toBe('今天');
    expect(dateText('2026-11-23T16:30:00.000Z', NOW)).toBe('今天'); // 16:30 UTC on the 23rd is 00:30 on the 24th in Beijing
    expect(dateText('2026-11-23T15:59:00.000Z', NOW)).toBe('昨天');
    expect(dateText('2026-11-23T01:00:00.000Z', NOW)).toBe('昨天');
    expect(dateText('2026-11-18T01:00:00.000Z', NOW)).toBe('11月18日 星期三');
    expect(dateText('2025-12-01T01:00:00.000Z', NOW)).toBe('2025年12月1日 星期一');
  });

  it('when something was published today or yesterday, then its time is said too (今天 19:30); older, the date alone', () => {
    expect(dateTimeText('2026-11-24T11:30:00.000Z', NOW)).toBe('今天 19:30');
    expect(dateTimeText('2026-11-23T00:05:00.000Z', NOW)).toBe('昨天 08:05');
    expect(dateTimeText('2026-11-18T01:00:00.000Z', NOW)).toBe('11月18日 星期三');
  });

  it('when a deadline is ahead, today or past, then the viewer is told how many days are left', () => {
    expect(daysLeft('2026-11-27', NOW)).toBe(3);
    expect(deadlineText('2026-11-27', NOW)).toBe('11月27日截止（还剩3天）');
    expect(deadlineText('2026-11-24', NOW)).toBe('11月24日 今天截止');
    expect(deadlineText('2026-11-20', NOW)).toBe('11月20日 已截止');
    // The day turns at midnight in Beijing (16:00 UTC), not in UTC.
    expect(daysLeft('2026-11-27', new Date('2026-11-26T15:59:00Z'))).toBe(1);
    expect(daysLeft('2026-11-27', new Date('2026-11-26T16:00:00Z'))).toBe(0);
  });

  it('when durations and clock times are shown, then they read naturally', () => {
    expect(durationText(8)).toBe('8秒');
    expect(durationText(40 * 60)).toBe('40分钟');
    expect(durationText(3600 + 5 * 60)).toBe('1小时5分钟');
    expect(clockText(754)).toBe('12:34');
    expect(clockText(3723)).toBe('1:02:03');
    expect(clockText(Number.NaN)).toBe('00:00');
  });
});

describe('Chinese line breaking', () => {
  it('when Chinese text is prepared for Lightning, then it may break between characters but never before closing punctuation', () => {
    const out = wrapCjk('停水通知，请储水。');
    expect(out.replace(/\u200B/g, '')).toBe('停水通知，请储水。');
    expect(out).toContain('停\u200B水');
    expect(out).not.toContain('\u200B，');
    expect(out).not.toContain('\u200B。');
    expect(wrapCjk('OK key')).toBe('OK key'); // Latin text keeps its spaces as break points
  });
});
