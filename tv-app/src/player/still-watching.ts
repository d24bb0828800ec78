// 还在观看吗？(issue 16): after ASK_EVERY_MS of continuous playback without a key the player asks; without an
// answer in ANSWER_WITHIN_MS it pauses and stops reporting, so a TV left playing to an empty room counts no
// study time. Both can be shortened for tests and demonstrations in the start address (`/tv/?stillWatching=20,5`,
// seconds: ask after 20 s, wait 5 s) or in localStorage["keting.stillWatching"]. Pure logic: the player asks.

export const ASK_EVERY_MS = 30 * 60_000;
export const ANSWER_WITHIN_MS = 2 * 60_000;
/** A gap between two time updates longer than this (a stall, a pause, a hidden tab) is not counted as playing. */
const MAX_STEP_MS = 1_000;
/** The shortest settable times, in seconds. */
const MIN_ASK_S = 2;
const MIN_ANSWER_S = 1;

export interface StillWatchingTimes {
  askEveryMs: number;
  answerWithinMs: number;
}

/** The times in force: the start address's `stillWatching=<ask s>,<answer s>`, else the stored one, else 30 min / 2 min. */
export function stillWatchingTimes(search: string, stored: string | null): StillWatchingTimes {
  const spec = new URLSearchParams(search).get('stillWatching') ?? stored ?? '';
  const [ask, answer] = spec.split(',').map((s) => Number(s.trim()));
  return {
    askEveryMs: Number.isFinite(ask) && ask! >= MIN_ASK_S ? ask! * 1000 : ASK_EVERY_MS,
    answerWithinMs: Number.isFinite(answer) && answer! >= MIN_ANSWER_S ? answer! * 1000 : ANSWER_WITHIN_MS,
  };
}

/** Continuous playback since the viewer last showed they are there (a key, an answer). */
export class PlayClock {
  private sinceKeyMs = 0;
  private totalMs = 0;
  private last: number | undefined;

  constructor(private readonly askEveryMs: number) {}

  /** A time update: `playing` or not at `now`; answers whether it is time to ask 还在观看吗. */
  tick(now: number, playing: boolean): boolean {
    if (playing && this.last !== undefined) {
      const step = Math.min(Math.max(0, now - this.last), MAX_STEP_MS);
      this.sinceKeyMs += step;
      this.totalMs += step;
    }
    this.last = playing ? now : undefined;
    return this.sinceKeyMs >= this.askEveryMs;
  }

  /** The viewer showed they are there: counting starts again. */
  reset(): void {
    this.sinceKeyMs = 0;
    this.last = undefined;
  }

  /** Everything played in this visit to the player, in ms (a lesson was watched: its summary follows). */
  get played(): number {
    return this.totalMs;
  }
}
