// Repeats of a broadcast (cms-server/src/broadcasts/recurrence.ts): read in Shanghai time, bounded, refused in words.
import { describe, expect, it } from 'vitest';
import { occurrencesOf } from '../../../cms-server/src/broadcasts/recurrence.ts';
import { AppError } from '../../../cms-server/src/domain/errors.ts';

const start = Date.parse('2026-11-23T11:30:00Z'); // Monday 19:30 in Shanghai
const hour = 3600_000;

function refusal(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    if (e instanceof AppError) return e.code;
    throw e;
  }
  throw new Error('not refused');
}

describe('recurrence', () => {
  it('when a weekly repeat is chosen by days, then it happens on those Shanghai weekdays at the same Shanghai time until the end day', () => {
    // Monday 2026-11-23 at 01:00 Shanghai is Sunday 17:00 UTC: the weekday is Shanghai's.
    const early = Date.parse('2026-11-22T17:00:00Z');
    const o = occurrencesOf(early, early + hour, { kind: 'weekly', days: [1, 5], until: '2026-12-04' });
    expect(o.map((x) => new Date(x.startMs).toISOString())).toEqual([
      '2026-11-22T17:00:00.000Z',
      '2026-11-26T17:00:00.000Z',
      '2026-11-29T17:00:00.000Z',
      '2026-12-03T17:00:00.000Z',
    ]);
    expect(o.every((x) => x.endMs - x.startMs === hour)).toBe(true);
  });

  it('when a rule never ends, fires every second or every 30 minutes, or is not a rule, then it is refused with its own code', () => {
    expect(refusal(() => occurrencesOf(start, start + hour, { kind: 'rrule', rule: 'FREQ=WEEKLY;BYDAY=MO' }))).toBe('rrule_endless');
    expect(refusal(() => occurrencesOf(start, start + 1000, { kind: 'rrule', rule: 'FREQ=SECONDLY;COUNT=5' }))).toBe('rrule_too_frequent');
    expect(refusal(() => occurrencesOf(start, start + 1000, { kind: 'rrule', rule: 'FREQ=DAILY;BYMINUTE=0,30;COUNT=5' }))).toBe('rrule_too_frequent');
    expect(refusal(() => occurrencesOf(start, start + 1000, { kind: 'rrule', rule: 'hello' }))).toBe('invalid_rrule');
    expect(refusal(() => occurrencesOf(start, start + 1000, { kind: 'rrule', rule: 'DTSTART:20260101T000000Z;FREQ=DAILY;COUNT=2' }))).toBe('invalid_rrule');
    expect(refusal(() => occurrencesOf(start, start + 1000, { kind: 'rrule', rule: 'FREQ=DAILY;COUNT=100000' }))).toBe('too_many_occurrences');
  });
});
