// Shanghai time through Intl (domain/time.ts), used by the admin and the TV: the calendar day turns at
// midnight in Shanghai (16:00 UTC), whatever the machine's own time zone is.
import { afterEach, describe, expect, it } from 'vitest';
import {
  daysBetween,
  hourMinute,
  isoDateOf,
  monthDay,
  shanghaiDate,
  shanghaiIso,
  shanghaiTime,
  weekdayText,
} from '../../../cms-server/src/domain/time.ts';

const ownZone = process.env.TZ;
afterEach(() => {
  if (ownZone === undefined) delete process.env.TZ;
  else process.env.TZ = ownZone;
});

describe('Shanghai time', () => {
  it('when it is 23:59 in Shanghai, then it is still that day; at 00:00 the next day has begun, while UTC is on the day before', () => {
    const late = shanghaiTime('2026-11-24T15:59:00Z')!;
    const midnight = shanghaiTime('2026-11-24T16:00:00Z')!;
    expect(late).toMatchObject({ year: 2026, month: 11, day: 24, hour: 23, minute: 59, weekday: 2 });
    expect(midnight).toMatchObject({ year: 2026, month: 11, day: 25, hour: 0, minute: 0, weekday: 3 });
    expect(new Date('2026-11-24T16:00:00Z').getUTCDate()).toBe(24);
    expect(daysBetween(late, midnight)).toBe(1);
    expect(hourMinute(midnight)).toBe('00:00');
  });

  it('when the year turns in Shanghai before it does in UTC, then the date is the new year\'s', () => {
    const s = shanghaiTime('2026-12-31T16:00:00Z')!;
    expect(isoDateOf(s)).toBe('2027-01-01');
    expect(monthDay(s, shanghaiTime('2026-12-31T15:59:59Z')!)).toBe('2027年1月1日');
    expect(monthDay(s, s)).toBe('1月1日');
    expect(weekdayText(s)).toBe('星期五');
  });

  it('when the machine runs in another time zone, then Shanghai time is the same', () => {
    process.env.TZ = 'America/New_York';
    expect(shanghaiTime(new Date('2026-03-08T07:30:00Z'))).toMatchObject({ month: 3, day: 8, hour: 15, minute: 30 });
    expect(shanghaiIso('2026-11-25', '19:30')).toBe('2026-11-25T19:30:00+08:00');
  });

  it('when a Shanghai wall-clock time is sent, then it carries Shanghai\'s offset and is the same instant', () => {
    expect(shanghaiIso('2026-11-25', '19:30')).toBe('2026-11-25T19:30:00+08:00');
    expect(shanghaiIso('2026-11-25', '00:00:05')).toBe('2026-11-25T00:00:05+08:00');
    expect(new Date(shanghaiIso('2026-11-25', '00:00')).toISOString()).toBe('2026-11-24T16:00:00.000Z');
  });

  it('when days are counted to a date, then the Shanghai calendar counts, not 24-hour spans', () => {
    const deadline = shanghaiDate('2026-11-27');
    expect(daysBetween(shanghaiTime('2026-11-26T15:59:00Z')!, deadline)).toBe(1); // 23:59 on the 26th
    expect(daysBetween(shanghaiTime('2026-11-26T16:00:00Z')!, deadline)).toBe(0); // 00:00 on the 27th
    expect(daysBetween(shanghaiTime('2026-11-27T15:59:59Z')!, deadline)).toBe(0);
    expect(daysBetween(shanghaiTime('2026-11-27T16:00:00Z')!, deadline)).toBe(-1);
  });

  it('when the text is no time, then there is no Shanghai time either', () => {
    expect(shanghaiTime('not a time')).toBeNull();
    expect(shanghaiTime(Number.NaN)).toBeNull();
  });
});
