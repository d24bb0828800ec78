// Times as a Suzhou office worker reads them: Asia/Shanghai (UTC+8 all year, no summer time), "11月25日 19:30".
// The API stores UTC; the admin sends +08:00.

const SHANGHAI_OFFSET_MS = 8 * 3_600_000;
const pad = (n: number) => String(n).padStart(2, '0');

/** The Shanghai wall clock of an instant, read through the UTC getters of a shifted Date. */
function shanghai(iso: string): Date | null {
  const t = Date.parse(iso);
  return Number.isNaN(t) ? null : new Date(t + SHANGHAI_OFFSET_MS);
}

/** "11月25日 19:30"; the year only when it is not this year's. */
export function formatTime(iso: string | null | undefined, now = new Date()): string {
  if (!iso) return '';
  const d = shanghai(iso);
  if (!d) return '';
  const thisYear = new Date(now.getTime() + SHANGHAI_OFFSET_MS).getUTCFullYear();
  const year = d.getUTCFullYear() === thisYear ? '' : `${d.getUTCFullYear()}年`;
  return `${year}${d.getUTCMonth() + 1}月${d.getUTCDate()}日 ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}

/** The value of an <input type="datetime-local"> showing this instant in Shanghai: "2026-11-25T19:30". */
export function toLocalInput(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = shanghai(iso);
  if (!d) return '';
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}

/** An <input type="datetime-local"> value, read as Shanghai time, as the ISO text the API takes; '' → null. */
export function fromLocalInput(value: string): string | null {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})/.exec(value.trim());
  return m ? `${m[1]}T${m[2]}:${m[3]}:00+08:00` : null;
}

/** 125 → "02:05"; an hour or more → "1:02:05". */
export function formatDuration(sec: number | null | undefined): string {
  if (sec === null || sec === undefined || !Number.isFinite(sec)) return '';
  const s = Math.round(sec);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return h > 0 ? `${h}:${pad(m)}:${pad(s % 60)}` : `${pad(m)}:${pad(s % 60)}`;
}

/** 1_572_864 → "1.5 MB"; sizes people know from their file manager. */
export function formatSize(bytes: number | null | undefined): string {
  if (!bytes) return '';
  if (bytes >= 1024 ** 3) return `${Number((bytes / 1024 ** 3).toFixed(2))} GB`;
  if (bytes >= 1024 ** 2) return `${(bytes / 1024 ** 2).toFixed(1)} MB`;
  return `${Math.max(1, Math.round(bytes / 1024))} KB`;
}
