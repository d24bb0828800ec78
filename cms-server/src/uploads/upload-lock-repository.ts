// The locks on tus uploads being written (migration 016, upload_locks): which process writes an upload now, until
// when. Taking one is a single statement (standard INSERT … ON CONFLICT … DO UPDATE … WHERE), so two processes can
// never both hold it; an expired lock (its process died) is simply taken over.
import type { Db } from '../db/database.ts';

export class UploadLockRepository {
  constructor(private readonly db: Db) {}

  /** Takes the lock of `uploadId` for `owner` until `expiresAt` (ms), unless another owner holds it unexpired. */
  tryTake(uploadId: string, owner: string, now: number, expiresAt: number): boolean {
    return (
      this.db
        .prepare(
          `INSERT INTO upload_locks (upload_id, owner, expires_at) VALUES (@uploadId, @owner, @expiresAt)
           ON CONFLICT (upload_id) DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at
           WHERE upload_locks.expires_at <= @now OR upload_locks.owner = excluded.owner`,
        )
        .run({ uploadId, owner, now, expiresAt }).changes === 1
    );
  }

  /** Moves the holder's expiry on; false when the lock is no longer `owner`'s. */
  renew(uploadId: string, owner: string, expiresAt: number): boolean {
    return (
      this.db.prepare('UPDATE upload_locks SET expires_at = ? WHERE upload_id = ? AND owner = ?').run(expiresAt, uploadId, owner)
        .changes === 1
    );
  }

  release(uploadId: string, owner: string): void {
    this.db.prepare('DELETE FROM upload_locks WHERE upload_id = ? AND owner = ?').run(uploadId, owner);
  }

  /** Removes locks that expired before `now` (their process died holding them); how many. */
  purgeExpired(now: number): number {
    return this.db.prepare('DELETE FROM upload_locks WHERE expires_at <= ?').run(now).changes;
  }
}
