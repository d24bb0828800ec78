// 谁在看 (issue 16): who of the box's household is watching. A paired box asks once per sitting as a lesson
// starts; the choice is kept in memory (a box switched off forgets it) until the remote has been idle for
// SITTING_IDLE_MS, and progress reports carry it (`members`) so the CMS credits their study. After a lesson the
// box says each member's month (「张建国 本月已学习 3 小时 20 分」, POST /api/tv/v1/boxes/summary). Pure logic
// here; the question is drawn by components/WhoIsWatching.ts, asked by the player.
import type { TvMember, TvStudySummary } from '../../../cms-server/src/tv-api/contract.ts';

export type { TvMember, TvStudySummary };

/** A sitting ends after this long without a key: the next lesson asks 谁在看 again. */
export const SITTING_IDLE_MS = 2 * 3600_000;

/** The digits the remote can pick (the household's members carry positions 1–9). */
const MAX_DIGIT = 9;

interface Kept {
  household: string;
  members: number[];
}

/**
 * The sitting: the last key's moment and the choice made in it. `choice` is undefined when nobody has
 * answered yet in this sitting (ask), an empty list when the viewer chose to record nobody (不记录).
 */
export class Sitting {
  private kept: Kept | null = null;
  private lastKeyAt: number;

  constructor(now: number, private readonly idleMs: number = SITTING_IDLE_MS) {
    this.lastKeyAt = now;
  }

  /** A key was pressed: the sitting goes on (or, after a long idle, a new one begins without the old choice). */
  noteKey(now: number): void {
    if (now - this.lastKeyAt > this.idleMs) this.kept = null;
    this.lastKeyAt = now;
  }

  /** The choice of this sitting for this household, or undefined (ask). */
  choice(household: string, members: readonly TvMember[], now: number): number[] | undefined {
    if (!this.kept || now - this.lastKeyAt > this.idleMs || this.kept.household !== household) return undefined;
    const known = new Set(members.map((m) => m.position));
    return this.kept.members.filter((d) => known.has(d));
  }

  choose(household: string, members: readonly number[], now: number): void {
    this.kept = { household, members: [...members].sort((a, b) => a - b) };
    this.lastKeyAt = now;
  }

  forget(): void {
    this.kept = null;
  }
}

/** The box's one sitting (in memory: switched off, the box forgets who was watching). */
export const sitting = new Sitting(Date.now());

/** Ticks or unticks the member of `digit`; digits no member has change nothing. Sorted. */
export function toggleMember(chosen: readonly number[], digit: number, members: readonly TvMember[]): number[] {
  if (digit < 1 || digit > MAX_DIGIT || !members.some((m) => m.position === digit)) return [...chosen];
  const next = chosen.includes(digit) ? chosen.filter((d) => d !== digit) : [...chosen, digit];
  return next.sort((a, b) => a - b);
}

/** The members the question lists: those the remote's digits reach, in digit order. */
export const askable = (members: readonly TvMember[]): TvMember[] =>
  members.filter((m) => m.position >= 1 && m.position <= MAX_DIGIT).sort((a, b) => a.position - b.position);

const namesOf = (chosen: readonly number[], members: readonly TvMember[]) =>
  chosen.map((d) => members.find((m) => m.position === d)?.name).filter((n): n is string => !!n);

/** The line under the names: what OK will do now. */
export function chosenLine(chosen: readonly number[], members: readonly TvMember[]): string {
  const names = namesOf(chosen, members);
  return names.length ? `已选：${names.join('、')}。按 OK 键开始播放` : '还没有选人：按 OK 键直接播放，不记录学习时间';
}

/** What the voice says as the question opens: the question, each digit and name, what to press. */
export function spokenQuestion(members: readonly TvMember[]): string {
  const list = askable(members).map((m) => `${m.position}，${m.name}`).join('；');
  return `谁在看？${list}。按数字键选择，可以选几位，选好后按 OK 键。`;
}

/** What the voice says as a digit toggles a member. */
export function spokenToggle(digit: number, chosen: readonly number[], members: readonly TvMember[]): string {
  const name = members.find((m) => m.position === digit)?.name;
  if (!name) return '';
  return chosen.includes(digit) ? `已选 ${name}` : `取消 ${name}`;
}

/** A month's study as people say it: 「3 小时 20 分」, 「20 分」, 「2 小时」, 「不到 1 分钟」. */
export function monthText(seconds: number): string {
  const minutes = Math.floor(Math.max(0, seconds) / 60);
  if (minutes < 1) return '不到 1 分钟';
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (h === 0) return `${m} 分`;
  return m === 0 ? `${h} 小时` : `${h} 小时 ${m} 分`;
}

/** The lines shown (and said) after a lesson, one per watching member, in digit order. */
export function summaryLines(summary: TvStudySummary): string[] {
  return [...summary.members].sort((a, b) => a.position - b.position).map((m) => `${m.name} 本月已学习 ${monthText(m.monthSeconds)}`);
}
