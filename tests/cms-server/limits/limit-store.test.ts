// The rate limits' store in the database (cms-server/src/limits): fixed windows counted as express-rate-limit's own
// memory store counts them, shared by every connection (process) on the same database, expired rows purged — on
// SQLite and on PostgreSQL alike.
import express from 'express';
import { MemoryStore, rateLimit, type Options, type Store } from 'express-rate-limit';
import { afterEach, describe, expect, it } from 'vitest';
import type { Kdb } from '../../../cms-server/src/db/kysely.ts';
import { LimitRepository } from '../../../cms-server/src/limits/limit-repository.ts';
import { DatabaseLimitStore } from '../../../cms-server/src/limits/limit-store.ts';
import { DIALECTS, openTestStore, type TestStore } from '../../helpers/stores.ts';

const WINDOW = 60_000;
const stores: TestStore[] = [];
afterEach(async () => {
  for (const s of stores.splice(0)) await s.close();
});

/** A store on `db` with a clock the test moves, initialised as express-rate-limit initialises it. */
function storeOn(db: Kdb, name: string, clock: { t: number }): DatabaseLimitStore {
  const s = new DatabaseLimitStore(db, name, () => clock.t);
  s.init({ windowMs: WINDOW } as Options);
  return s;
}

describe.each(DIALECTS)('the database rate-limit store on %s', (dialect) => {
  const open = async () => {
    const s = await openTestStore(dialect);
    stores.push(s);
    return s;
  };
  const database = async () => (await open()).db;

  it('when a key is hit, then it counts within one fixed window from the first hit, and a hit after the window starts again at 1', async () => {
    const clock = { t: 1_000_000 };
    const s = storeOn(await database(), 'login', clock);
    expect(await s.get('1.2.3.4')).toBeUndefined();
    expect(await s.increment('1.2.3.4')).toEqual({ totalHits: 1, resetTime: new Date(1_000_000 + WINDOW) });
    clock.t += 30_000;
    expect(await s.increment('1.2.3.4')).toEqual({ totalHits: 2, resetTime: new Date(1_000_000 + WINDOW) });
    expect(await s.get('1.2.3.4')).toEqual({ totalHits: 2, resetTime: new Date(1_000_000 + WINDOW) });
    clock.t = 1_000_000 + WINDOW; // the window ends exactly here, as in the memory store (resetTime <= now)
    expect(await s.get('1.2.3.4')).toBeUndefined();
    expect(await s.increment('1.2.3.4')).toEqual({ totalHits: 1, resetTime: new Date(1_000_000 + 2 * WINDOW) });
  });

  it('when a hit is taken back or a key reset, then the count follows; never below zero', async () => {
    const clock = { t: 5_000 };
    const s = storeOn(await database(), 'login', clock);
    await s.increment('k');
    await s.increment('k');
    await s.decrement('k');
    expect((await s.get('k'))?.totalHits).toBe(1);
    await s.decrement('k');
    await s.decrement('k');
    expect((await s.get('k'))?.totalHits).toBe(0);
    await s.increment('k');
    await s.resetKey('k');
    expect(await s.get('k')).toBeUndefined();
    expect((await s.increment('k')).totalHits).toBe(1);
  });

  it('when two limiters count the same client key, then each keeps its own count; resetAll forgets only its own', async () => {
    const clock = { t: 0 };
    const db = await database();
    const login = storeOn(db, 'login', clock);
    const speech = storeOn(db, 'speech', clock);
    await login.increment('1.2.3.4');
    await login.increment('1.2.3.4');
    await speech.increment('1.2.3.4');
    expect((await login.get('1.2.3.4'))?.totalHits).toBe(2);
    expect((await speech.get('1.2.3.4'))?.totalHits).toBe(1);
    await login.resetAll();
    expect(await login.get('1.2.3.4')).toBeUndefined();
    expect((await speech.get('1.2.3.4'))?.totalHits).toBe(1);
  });

  it('when two connections (two processes) share one database, then their hits add up to one count', async () => {
    const store = await open();
    const a = store.db;
    const b = store.another();
    const clock = { t: 10_000 };
    const onA = storeOn(a, 'login', clock);
    const onB = storeOn(b, 'login', clock);
    const totals: number[] = [];
    for (const s of [onA, onB, onA, onB, onB]) totals.push((await s.increment('9.9.9.9')).totalHits);
    expect(totals).toEqual([1, 2, 3, 4, 5]);
    await onA.decrement('9.9.9.9');
    expect((await onB.get('9.9.9.9'))?.totalHits).toBe(4);
  });

  it('when windows have ended, then their rows are purged about once a window, and by housekeeping', async () => {
    const clock = { t: 0 };
    const db = await database();
    const s = storeOn(db, 'box-address', clock);
    for (let i = 0; i < 20; i++) await s.increment(`addr-${i}`);
    const rows = async () => (await db.selectFrom('rate_limits').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n;
    expect(await rows()).toBe(20);
    clock.t = WINDOW + 1;
    await s.increment('fresh');
    expect(await rows()).toBe(1);
    clock.t = 3 * WINDOW;
    expect(await new LimitRepository(db).purgeExpired(clock.t)).toBe(1);
    expect(await rows()).toBe(0);
  });

  it('when it backs a limiter, then the limiter answers exactly as with the memory store: the same statuses and headers, request by request', async () => {
    const db = await database();
    const run = async (store: Store) => {
      const app = express();
      app.use(
        rateLimit({ store, windowMs: WINDOW, limit: 3, skipSuccessfulRequests: true, standardHeaders: 'draft-8', legacyHeaders: false }),
      );
      app.get('/', (req, res) => res.status(req.query.ok ? 200 : 401).end());
      const server = app.listen(0, '127.0.0.1');
      await new Promise((r) => server.once('listening', r));
      const port = (server.address() as { port: number }).port;
      const seen: string[] = [];
      for (const ok of [false, true, false, true, false, false, true]) {
        const res = await fetch(`http://127.0.0.1:${port}/${ok ? '?ok=1' : ''}`);
        seen.push(`${res.status} ${res.headers.get('ratelimit')?.replace(/t=\d+/, 't=?')}`);
      }
      server.close();
      return seen;
    };
    const fromDb = await run(new DatabaseLimitStore(db, 'same'));
    expect(fromDb).toEqual(await run(new MemoryStore()));
    expect(fromDb.map((l) => l.split(' ')[0])).toEqual(['401', '200', '401', '200', '401', '429', '429']);
  });

  it('a limiter name is a plain word: one that could run into another limiter\'s keys is refused', async () => {
    const db = await database();
    expect(() => new DatabaseLimitStore(db, 'login:x')).toThrow(/name/);
  });
});
