// Seeking with ← →: one press jumps 10 s; pressing again and again (or holding the key) jumps 30 s
// from the third jump on, so a long lesson can be crossed without a hundred presses. Presses gather
// into one target that is applied when the viewer pauses pressing, so hls.js seeks once.
export const SEEK_SHORT_S = 10;
export const SEEK_LONG_S = 30;
/** Presses closer together than this count as "again and again". */
export const STREAK_MS = 1200;
/** A held key repeats ~30 times a second: take one jump per this interval. */
export const HOLD_STEP_MS = 250;
/** The target is applied this long after the last press. */
export const APPLY_AFTER_MS = 600;

export interface SeekPress {
  /** Where playback will jump to. */
  target: number;
  /** The jump this press made (signed seconds), 0 when a held key's repeat was skipped. */
  step: number;
}

export class SeekGatherer {
  private target: number | undefined;
  private streak = 0;
  private lastDir = 0;
  private lastAt = -Infinity;

  /** A press of ← (dir −1) or → (dir +1) at time `now` (ms), from position `current` of `duration`. */
  press(dir: -1 | 1, now: number, current: number, duration: number): SeekPress {
    const base = this.target ?? current;
    const gap = now - this.lastAt;
    if (gap < HOLD_STEP_MS && dir === this.lastDir) return { target: base, step: 0 }; // a held key's repeat
    this.streak = gap < STREAK_MS && dir === this.lastDir ? this.streak + 1 : 1;
    this.lastDir = dir;
    this.lastAt = now;
    const size = this.streak >= 3 ? SEEK_LONG_S : SEEK_SHORT_S;
    const max = duration > 0 ? Math.max(0, duration - 1) : Infinity;
    this.target = Math.max(0, Math.min(max, base + dir * size));
    return { target: this.target, step: this.target - base };
  }

  /** The gathered target, once; undefined when there is none. */
  take(): number | undefined {
    const t = this.target;
    this.target = undefined;
    return t;
  }

  get pending(): number | undefined {
    return this.target;
  }

  reset(): void {
    this.target = undefined;
    this.streak = 0;
    this.lastDir = 0;
    this.lastAt = -Infinity;
  }
}
