// The rate limits' store in the database (cms-server/src/limits): fixed windows counted as express-rate-limit's own
// memory store counts them, shared by every connection (process) on the same database file, expired rows purged.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import express from 'express';
import { MemoryStore, rateLimit, type Options, type Store } from 'express-rate-limit';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../../cms-server/src/db/database.ts';
import { LimitRepository } from '../../../cms-server/src/limits/limit-repository.ts';
import { DatabaseLimitStore } from '../../../cms-server/src/limits/limit-store.ts';

const WINDOW = 60_000;
const opened: Db[] = [];
const dirs: string[] = [];
afterEach(() => {
  for (const db of opened.splice(0)) db.close();
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function memoryDb(): Db {
  const db = openDatabase(':memory:');
  opened.push(db);
  return db;
}

/** A store on `db` with a clock the test moves, initialised as express-rate-limit initialises it. */
function storeOn(db: Db, name: string, clock: { t: number }): DatabaseLimitStore {
  const s = new DatabaseLimitStore(db, name, () => clock.t);
  s.init({ windowMs: WINDOW } as Options);
  return s;
}

describe('the database rate-limit store', () => {
  it('when a key is hit, then it counts within one fixed window from the first hit, and a hit after the window starts again at 1', () => {
    const clock = { t: 1_000_000 };
    const s = storeOn(memoryDb(), 'login', clock);
    expect(s.get('1.2.3.4')).toBeUndefined();
    expect(s.increment('1.2.3.4')).toEqual({ totalHits: 1, resetTime: new Date(1_000_000 + WINDOW) });
    clock.t += 30_000;
    expect(s.increment('1.2.3.4')).toEqual({ totalHits: 2, resetTime: new Date(1_000_000 + WINDOW) });
    expect(s.get('1.2.3.4')).toEqual({ totalHits: 2, resetTime: new Date(1_000_000 + WINDOW) });
    clock.t = 1_000_000 + WINDOW; // the window ends exactly here, as in the memory store (resetTime <= now)
    expect(s.get('1.2.3.4')).toBeUndefined();
    expect(s.increment('1.2.3.4')).toEqual({ totalHits: 1, resetTime: new Date(1_000_000 + 2 * WINDOW) });
  });

  it('when a hit is taken back or a key reset, then the count follows; never below zero', () => {
    const clock = { t: 5_000 };
    const s = storeOn(memoryDb(), 'login', clock);
    s.increment('k');
    s.increment('k');
    s.decrement('k');
    expect(s.get('k')?.totalHits).toBe(1);
    s.decrement('k');
    s.decrement('k');
    expect(s.get('k')?.totalHits).toBe(0);
    s.increment('k');
    s.resetKey('k');
    expect(s.get('k')).toBeUndefined();
    expect(s.increment('k').totalHits).toBe(1);
  });

  it('when two limiters count the same client key, then each keeps its own count; resetAll forgets only its own', () => {
    const clock = { t: 0 };
    const db = memoryDb();
    const login = storeOn(db, 'login', clock);
    const speech = storeOn(db, 'speech', clock);
    login.increment('1.2.3.4');
    login.increment('1.2.3.4');
    speech.increment('1.2.3.4');
    expect(login.get('1.2.3.4')?.totalHits).toBe(2);
    expect(speech.get('1.2.3.4')?.totalHits).toBe(1);
    login.resetAll();
    expect(login.get('1.2.3.4')).toBeUndefined();
    expect(speech.get('1.2.3.4')?.totalHits).toBe(1);
  });

  it('when two connections (two processes) share one database file, then their hits add up to one count', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'keting-limits-'));
    dirs.push(dir);
    const a = openDatabase(path.join(dir, 'keting.sqlite'));
    const b = openDatabase(path.join(dir, 'keting.sqlite'));
    opened.push(a, b);
    const clock = { t: 10_000 };
    const onA = storeOn(a, 'login', clock);
    const onB = storeOn(b, 'login', clock);
    const totals = [onA, onB, onA, onB, onB].map((s) => s.increment('9.9.9.9').totalHits);
    expect(totals).toEqual([1, 2, 3, 4, 5]);
    onA.decrement('9.9.9.9');
    expect(onB.get('9.9.9.9')?.totalHits).toBe(4);
  });

  it('when windows have ended, then their rows are purged about once a window, and by housekeeping', () => {
    const clock = { t: 0 };
    const db = memoryDb();
    const s = storeOn(db, 'box-address', clock);
    for (let i = 0; i < 20; i++) s.increment(`addr-${i}`);
    const rows = () => db.prepare('SELECT count(*) FROM rate_limits').pluck().get() as number;
    expect(rows()).toBe(20);
    clock.t = WINDOW + 1;
    s.increment('fresh');
    expect(rows()).toBe(1);
    clock.t = 3 * WINDOW;
    expect(new LimitRepository(db).purgeExpired(clock.t)).toBe(1);
    expect(rows()).toBe(0);
  });

  it('when it backs a limiter, then the limiter answers exactly as with the memory store: the same statuses and headers, request by request', async () => {
    const db = memoryDb();
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

  it('a limiter name is a plain word: one that could run into another limiter\'s keys is refused', () => {
    expect(() => new DatabaseLimitStore(memoryDb(), 'login:x')).toThrow(/name/);
  });
});
