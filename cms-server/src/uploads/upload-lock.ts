// The tus server's Locker for uploads that several CMS processes may write: a resumable upload begun through one
// process can be resumed through another (they share the uploads folder and the database), and two of them must
// never write one upload at once. @tus/server's own MemoryLocker only sees its own process.
//
// A lock is taken in two steps: first in this process (MemoryLocker, unchanged: a newer request on the same
// process asks the holder to let go, as tus recommends for half-open connections), then in the database
// (upload-lock-repository.ts), renewed while held. A HEAD only reads the upload's size and takes the first step only
// (routes.ts). A request that finds the upload held by another process waits
// up to UPLOAD_LOCK_WAIT_S, then is answered 423 `upload_locked` (routes.ts); tus clients retry. A process that
// died holding a lock loses it after UPLOAD_LOCK_LEASE_S.
import crypto from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { ERRORS, MemoryLocker, type Lock, type Locker, type RequestRelease } from '@tus/server';
import { UPLOAD_LOCK_LEASE_S, UPLOAD_LOCK_POLL_MS, UPLOAD_LOCK_WAIT_S } from '../constants.ts';
import type { Kdb } from '../db/kysely.ts';
import { isDiskFullError } from '../storage/disk-space.ts';
import { UploadLockRepository } from './upload-lock-repository.ts';
import { diskFull } from './upload-store.ts';

export interface SharedLockerOptions {
  leaseMs?: number;
  waitMs?: number;
  pollMs?: number;
  now?: () => number;
}

export class SharedUploadLocker implements Locker {
  readonly repo: UploadLockRepository;
  /**
   * This process's own locker, the first step of every lock. Alone, it is the lock of a request that only reads
   * (HEAD: where an upload stands), which needs no write to the database — and so still answers on a full disk.
   */
  readonly local: MemoryLocker;
  readonly leaseMs: number;
  readonly waitMs: number;
  readonly pollMs: number;
  readonly now: () => number;
  /**
   * The owner written in the database: this process (this locker). Within the process the MemoryLocker already
   * lets one request at a time through, so a row this process left (a release that could not be written, e.g. on
   * a full disk) is simply taken over by its next request, while other processes wait for its expiry.
   */
  readonly owner = `${process.pid}:${crypto.randomBytes(4).toString('hex')}`;

  constructor(db: Kdb, o: SharedLockerOptions = {}) {
    this.repo = new UploadLockRepository(db);
    this.leaseMs = o.leaseMs ?? UPLOAD_LOCK_LEASE_S * 1000;
    this.waitMs = o.waitMs ?? UPLOAD_LOCK_WAIT_S * 1000;
    this.pollMs = o.pollMs ?? UPLOAD_LOCK_POLL_MS;
    this.now = o.now ?? Date.now;
    this.local = new MemoryLocker();
  }

  newLock(id: string): Lock {
    return new SharedUploadLock(id, this, this.local.newLock(id));
  }
}

class SharedUploadLock implements Lock {
  private renewal: NodeJS.Timeout | undefined;

  constructor(
    private readonly id: string,
    private readonly locker: SharedUploadLocker,
    private readonly local: Lock,
  ) {}

  private get owner(): string {
    return this.locker.owner;
  }

  async lock(signal: AbortSignal, cancelReq: RequestRelease): Promise<void> {
    await this.local.lock(signal, cancelReq);
    try {
      await this.takeShared(signal);
    } catch (e) {
      await this.local.unlock();
      throw e;
    }
    // Renewed while held; a lock found taken over (this process stalled past its expiry) stops the request.
    this.renewal = setInterval(() => {
      this.locker.repo.renew(this.id, this.owner, this.locker.now() + this.locker.leaseMs).then(
        (ours) => {
          if (ours || this.renewal === undefined) return;
          clearInterval(this.renewal);
          void cancelReq();
        },
        () => undefined, // a busy database: the next renewal tries again, well before the expiry
      );
    }, Math.max(50, Math.floor(this.locker.leaseMs / 3)));
    this.renewal.unref();
  }

  private async takeShared(signal: AbortSignal): Promise<void> {
    const { repo, leaseMs, waitMs, pollMs, now } = this.locker;
    const deadline = now() + waitMs;
    for (;;) {
      const t = now();
      let taken: boolean;
      try {
        taken = await repo.tryTake(this.id, this.owner, t, t + leaseMs);
      } catch (e) {
        // The database is on the full disk: the upload could not be written either (507, kept resumable).
        if ((e as { code?: unknown }).code === 'SQLITE_FULL' || isDiskFullError(e)) throw diskFull(true);
        throw e;
      }
      if (taken) return;
      if (signal.aborted || t >= deadline) throw ERRORS.ERR_LOCK_TIMEOUT;
      await sleep(pollMs, undefined, { ref: false });
    }
  }

  async unlock(): Promise<void> {
    clearInterval(this.renewal);
    this.renewal = undefined;
    try {
      await this.locker.repo.release(this.id, this.owner);
    } catch {
      // Not written (a full disk, a busy database): the row expires by itself, and this process's next request
      // takes it over at once. The request's own answer (e.g. 507 for the full disk) must not be replaced by this.
    }
    await this.local.unlock();
  }
}
