// Where each video was left, kept on the box, so "从上次 12:34 继续播放？" works and the yellow key
// lists what to continue. (Sending positions to the server comes with households and members.)
const KEY = 'keting.progress.v1';
const MAX_ENTRIES = 50;

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

export function saveProgress(p: Omit<Progress, 'updatedAt'>): void {
  const all = readAll();
  all[p.itemId] = { ...p, updatedAt: Date.now() };
  writeAll(all);
}

/** Videos left part-way, most recent first. */
export function continueWatching(): Progress[] {
  return Object.values(readAll()).filter(resumable).sort((a, b) => b.updatedAt - a.updatedAt);
}
