// The week view shows Asia/Shanghai wall-clock time whatever the office PC's own zone. FullCalendar knows named
// zones only through a date library plugin, so the calendar runs in its 'UTC' zone and is given Shanghai wall time
// as if it were UTC: "19:30 in Shanghai" is the calendar's 19:30. Shanghai keeps no summer time, so the shift is
// the same every day; these two functions are the only place it happens.
import { hourMinute, isoDateOf, shanghaiIso, shanghaiTime } from '../../../../src/admin/contract.ts';

/** An instant (UTC ISO, ms) as the calendar's date text of its Shanghai wall time: "2026-12-02T19:30:00". */
export function toWall(at: string | number | Date): string {
  const s = shanghaiTime(at)!;
  return `${isoDateOf(s)}T${hourMinute(s)}:${String(s.second).padStart(2, '0')}`;
}

/** A calendar date (its UTC fields are Shanghai wall time) as the instant, in the ISO form the API takes. */
export function fromWall(d: Date): string {
  const iso = d.toISOString();
  return new Date(shanghaiIso(iso.slice(0, 10), iso.slice(11, 19))).toISOString();
}

/** Weekdays as the API counts them (1 = Monday … 7 = Sunday), moved by whole days. */
export const shiftWeekdays = (days: number[], by: number): number[] =>
  [...new Set(days.map((d) => ((((d - 1 + by) % 7) + 7) % 7) + 1))].sort((a, b) => a - b);
