// Urgent notices (紧急通知) and which of them this box has already shown: a notice seen — opened with OK or
// put away with Back — is not shown again, also after a restart. The list is kept on the box, newest last.
import type { ItemSummary } from './api.ts';

const KEY = 'keting.urgent.seen.v1';
/** Ids kept; older ones fall off (their notices are long gone from the catalog). */
const MAX_SEEN = 200;

function readSeen(): string[] {
  try {
    const v = JSON.parse(localStorage.getItem(KEY) ?? '[]') as unknown;
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
}

export const wasSeen = (id: string): boolean => readSeen().includes(id);

export function markSeen(id: string): void {
  const seen = readSeen().filter((x) => x !== id);
  seen.push(id);
  try {
    localStorage.setItem(KEY, JSON.stringify(seen.slice(-MAX_SEEN)));
  } catch {
    // a full or missing store: the notice may come again, which is better than never
  }
}

/** The urgent notices of `items` not yet seen, newest first. */
export function unseenUrgent(items: readonly ItemSummary[]): ItemSummary[] {
  const seen = new Set(readSeen());
  return items
    .filter((i) => i.urgent && !seen.has(i.id))
    .sort((a, b) => b.publishedAt.localeCompare(a.publishedAt));
}
