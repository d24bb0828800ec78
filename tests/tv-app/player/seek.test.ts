import { describe, expect, it } from 'vitest';
import { SeekGatherer } from '../../../tv-app/src/player/seek.ts';

describe('seeking with the arrow keys', () => {
  it('when → is pressed once, then the target is 10 s ahead; ← once from there, 10 s back', () => {
    const s = new SeekGatherer();
    expect(s.press(1, 0, 100, 600)).toEqual({ target: 110, step: 10 });
    expect(s.take()).toBe(110);
    expect(s.press(-1, 5000, 110, 600)).toEqual({ target: 100, step: -10 });
  });

  it('when → is pressed again and again, then the third and later presses jump 30 s', () => {
    const s = new SeekGatherer();
    const steps = [0, 400, 800, 1200, 1600].map((t) => s.press(1, t, 0, 600).step);
    expect(steps).toEqual([10, 10, 30, 30, 30]);
    expect(s.take()).toBe(110);
  });

  it('when → is held (a keydown every 33 ms), then one jump per 250 ms, growing to 30 s', () => {
    const s = new SeekGatherer();
    let moved = 0;
    for (let t = 0; t <= 1000; t += 33) moved += s.press(1, t, 0, 600).step;
    expect(moved).toBe(10 + 10 + 30 + 30); // jumps at 0, 264, 528 and 792 ms
  });

  it('when presses are far apart or change direction, then each is a 10 s jump again', () => {
    const s = new SeekGatherer();
    s.press(1, 0, 0, 600);
    s.press(1, 300, 0, 600);
    expect(s.press(-1, 600, 0, 600).step).toBe(-10);
    expect(s.press(-1, 5000, 0, 600).step).toBe(-10);
  });

  it('when a jump would pass either end, then it stops at the start or a second before the end', () => {
    const s = new SeekGatherer();
    expect(s.press(-1, 0, 4, 60).target).toBe(0);
    s.reset();
    expect(s.press(1, 0, 55, 60).target).toBe(59);
  });
});
