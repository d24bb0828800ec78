// Asia/Shanghai time, for everything people read or type: the admin's times, the TV's dates and deadlines.
// Instants are stored and sent as UTC; this module turns them into Shanghai's calendar and clock, and back,
// through Intl.DateTimeFormat and the engine's own time-zone data — never a hand-written +8 h — so the office
// PC's or the box's own time zone never matters. Imports nothing: the admin (through admin/contract.ts) and the
// TV app bundle it.

export const TIME_ZONE = 'Asia/Shanghai';

/** A Shanghai calendar date and wall-clock time. `weekday`: 0 = Sunday … 6 = Saturday. */
export interface ShanghaiTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  weekday: number;
}

const DAY_MS = 86_400_000;
const pad = (n: number): string => String(n).padStart(2, '0');
const WEEKDAYS = ['星期日', '星期一', '星期二', '星期三', '星期四', '星期五', '星期六'];

let numbers: Intl.DateTimeFormat | undefined;

/**
 * The six numbers of an instant in Shanghai, in en-US order: month, day, year, hour, minute, second. Read from
 * format(), not formatToParts(), which the oldest boxes' engines (Chrome 53–56) lack; `hour12: false` rather
 * than `hourCycle` (Chrome 73+), and some engines write midnight as 24, hence `% 24` below.
 */
function numbersOf(t: number): number[] {
  if (!numbers) {
    numbers = new Intl.DateTimeFormat('en-US', {
      timeZone: TIME_ZONE,
      hour12: false,
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
  }
  return (numbers.format(t).match(/\d+/g) ?? []).map(Number);
}

const millisOf = (at: string | number | Date): number =>
  typeof at === 'number' ? at : typeof at === 'string' ? Date.parse(at) : at.getTime();

/** An instant (ISO text, epoch milliseconds or a Date) as Shanghai's date and time; null when it is no time. */
export function shanghaiTime(at: string | number | Date): ShanghaiTime | null {
  const t = millisOf(at);
  if (!Number.isFinite(t)) return null;
  const [month = 1, day = 1, year = 1970, hour = 0, minute = 0, second = 0] = numbersOf(t);
  return { year, month, day, hour: hour % 24, minute, second, weekday: new Date(Date.UTC(year, month - 1, day)).getUTCDay() };
}

/** Shanghai's offset from UTC at an instant, in milliseconds (+8 h: no summer time since 1991). */
function offsetAt(t: number): number {
  const s = shanghaiTime(t)!;
  return Date.UTC(s.year, s.month - 1, s.day, s.hour, s.minute, s.second) - Math.floor(t / 1000) * 1000;
}

/**
 * A Shanghai wall-clock time as ISO 8601 text with Shanghai's offset, the form the API takes:
 * ("2026-11-25", "19:30") → "2026-11-25T19:30:00+08:00". `time` is "HH:MM" or "HH:MM:SS".
 */
export function shanghaiIso(date: string, time = '00:00'): string {
  const [y = 0, mo = 1, d = 1] = date.split('-').map(Number);
  const [h = 0, mi = 0, s = 0] = time.split(':').map(Number);
  const wall = Date.UTC(y, mo - 1, d, h, mi, s);
  const offset = offsetAt(wall - offsetAt(wall));
  const minutes = Math.abs(offset) / 60_000;
  const sign = offset < 0 ? '-' : '+';
  return `${date}T${pad(h)}:${pad(mi)}:${pad(s)}${sign}${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;
}

/** Whole calendar days from Shanghai date `from` to Shanghai date `to` (1: `to` is the next day). */
export function daysBetween(from: ShanghaiTime, to: ShanghaiTime): number {
  return Math.round((Date.UTC(to.year, to.month - 1, to.day) - Date.UTC(from.year, from.month - 1, from.day)) / DAY_MS);
}

/** A "YYYY-MM-DD" date (a deadline) as a ShanghaiTime at its midnight. */
export function shanghaiDate(date: string): ShanghaiTime {
  const [year = 1970, month = 1, day = 1] = date.split('-').map(Number);
  return { year, month, day, hour: 0, minute: 0, second: 0, weekday: new Date(Date.UTC(year, month - 1, day)).getUTCDay() };
}

/** "19:30". */
export const hourMinute = (s: ShanghaiTime): string => `${pad(s.hour)}:${pad(s.minute)}`;

/** "2026-11-25", as a date field and the API's dates read. */
export const isoDateOf = (s: ShanghaiTime): string => `${s.year}-${pad(s.month)}-${pad(s.day)}`;

/** "11月25日", with the year in front ("2027年1月2日") when it is not `now`'s year. */
export const monthDay = (s: ShanghaiTime, now: ShanghaiTime): string =>
  `${s.year === now.year ? '' : `${s.year}年`}${s.month}月${s.day}日`;

/** "星期二". */
export const weekdayText = (s: ShanghaiTime): string => WEEKDAYS[s.weekday]!;
