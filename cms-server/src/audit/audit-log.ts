// The audit log: who created, changed, approved, published or deleted what, and when. Every service that
// changes something calls `record` in the same transaction as the change itself. Queries built with Kysely
// (db/kysely.ts), run on SQLite at once.
import type { Actor } from '../domain/scope.ts';
import type { Db } from '../db/database.ts';
import { all, first, kyselyOf, run, type Kdb } from '../db/kysely.ts';

/** Actions written to the log; the admin shows them in Chinese (admin-web). */
export type AuditAction =
  | 'login'
  | 'login_failed'
  | 'logout'
  | 'password_changed'
  | 'user_created'
  | 'user_updated'
  | 'password_reset'
  | 'street_created'
  | 'street_updated'
  | 'asset_uploaded'
  | 'asset_deleted'
  | 'asset_captions_set'
  | 'asset_captions_removed'
  | 'item_created'
  | 'item_updated'
  | 'item_deleted'
  | 'item_submitted'
  | 'item_approved'
  | 'item_rejected'
  | 'item_scheduled'
  | 'item_published'
  | 'item_withdrawn'
  | 'item_unpublished'
  | 'broadcast_created'
  | 'broadcast_updated'
  | 'broadcast_deleted'
  | 'channel_filler_set'
  | 'branch_created'
  | 'branch_updated'
  | 'branch_deleted'
  | 'household_created'
  | 'household_updated'
  | 'household_deleted'
  | 'member_created'
  | 'member_updated'
  | 'member_deleted'
  | 'members_imported'
  | 'box_paired'
  | 'box_unpaired';

export type AuditTarget = 'session' | 'user' | 'street' | 'asset' | 'item' | 'broadcast' | 'channel' | 'branch' | 'household' | 'member' | 'box';

export interface AuditEntry {
  /** null: the system (the scheduler). */
  actor: Pick<Actor, 'userId' | 'displayName'> | null;
  action: AuditAction;
  targetType: AuditTarget;
  targetId: string | null;
  streetId?: string | null;
  detail?: Record<string, unknown>;
}

export interface AuditRow {
  id: number;
  at: string;
  actor_id: string | null;
  actor_name: string;
  action: AuditAction;
  target_type: AuditTarget;
  target_id: string | null;
  street_id: string | null;
  detail: string;
}

export const SYSTEM_ACTOR_NAME = '系统';

export class AuditLog {
  private readonly k: Kdb;

  constructor(
    private readonly db: Db,
    private readonly clock: () => Date = () => new Date(),
  ) {
    this.k = kyselyOf(db);
  }

  record(e: AuditEntry): void {
    run(
      this.db,
      this.k.insertInto('audit_log').values({
        at: this.clock().toISOString(),
        actor_id: e.actor?.userId ?? null,
        actor_name: e.actor?.displayName ?? SYSTEM_ACTOR_NAME,
        action: e.action,
        target_type: e.targetType,
        target_id: e.targetId,
        street_id: e.streetId ?? null,
        detail: JSON.stringify(e.detail ?? {}),
      }),
    );
  }

  /** Newest first. `streetId` limits to one street's records (and district-wide ones are left out). */
  list(opts: {
    streetId?: string;
    targetType?: AuditTarget;
    targetId?: string;
    limit: number;
    offset: number;
  }): { rows: AuditRow[]; total: number } {
    const { streetId, targetType, targetId } = opts;
    const filtered = this.k
      .selectFrom('audit_log')
      .$if(streetId !== undefined, (qb) => qb.where('street_id', '=', streetId!))
      .$if(targetType !== undefined, (qb) => qb.where('target_type', '=', targetType!))
      .$if(targetId !== undefined, (qb) => qb.where('target_id', '=', targetId!));
    const rows = all(
      this.db,
      filtered.selectAll().orderBy('id', 'desc').limit(opts.limit).offset(opts.offset).$castTo<AuditRow>(),
    );
    const total = first(this.db, filtered.select((eb) => eb.fn.countAll<number>().as('n')))!.n;
    return { rows, total };
  }
}
