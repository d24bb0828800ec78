// 还在观看吗's pure logic: continuous playback counted between time updates (gaps and pauses not counted, a key
// starts again), and the times shortened for tests in the start address or on the box.
import { describe, expect, it } from 'vitest';
import { ANSWER_WITHIN_MS, ASK_EVERY_MS, PlayClock, stillWatchingTimes } from '../../../tv-app/src/player/still-watching.ts';

/** Time updates every 250 ms from `from` for `ms`, playing or not; the moment of the first `true`, if any. */
function run(clock: PlayClock, from: number, ms: number, playing = true): number | undefined {
  let due: number | undefined;
  for (let t = from; t <= from + ms; t += 250) if (clock.tick(t, playing) && due === undefined) due = t;
  return due;
}

describe('the play clock', () => {
  it('when a video plays on without a key, then it is time to ask after the set playback', () => {
    const c = new PlayClock(30 * 60_000);
    expect(run(c, 0, 30 * 60_000 + 1000)).toBe(30 * 60_000);
  });

  it('when a key comes, then counting starts again; what was played stays played', () => {
    const c = new PlayClock(10_000);
    expect(run(c, 0, 8000)).toBeUndefined();
    c.reset();
    expect(run(c, 8250, 8000)).toBeUndefined();
    expect(c.played).toBe(16_000); // the step from the key to the next update is not counted
  });

  it('when paused, or the updates stop for a while (a stall, a hidden tab), then that time is not playback', () => {
    const c = new PlayClock(10_000);
    run(c, 0, 4000);
    run(c, 4250, 60_000, false);
    expect(c.tick(70_000, true)).toBe(false);
    expect(c.tick(200_000, true)).toBe(false); // a gap: at most a second counted
    expect(c.played).toBeLessThan(6000);
  });
});

describe('the times', () => {
  it('when nothing is set, then 30 minutes and 2 minutes', () => {
    expect(stillWatchingTimes('', null)).toEqual({ askEveryMs: ASK_EVERY_MS, answerWithinMs: ANSWER_WITHIN_MS });
    expect(ASK_EVERY_MS).toBe(1_800_000);
    expect(ANSWER_WITHIN_MS).toBe(120_000);
  });

  it('when the start address or the box sets them, then those, the address first; nonsense is ignored', () => {
    expect(stillWatchingTimes('?stillWatching=5,3', '60,60')).toEqual({ askEveryMs: 5000, answerWithinMs: 3000 });
    expect(stillWatchingTimes('', '60,30')).toEqual({ askEveryMs: 60_000, answerWithinMs: 30_000 });
    expect(stillWatchingTimes('?stillWatching=abc', null)).toEqual({ askEveryMs: ASK_EVERY_MS, answerWithinMs: ANSWER_WITHIN_MS });
    expect(stillWatchingTimes('?stillWatching=0,0', null)).toEqual({ askEveryMs: ASK_EVERY_MS, answerWithinMs: ANSWER_WITHIN_MS });
    expect(stillWatchingTimes('?stillWatching=20', null)).toEqual({ askEveryMs: 20_000, answerWithinMs: ANSWER_WITHIN_MS });
  });
});
