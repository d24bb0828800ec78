// Times, dates and durations as people say them in Chinese (11月25日 星期二, 12分钟, 还剩3天).
const WEEKDAYS = ['星期日', '星期一', '星期二', '星期三', '星期四', '星期五', '星期六'];
const TZ_OFFSET_MS = 8 * 3600 * 1000; // Asia/Shanghai has no daylight saving

/** A UTC instant as a Beijing-time calendar date. */
function beijing(iso: string | Date): Date {
  const t = typeof iso === 'string' ? Date.parse(iso) : iso.getTime();
  return new Date(t + TZ_OFFSET_MS);
}

export function dateText(iso: string, now = new Date()): string {
  const d = beijing(iso);
  const n = beijing(now);
  const sameDay = (a: Date, b: Date) =>
    a.getUTCFullYear() === b.getUTCFullYear() && a.getUTCMonth() === b.getUTCMonth() && a.getUTCDate() === b.getUTCDate();
  if (sameDay(d, n)) return '今天';
  if (sameDay(d, new Date(n.getTime() - 86400000))) return '昨天';
  const year = d.getUTCFullYear() === n.getUTCFullYear() ? '' : `${d.getUTCFullYear()}年`;
  return `${year}${d.getUTCMonth() + 1}月${d.getUTCDate()}日 ${WEEKDAYS[d.getUTCDay()]}`;
}

/** "19:30": the Beijing time of day. */
export function timeText(iso: string): string {
  const d = beijing(iso);
  return `${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')}`;
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

/** Days left until a "YYYY-MM-DD" deadline (Beijing date), inclusive of that day. */
export function daysLeft(deadline: string, now = new Date()): number {
  const end = Date.parse(`${deadline}T23:59:59+08:00`);
  return Math.floor((end - now.getTime()) / 86400000);
}

export function deadlineText(deadline: string, now = new Date()): string {
  const left = daysLeft(deadline, now);
  const [, m, d] = deadline.split('-').map(Number);
  if (left < 0) return `${m}月${d}日 已截止`;
  if (left === 0) return `${m}月${d}日 今天截止`;
  return `${m}月${d}日截止（还剩${left}天）`;
}

export const KIND_LABEL: Record<string, string> = {
  video: '视频',
  article: '文章',
  notice: '通知',
  guide: '办事指南',
  recruitment: '招聘',
};

// Lightning wraps lines only at spaces (and U+200B). Chinese has no spaces, so allow a break between
// any two CJK characters, but never before closing punctuation (a line must not start with "，").
const CJK = '\\u2e80-\\u9fff\\uf900-\\ufaff\\uff00-\\uffef\\u3000-\\u303f';
const NO_BREAK_BEFORE = '，。、；：！？）》」』”’…·%';
const breakable = new RegExp(`([${CJK}])(?=[${CJK}])(?![${NO_BREAK_BEFORE}])`, 'g');
export function wrapCjk(text: string): string {
  return text.replace(breakable, '$1\u200B');
}
