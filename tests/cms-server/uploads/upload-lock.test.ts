// The uploads' locker shared through the database (cms-server/src/uploads/upload-lock.ts): two lockers on one
// database stand for two CMS processes. One upload is written by one of them at a time; the other waits, then is
// refused with tus's lock timeout (answered 423 upload_locked); a lock whose process died expires; a held lock is
// renewed while its request runs. On SQLite and on PostgreSQL alike.
import { ERRORS } from '@tus/server';
import { afterEach, describe, expect, it } from 'vitest';
import type { Kdb } from '../../../cms-server/src/db/kysely.ts';
import { SharedUploadLocker } from '../../../cms-server/src/uploads/upload-lock.ts';
import { DIALECTS, openTestStore, type TestStore } from '../../helpers/stores.ts';

const stores: TestStore[] = [];
afterEach(async () => {
  for (const s of stores.splice(0)) await s.close();
});
const never = () => new AbortController().signal;
const noop = () => undefined;
const held = (d: Kdb) => d.selectFrom('upload_locks').select(['upload_id', 'owner']).execute();

describe.each(DIALECTS)('the shared upload locker on %s', (dialect) => {
  const db = async () => {
    const s = await openTestStore(dialect);
    stores.push(s);
    return s.db;
  };

  it('when one process holds an upload, then the other waits its time and is refused; once released, the other takes it', async () => {
    const d = await db();
    const p1 = new SharedUploadLocker(d, { waitMs: 300, pollMs: 20 });
    const p2 = new SharedUploadLocker(d, { waitMs: 300, pollMs: 20 });
    const first = p1.newLock('u1');
    await first.lock(never(), noop);
    expect(await held(d)).toHaveLength(1);

    const t0 = Date.now();
    await expect(p2.newLock('u1').lock(never(), noop)).rejects.toBe(ERRORS.ERR_LOCK_TIMEOUT);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(280);
    // Another upload is not held up.
    const other = p2.newLock('u2');
    await other.lock(never(), noop);
    await other.unlock();

    // Released while the other waits: it gets it within its wait.
    const waiting = p2.newLock('u1').lock(never(), noop);
    setTimeout(() => void first.unlock(), 100);
    await expect(waiting).resolves.toBeUndefined();
    expect(await held(d)).toEqual([{ upload_id: 'u1', owner: expect.stringContaining(`${process.pid}:`) }]);
  });

  it('when a process died holding a lock, then the lock is taken over once it has expired', async () => {
    const d = await db();
    const clock = { t: 1_000 };
    const p2 = new SharedUploadLocker(d, { leaseMs: 10_000, waitMs: 0, now: () => clock.t });
    // What a process killed mid-write leaves: its row, never renewed again.
    await d.insertInto('upload_locks').values({ upload_id: 'u1', owner: 'dead:1', expires_at: 5_000 }).execute();
    await expect(p2.newLock('u1').lock(never(), noop)).rejects.toBe(ERRORS.ERR_LOCK_TIMEOUT);
    clock.t = 5_000;
    const lock = p2.newLock('u1');
    await lock.lock(never(), noop);
    expect((await held(d))[0]!.owner).not.toBe('dead:1');
    await lock.unlock();
    expect(await held(d)).toEqual([]);
  });

  it('when a request holds a lock longer than the lease, then the lock is renewed and stays its own', async () => {
    const d = await db();
    const p1 = new SharedUploadLocker(d, { leaseMs: 150 });
    const p2 = new SharedUploadLocker(d, { leaseMs: 150, waitMs: 0 });
    const lock = p1.newLock('u1');
    await lock.lock(never(), noop);
    await new Promise((r) => setTimeout(r, 400));
    await expect(p2.newLock('u1').lock(never(), noop)).rejects.toBe(ERRORS.ERR_LOCK_TIMEOUT);
    await lock.unlock();
  });

  it('when the lock was taken from a holder that stalled past its expiry, then the holder is asked to stop its request', async () => {
    const d = await db();
    const p1 = new SharedUploadLocker(d, { leaseMs: 90 });
    let cancelled = false;
    const lock = p1.newLock('u1');
    await lock.lock(never(), () => void (cancelled = true));
    await d.updateTable('upload_locks').set({ owner: 'someone-else' }).execute();
    await new Promise((r) => setTimeout(r, 150));
    expect(cancelled).toBe(true);
    await lock.unlock();
    expect(await held(d)).toEqual([{ upload_id: 'u1', owner: 'someone-else' }]);
  });

  it('within one process a newer request still asks the holder to let go (tus\'s MemoryLocker, kept)', async () => {
    const d = await db();
    const p1 = new SharedUploadLocker(d);
    const first = p1.newLock('u1');
    // tus's cancel stops the holder's request, which then unlocks (once, however often it is asked).
    let asked = 0;
    await first.lock(never(), () => {
      if (asked++ === 0) setTimeout(() => void first.unlock(), 20);
    });
    const second = p1.newLock('u1');
    await expect(second.lock(never(), noop)).resolves.toBeUndefined();
    expect(asked).toBeGreaterThan(0);
    await second.unlock();
    expect(await held(d)).toEqual([]);
  });
});
