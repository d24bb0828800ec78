// /api/admin/audit — the audit log, newest first. Admins only: it holds failed sign-in usernames (sometimes a
// password typed into the wrong box) and addresses. A district admin reads everything; a street admin only its
// own street's records (district-wide ones, failed sign-ins among them, are left out).
import { Router } from 'express';
import { z } from 'zod';
import type { AuditEntryView, AuditListResponse } from '../admin/contract.ts';
import { actorOf, requireRole } from '../auth/policy.ts';
import type { Db } from '../db/database.ts';
import { parseQuery } from '../http/validate.ts';
import { AuditLog, type AuditRow } from './audit-log.ts';

const query = z.object({
  targetType: z.enum(['session', 'user', 'street', 'asset', 'item']).optional(),
  targetId: z.string().max(100).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});

const entryView = (r: AuditRow): AuditEntryView => ({
  id: r.id,
  at: r.at,
  actorId: r.actor_id,
  actorName: r.actor_name,
  action: r.action,
  targetType: r.target_type,
  targetId: r.target_id,
  streetId: r.street_id,
  detail: JSON.parse(r.detail) as Record<string, unknown>,
});

export function auditRouter(db: Db): Router {
  const log = new AuditLog(db);
  const r = Router();
  r.use(requireRole(['admin'], '查看操作记录'));
  r.get('/', (req, res) => {
    const actor = actorOf(req);
    const q = parseQuery(query, req.query);
    const { rows, total } = log.list({ ...q, streetId: actor.streetId ?? undefined });
    res.json({ entries: rows.map(entryView), total } satisfies AuditListResponse);
  });
  return r;
}
