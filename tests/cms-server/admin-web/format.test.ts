// The admin shows and takes times in Asia/Shanghai whatever the office PC's own time zone is.
import { describe, expect, it } from 'vitest';
import { formatDuration, formatSize, formatTime, fromLocalInput, toLocalInput } from '../../../cms-server/admin-web/src/format.ts';

const NOW = new Date('2026-11-24T10:00:00Z');

describe('admin time formats', () => {
  it('when a UTC time is shown, then it reads as Shanghai wall-clock time, "11月25日 19:30"', () => {
    expect(formatTime('2026-11-25T11:30:00.000Z', NOW)).toBe('11月25日 19:30');
    // Past midnight in Shanghai while still the previous day in UTC.
    expect(formatTime('2026-11-30T16:05:00Z', NOW)).toBe('12月1日 00:05');
  });

  it('when the time is in another year, then the year is shown too', () => {
    expect(formatTime('2027-01-02T01:00:00Z', NOW)).toBe('2027年1月2日 09:00');
    expect(formatTime('2026-12-31T16:00:00Z', NOW)).toBe('2027年1月1日 00:00');
  });

  it('when there is no time or a broken one, then nothing is shown', () => {
    expect(formatTime(null, NOW)).toBe('');
    expect(formatTime('not a time', NOW)).toBe('');
  });

  it('when a stored time fills a datetime-local field and is read back, then it is the same instant with +08:00', () => {
    const local = toLocalInput('2026-11-25T11:30:00.000Z');
    expect(local).toBe('2026-11-25T19:30');
    const sent = fromLocalInput(local)!;
    expect(sent).toBe('2026-11-25T19:30:00+08:00');
    expect(new Date(sent).toISOString()).toBe('2026-11-25T11:30:00.000Z');
  });

  it('when a datetime-local field is empty, then the window time is cleared (null)', () => {
    expect(fromLocalInput('')).toBeNull();
    expect(toLocalInput(null)).toBe('');
  });

  it('when durations and sizes are shown, then they read mm:ss and KB/MB/GB', () => {
    expect(formatDuration(6)).toBe('00:06');
    expect(formatDuration(125.4)).toBe('02:05');
    expect(formatDuration(3725)).toBe('1:02:05');
    expect(formatDuration(null)).toBe('');
    expect(formatSize(1_572_864)).toBe('1.5 MB');
    expect(formatSize(4 * 1024 ** 3)).toBe('4 GB');
    expect(formatSize(1.25 * 1024 ** 3)).toBe('1.25 GB');
    expect(formatSize(300)).toBe('1 KB');
  });
});
