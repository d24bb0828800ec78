// Times, dates and durations as people say them in Chinese (11月25日 星期二, 12分钟, 还剩3天), in Shanghai time
// (cms-server/src/domain/time.ts), and the kinds of item in the server's own words (domain/labels.ts).
import {
  daysBetween,
  hourMinute,
  monthDay,
  shanghaiDate,
  shanghaiTime,
  weekdayText,
  type ShanghaiTime,
} from '../../../cms-server/src/domain/time.ts';

export { ITEM_KIND_LABELS as KIND_LABEL } from '../../../cms-server/src/domain/labels.ts';

/** An instant in Shanghai; the epoch for text that is no time (the API never sends one). */
const shanghai = (at: string | Date): ShanghaiTime => shanghaiTime(at) ?? shanghaiTime(0)!;

export function dateText(iso: string, now = new Date()): string {
  const d = shanghai(iso);
  const n = shanghai(now);
  const ago = daysBetween(d, n);
  if (ago === 0) return '今天';
  if (ago === 1) return '昨天';
  return `${monthDay(d, n)} ${weekdayText(d)}`;
}

/** "19:30": the Shanghai time of day. */
export function timeText(iso: string): string {
  return hourMinute(shanghai(iso));
}

/** "今天 19:30", "昨天 08:05", or the date for older days ("11月18日 星期三"), as people say it. */
export function dateTimeText(iso: string, now = new Date()): string {
  const day = dateText(iso, now);
  return day === '今天' || day === '昨天' ? `${day} ${timeText(iso)}` : day;
}

export function durationText(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s}秒`;
  const h = Math.floor(s / 3600);
  const m = Math.round((s % 3600) / 60);
  return h > 0 ? `${h}小时${m > 0 ? `${m}分钟` : ''}` : `${m}分钟`;
}

/** "12:34" or "1:02:03", for the player's clock. */
export function clockText(seconds: number): string {
  const s = Math.max(0, Math.floor(Number.isFinite(seconds) ? seconds : 0));
  const hh = Math.floor(s / 3600);
  const mm = Math.floor((s % 3600) / 60);
  const ss = s % 60;
  const two = (n: number) => String(n).padStart(2, '0');
  return hh > 0 ? `${hh}:${two(mm)}:${two(ss)}` : `${two(mm)}:${two(ss)}`;
}

/** Days left until a "YYYY-MM-DD" deadline (a Shanghai date), inclusive of that day: 0 on the day itself. */
export function daysLeft(deadline: string, now = new Date()): number {
  return daysBetween(shanghai(now), shanghaiDate(deadline));
}

export function deadlineText(deadline: string, now = new Date()): string {
  const left = daysLeft(deadline, now);
  const [, m, d] = deadline.split('-').map(Number);
  if (left < 0) return `${m}月${d}日 已截止`;
  if (left === 0) return `${m}月${d}日 今天截止`;
  return `${m}月${d}日截止（还剩${left}天）`;
}

// Lightning wraps lines only at spaces (and U+200B). Chinese has no spaces, so allow a break between
// any two CJK characters, but never before closing punctuation (a line must not start with "，").
const CJK = '\\u2e80-\\u9fff\\uf900-\\ufaff\\uff00-\\uffef\\u3000-\\u303f';
const NO_BREAK_BEFORE = '，。、；：！？）》」』”’…·%';
const breakable = new RegExp(`([${CJK}])(?=[${CJK}])(?![${NO_BREAK_BEFORE}])`, 'g');
export function wrapCjk(text: string): string {
  return text.replace(breakable, '$1\u200B');
}

/** A count as it is printed: digits grouped by thousands ("1,000", "10,000"); no locale API needed on old boxes. */
export function countText(n: number): string {
  return String(Math.max(0, Math.round(n))).replace(/\B(?=(\d{3})+$)/g, ',');
}

/** Where the focus is in a list, as shown: "第 51 条，共 1,000 条" (`index` from 0). */
export function positionText(index: number, total: number): string {
  return `第 ${countText(index + 1)} 条，共 ${countText(total)} 条`;
}

/** The same, as it is said (no spaces or commas for the voice to read out): "第51条，共1000条". */
export function spokenPosition(index: number, total: number): string {
  return `第${index + 1}条，共${total}条`;
}
