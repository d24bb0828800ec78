// One reconciliation of the database with the clock: what is due goes live, what expired comes off the TVs.
// The rows are the schedule; this only applies them. Each step is a conditional UPDATE that re-checks its own
// condition, and the whole tick is one IMMEDIATE transaction, so a second tick (or a second CMS process on the
// same database) finds nothing left to do: nothing is ever published twice, and an audit row is written only
// for a step that really happened.
import { AuditLog } from '../audit/audit-log.ts';
import { AdminItemRepository, type DueItemRow } from '../content/item-repository.ts';
import { inTransaction, type Db } from '../db/database.ts';
import { EventRepository } from '../events/event-repository.ts';

export interface TickResult {
  published: string[];
  unpublished: string[];
}

export function reconcilePublishing(db: Db, now: Date): TickResult {
  const items = new AdminItemRepository(db);
  const audit = new AuditLog(db, () => now);
  const events = new EventRepository(db);
  const iso = now.toISOString();
  // The scheduler acts for nobody (actor null): the log says 系统.
  const record = (action: 'item_published' | 'item_unpublished', row: DueItemRow, detail: Record<string, unknown>) =>
    audit.record({ actor: null, action, targetType: 'item', targetId: row.id, streetId: row.street_id, detail });
  return inTransaction(db, (): TickResult => {
    const result: TickResult = { published: [], unpublished: [] };
    // Expiry first: an item whose whole window passed while the server was down is withdrawn without ever
    // being shown (and without a publish that would be undone in the same instant).
    for (const row of items.expired(iso)) {
      if (!items.expire(row.id, iso)) continue;
      result.unpublished.push(row.id);
      if (row.status === 'published') events.itemChanged(false, row, now);
      record('item_unpublished', row, { unpublishAt: row.unpublish_at, ...(row.status === 'scheduled' ? { neverShown: true } : {}) });
    }
    for (const row of items.due(iso)) {
      if (!items.publishDue(row.id, iso)) continue;
      result.published.push(row.id);
      events.itemChanged(true, row, now);
      record('item_published', row, { publishAt: row.publish_at });
    }
    return result;
  });
}
