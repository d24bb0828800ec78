// The audit log: who created, changed, approved, published or deleted what, and when. Every service that
// changes something calls `record` in the same transaction as the change itself.
import type { Actor } from '../domain/scope.ts';
import type { Db } from '../db/database.ts';
import { whereOf } from '../db/where.ts';

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
  constructor(
    private readonly db: Db,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  record(e: AuditEntry): void {
    this.db
      .prepare(
        `INSERT INTO audit_log (at, actor_id, actor_name, action, target_type, target_id, street_id, detail)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        this.clock().toISOString(),
        e.actor?.userId ?? null,
        e.actor?.displayName ?? SYSTEM_ACTOR_NAME,
        e.action,
        e.targetType,
        e.targetId,
        e.streetId ?? null,
        JSON.stringify(e.detail ?? {}),
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
    const { clause, params } = whereOf(
      { streetId: 'street_id = @streetId', targetType: 'target_type = @targetType', targetId: 'target_id = @targetId' },
      opts,
    );
    const rows = this.db
      .prepare(`SELECT * FROM audit_log ${clause} ORDER BY id DESC LIMIT @limit OFFSET @offset`)
      .all({ ...params, limit: opts.limit, offset: opts.offset }) as AuditRow[];
    const total = this.db.prepare(`SELECT COUNT(*) FROM audit_log ${clause}`).pluck().get(params) as number;
    return { rows, total };
  }
}
