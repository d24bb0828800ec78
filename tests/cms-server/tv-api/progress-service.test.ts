// Study time from progress reports, with a clock the test moves: watched seconds never exceed the wall-clock
// time between a box's reports (across its items, however many reports arrive), nor the video's real length;
// a box never heard of is registered within the bounds on new boxes. A real SQLite database in memory.
import crypto from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import { TV_NEW_DEVICES_PER_ADDRESS_PER_DAY } from '../../../cms-server/src/constants.ts';
import { openDatabase, type Db } from '../../../cms-server/src/db/database.ts';
import { AppError } from '../../../cms-server/src/http/errors.ts';
import { ProgressService } from '../../../cms-server/src/tv-api/progress-service.ts';

let db: Db;
let now: number;
let service: ProgressService;
const T0 = Date.parse('2026-12-01T11:30:00Z');
const advance = (s: number) => (now += s * 1000);
const ctx = (videoDurationSec = 3600, address = '10.0.0.1') => ({ videoDurationSec, address });
// Read from the table: positions() leaves out items that no longer exist, and these tests have no items.
const watched = (deviceId: string, itemId: string) =>
  (db.prepare('SELECT watched_sec FROM viewing_progress WHERE device_id = ? AND item_id = ?').pluck().get(deviceId, itemId) as number) ?? 0;

beforeEach(() => {
  db = openDatabase(':memory:');
  now = T0;
  service = new ProgressService(db, () => new Date(now));
});

describe('watched seconds', () => {
  it('when a box plays in real time, then every second counts', () => {
    const box = crypto.randomUUID();
    for (let t = 0; t <= 300; t += 15) {
      service.record({ deviceId: box, itemId: 'lesson', positionSec: t, durationSec: 3600 }, ctx());
      advance(15);
    }
    expect(watched(box, 'lesson')).toBe(300);
  });

  it('when 120 reports arrive in 0.2 s, each 1 s further on, then no more than the 0.2 s plus the one clock slack is credited', () => {
    const box = crypto.randomUUID();
    for (let i = 0; i <= 120; i++) {
      service.record({ deviceId: box, itemId: 'lesson', positionSec: i, durationSec: 60 }, ctx(60));
      advance(0.2 / 120);
    }
    expect(watched(box, 'lesson')).toBeLessThanOrEqual(2.2);
  });

  it('when one box reports two videos at once, then together they get no more than the time that passed', () => {
    const box = crypto.randomUUID();
    for (let t = 0; t <= 60; t += 15) {
      service.record({ deviceId: box, itemId: 'a', positionSec: t, durationSec: 3600 }, ctx());
      service.record({ deviceId: box, itemId: 'b', positionSec: t, durationSec: 3600 }, ctx());
      advance(15);
    }
    expect(watched(box, 'a') + watched(box, 'b')).toBeLessThanOrEqual(60 + 2);
  });

  it('when a box keeps reporting past the end or says the video is longer, then watched stops at the real length', () => {
    const box = crypto.randomUUID();
    for (let t = 0; t <= 600; t += 10) {
      // The box claims a 2-hour video and loops through an 8-second one.
      service.record({ deviceId: box, itemId: 'short', positionSec: t, durationSec: 7200 }, ctx(8));
      advance(10);
    }
    expect(watched(box, 'short')).toBe(8);
  });

  it('when a box comes back after an hour with the position an hour on, then only the per-report cap counts', () => {
    const box = crypto.randomUUID();
    service.record({ deviceId: box, itemId: 'lesson', positionSec: 0, durationSec: 7200 }, ctx(7200));
    advance(3600);
    service.record({ deviceId: box, itemId: 'lesson', positionSec: 3600, durationSec: 7200 }, ctx(7200));
    expect(watched(box, 'lesson')).toBeLessThanOrEqual(30);
  });
});

describe('boxes never heard of', () => {
  it('when one address invents box after box, then past the daily bound they are refused and nothing is stored; a day later it may again', () => {
    const report = (address: string) =>
      service.record({ deviceId: crypto.randomUUID(), itemId: 'lesson', positionSec: 1, durationSec: 60 }, ctx(60, address));
    for (let i = 0; i < TV_NEW_DEVICES_PER_ADDRESS_PER_DAY; i++) report('10.0.0.9');
    const rows = () => db.prepare('SELECT COUNT(*) FROM viewing_progress').pluck().get();
    const before = rows();
    let refused: unknown;
    try {
      report('10.0.0.9');
    } catch (err) {
      refused = err;
    }
    expect(refused).toBeInstanceOf(AppError);
    expect((refused as AppError).code).toBe('too_many_new_devices');
    expect((refused as AppError).status).toBe(429);
    expect(rows()).toBe(before);
    // Other addresses, and boxes already known, are not affected.
    expect(() => report('10.0.0.10')).not.toThrow();
    advance(24 * 3600 + 1);
    expect(() => report('10.0.0.9')).not.toThrow();
  });
});
