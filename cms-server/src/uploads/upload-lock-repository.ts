// The locks on tus uploads being written (migration 016, upload_locks): which process writes an upload now, until
// when. Taking one is a single statement (INSERT … ON CONFLICT … DO UPDATE … WHERE), so two processes can never
// both hold it; an expired lock (its process died) is simply taken over. On Kysely: SQLite and PostgreSQL alike.
import type { Kdb } from '../db/kysely.ts';

export class UploadLockRepository {
  constructor(private readonly db: Kdb) {}

  /** Takes the lock of `uploadId` for `owner` until `expiresAt` (ms), unless another owner holds it unexpired. */
  async tryTake(uploadId: string, owner: string, now: number, expiresAt: number): Promise<boolean> {
    const r = await this.db
      .insertInto('upload_locks')
      .values({ upload_id: uploadId, owner, expires_at: expiresAt })
      .onConflict((oc) =>
        oc
          .column('upload_id')
          .doUpdateSet((eb) => ({ owner: eb.ref('excluded.owner'), expires_at: eb.ref('excluded.expires_at') }))
          .where((eb) => eb.or([eb('upload_locks.expires_at', '<=', now), eb('upload_locks.owner', '=', eb.ref('excluded.owner'))])),
      )
      .executeTakeFirst();
    return Number(r.numInsertedOrUpdatedRows) === 1;
  }

  /** Moves the holder's expiry on; false when the lock is no longer `owner`'s. */
  async renew(uploadId: string, owner: string, expiresAt: number): Promise<boolean> {
    const r = await this.db
      .updateTable('upload_locks')
      .set({ expires_at: expiresAt })
      .where('upload_id', '=', uploadId)
      .where('owner', '=', owner)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  async release(uploadId: string, owner: string): Promise<void> {
    await this.db.deleteFrom('upload_locks').where('upload_id', '=', uploadId).where('owner', '=', owner).execute();
  }

  /** Removes locks that expired before `now` (their process died holding them); how many. */
  async purgeExpired(now: number): Promise<number> {
    const r = await this.db.deleteFrom('upload_locks').where('expires_at', '<=', now).executeTakeFirst();
    return Number(r.numDeletedRows);
  }
}
