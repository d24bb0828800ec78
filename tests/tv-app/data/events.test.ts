import { describe, expect, it } from 'vitest';
import { POLL_MS, pollMs, RECONNECT_MAX_MS, RECONNECT_MIN_MS, reconnectDelay } from '../../../tv-app/src/data/events.ts';

describe('reconnecting to the event stream', () => {
  it('when attempts keep failing, then the pause doubles from 1 s up to a minute', () => {
    const mid = () => 0.5; // no jitter
    expect([0, 1, 2, 3, 4, 5, 6, 7, 50].map((n) => reconnectDelay(n, mid))).toEqual([1000, 2000, 4000, 8000, 16000, 32000, 60000, 60000, 60000]);
  });

  it('when a district’s boxes reconnect together, then their pauses spread over ±25 %', () => {
    expect(reconnectDelay(0, () => 0)).toBe(RECONNECT_MIN_MS * 0.75);
    expect(reconnectDelay(0, () => 1)).toBe(RECONNECT_MIN_MS * 1.25);
    expect(reconnectDelay(20, () => 1)).toBe(RECONNECT_MAX_MS * 1.25);
    const spread = new Set(Array.from({ length: 100 }, () => reconnectDelay(3)));
    expect(spread.size).toBeGreaterThan(50);
  });

  it('when the start address sets how often to poll, then whole seconds from 5 to an hour count, anything else is the minute', () => {
    expect(pollMs('?poll=15')).toBe(15_000);
    expect(pollMs('?poll=99999')).toBe(3_600_000);
    for (const q of ['', '?poll=1', '?poll=abc', '?poll=-10', '?poll=']) expect(pollMs(q), q).toBe(POLL_MS);
  });
});
