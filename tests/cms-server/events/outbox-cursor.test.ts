// The hub's place in the outbox when ids commit out of order (cms-server/src/events/outbox-cursor.ts): what
// PostgreSQL does when two transactions take ids 41 and 42 and 42 commits first, or 41 is rolled back.
import { describe, expect, it } from 'vitest';
import { OutboxCursor } from '../../../cms-server/src/events/outbox-cursor.ts';

const rows = (...ids: number[]) => ids.map((id) => ({ id }));
const ids = (r: { id: number }[]) => r.map((x) => x.id);

describe('the outbox cursor', () => {
  it('when ids come in order (SQLite), then each is taken once and the floor follows the newest', () => {
    const c = new OutboxCursor(40);
    expect(ids(c.take(rows(41, 42)))).toEqual([41, 42]);
    expect([c.readFrom, c.newest]).toEqual([42, 42]);
    expect(ids(c.take(rows()))).toEqual([]);
    expect(ids(c.take(rows(43)))).toEqual([43]);
    expect(c.readFrom).toBe(43);
  });

  it('when 42 commits before 41, then 42 is sent, the floor waits at 40, and 41 is sent when it comes — once', () => {
    const clock = { t: 0 };
    const c = new OutboxCursor(40, 30_000, () => clock.t);
    expect(ids(c.take(rows(42)))).toEqual([42]);
    expect([c.readFrom, c.newest, c.waitingFor]).toEqual([40, 42, [41]]);
    clock.t = 5_000;
    expect(ids(c.take(rows(42)))).toEqual([]); // read again from the floor: 42 is not sent twice
    expect(ids(c.take(rows(41, 42, 43)))).toEqual([41, 43]);
    expect([c.readFrom, c.newest, c.waitingFor]).toEqual([43, 43, []]);
  });

  it('when an id never comes (its transaction rolled back), then it is passed over after the wait, and nothing after it is lost', () => {
    const clock = { t: 0 };
    const c = new OutboxCursor(0, 30_000, () => clock.t);
    expect(ids(c.take(rows(1, 3, 4)))).toEqual([1, 3, 4]);
    expect([c.readFrom, c.waitingFor]).toEqual([1, [2]]);
    clock.t = 29_999;
    expect(ids(c.take(rows(3, 4, 5)))).toEqual([5]);
    expect(c.readFrom).toBe(1);
    clock.t = 30_000;
    expect(ids(c.take(rows(3, 4, 5)))).toEqual([]);
    expect([c.readFrom, c.waitingFor]).toEqual([5, []]);
    expect(ids(c.take(rows(6)))).toEqual([6]);
  });

  it('when a row older than the floor turns up (after its wait ran out), then it is not sent: the floor only moves on', () => {
    const clock = { t: 0 };
    const c = new OutboxCursor(0, 1_000, () => clock.t);
    c.take(rows(2));
    clock.t = 1_000;
    c.take(rows(2));
    expect(c.readFrom).toBe(2);
    expect(ids(c.take(rows(1, 2, 3)))).toEqual([3]);
  });
});
