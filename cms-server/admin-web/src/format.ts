// Times as a Suzhou office worker reads them: Asia/Shanghai whatever the office PC's own time zone, "11月25日 19:30"
// (domain/time.ts, through the contract). The API stores UTC; the admin sends Shanghai time with its offset.
import { hourMinute, isoDateOf, monthDay, shanghaiIso, shanghaiTime } from '../../src/admin/contract.ts';

const pad = (n: number) => String(n).padStart(2, '0');

/** "11月25日 19:30"; the year only when it is not this year's. */
export function formatTime(iso: string | null | undefined, now = new Date()): string {
  const s = iso ? shanghaiTime(iso) : null;
  return s ? `${monthDay(s, shanghaiTime(now)!)} ${hourMinute(s)}` : '';
}

/** The value of an <input type="datetime-local"> showing this instant in Shanghai: "2026-11-25T19:30". */
export function toLocalInput(iso: string | null | undefined): string {
  const s = iso ? shanghaiTime(iso) : null;
  return s ? `${isoDateOf(s)}T${hourMinute(s)}` : '';
}

/** An <input type="datetime-local"> value, read as Shanghai time, as the ISO text the API takes; '' → null. */
export function fromLocalInput(value: string): string | null {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/.exec(value.trim());
  return m ? shanghaiIso(m[1]!, m[2]!) : null;
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
