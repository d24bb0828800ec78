// The free space of the disk a folder is on, asked in one place: uploads ask it before accepting a file, the
// packaging job before it starts (jobs/package-job.ts). And the one test of "the disk is full" for errors
// from Node's fs, from a child process's words (ffmpeg says "No space left on device") or a quota.
import fs from 'node:fs/promises';
import path from 'node:path';
import { DISK_FULL_SLACK_BYTES } from '../constants.ts';

/** Bytes an unprivileged process may still write on the disk holding `dir` (statfs: bavail × bsize). */
export async function freeBytes(dir: string): Promise<number> {
  const s = await fs.statfs(dir);
  return s.bavail * s.bsize;
}

/** `freeBytes` of a folder that may not exist yet (BACKUP_DIR before the first backup): its nearest existing parent's disk; null when none can be read. */
export async function freeBytesNear(dir: string): Promise<number | null> {
  for (let d = path.resolve(dir); ; d = path.dirname(d)) {
    try {
      return await freeBytes(d);
    } catch {
      if (path.dirname(d) === d) return null;
    }
  }
}

/** What `hasRoomFor` found: whether `bytes` fit with `reserve` left over, and the free space it saw. */
export interface Room {
  fits: boolean;
  free: number;
  /** `bytes + reserve`: what had to be free. */
  needed: number;
}

/** Whether `bytes` can be written on the disk holding `dir` and still leave `reserve` bytes free. */
export async function hasRoomFor(dir: string, bytes: number, reserve: number): Promise<Room> {
  const free = await freeBytes(dir);
  const needed = Math.max(0, bytes) + Math.max(0, reserve);
  return { fits: free >= needed, free, needed };
}

const FULL_CODES = new Set(['ENOSPC', 'EDQUOT']);
/** How the C library words ENOSPC and EDQUOT (ffmpeg and other child processes print these). */
const FULL_WORDS = /No space left on device|Disk quota exceeded/i;

/**
 * Whether an error says the disk (or the user's quota) is full: Node's ENOSPC/EDQUOT (also on an error's
 * `cause`), or those words in its message or in a child process's stderr kept on the error (`stderrTail`).
 */
export function isDiskFullError(error: unknown): boolean {
  for (let e = error, depth = 0; e && typeof e === 'object' && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    const { code, message, stderrTail } = e as { code?: unknown; message?: unknown; stderrTail?: unknown };
    if (typeof code === 'string' && FULL_CODES.has(code)) return true;
    if (typeof message === 'string' && FULL_WORDS.test(message)) return true;
    if (typeof stderrTail === 'string' && FULL_WORDS.test(stderrTail)) return true;
  }
  return typeof error === 'string' && FULL_WORDS.test(error);
}

/**
 * For a step that failed without saying why in so many words (ffmpeg's HLS muxer may end with exit code 0 and
 * segments it could not write): if the disk holding `dir` is full now (under DISK_FULL_SLACK_BYTES free), an
 * ENOSPC error that carries the failure as its cause; otherwise undefined (the failure is what it says).
 * Ask before removing what the step wrote, or the disk will not look full any more.
 */
export async function diskFullBehind(dir: string, failure: unknown): Promise<Error | undefined> {
  if (isDiskFullError(failure)) return undefined;
  let free: number;
  try {
    free = await freeBytes(dir);
  } catch {
    return undefined;
  }
  if (free >= DISK_FULL_SLACK_BYTES) return undefined;
  const why = failure instanceof Error ? failure.message : String(failure);
  return Object.assign(new Error(`No space left on device (${free} bytes free when this failed: ${why})`, { cause: failure }), { code: 'ENOSPC' });
}
