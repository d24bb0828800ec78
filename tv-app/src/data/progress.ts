// Where each video was left, kept on the box, so "从上次 12:34 继续播放？" works and the yellow key
// lists what to continue; also sent to the server (POST /api/tv/v1/progress) — at most every REPORT_EVERY_MS
// while playing, and at once on pause and on leaving the player. The box's copy stays the one it resumes from.
import { sendProgress } from './api.ts';

const KEY = 'keting.progress.v1';
const MAX_ENTRIES = 50;
/** Least time between two reports of the same video while it plays (the server counts watching per report). */
const REPORT_EVERY_MS = 15_000;
const lastReported = new Map<string, number>();

export interface Progress {
  itemId: string;
  title: string;
  position: number;
  duration: number;
  updatedAt: number;
}

function readAll(): Record<string, Progress> {
  try {
    return JSON.parse(localStorage.getItem(KEY) ?? '{}') as Record<string, Progress>;
  } catch {
    return {};
  }
}

function writeAll(all: Record<string, Progress>): void {
  const kept = Object.values(all).sort((a, b) => b.updatedAt - a.updatedAt).slice(0, MAX_ENTRIES);
  try {
    localStorage.setItem(KEY, JSON.stringify(Object.fromEntries(kept.map((p) => [p.itemId, p]))));
  } catch {
    // storage full or disabled: resuming is a convenience, playback goes on
  }
}

/**
 * A position worth offering to resume: past the opening and not in the closing part — 10 s each, or a
 * tenth of a short video.
 */
export function resumable(p: Progress | undefined): p is Progress {
  if (p === undefined || !(p.duration > 0)) return false;
  const margin = Math.min(10, p.duration * 0.1);
  return p.position >= margin && p.position < p.duration - margin;
}

export function progressOf(itemId: string): Progress | undefined {
  return readAll()[itemId];
}

/**
 * Keeps the position on the box; `now` (pause, leaving) also reports it to the server without waiting. `members`:
 * who is watching (谁在看, a paired box), carried by the report. Gives back the report sent, if one was.
 */
export function saveProgress(p: Omit<Progress, 'updatedAt'>, { now = false, members }: { now?: boolean; members?: readonly number[] } = {}): Promise<void> | undefined {
  const all = readAll();
  const at = Date.now();
  all[p.itemId] = { ...p, updatedAt: at };
  writeAll(all);
  if (!now && at - (lastReported.get(p.itemId) ?? 0) < REPORT_EVERY_MS) return undefined;
  lastReported.set(p.itemId, at);
  return sendProgress({ itemId: p.itemId, positionSec: p.position, durationSec: p.duration, ...(members?.length ? { members: [...members] } : {}) });
}

/** Videos left part-way, most recent first. */
export function continueWatching(): Progress[] {
  return Object.values(readAll()).filter(resumable).sort((a, b) => b.updatedAt - a.updatedAt);
}

/**
 * A position to come back to without asking: a broadcast took the viewer away from a playing video (the takeover),
 * and the player, shown again, carries on from here. Kept in memory only: it is for this one return.
 */
const held = new Map<string, number>();
export function holdPosition(itemId: string, position: number): void {
  held.set(itemId, position);
}
export function takeHeldPosition(itemId: string): number | undefined {
  const p = held.get(itemId);
  held.delete(itemId);
  return p;
}
