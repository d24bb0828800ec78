-- Content publishing (cms-server/src/publishing): who wrote and who reviewed an item, and why it was sent back.
-- items.status keeps 001's five states; "failed" is not stored but derived from the item's asset (a video whose
-- packaging failed), so the asset stays the one place that knows it.
-- User ids are stored without a foreign key, like assets.created_by (003): an account may be removed while the
-- content it wrote stays, and the audit log keeps the names.

-- The user who created the item and who changed it last (NULL for seeded content).
ALTER TABLE items ADD COLUMN created_by TEXT;
ALTER TABLE items ADD COLUMN updated_by TEXT;
-- When and by whom the item was last submitted for review.
ALTER TABLE items ADD COLUMN submitted_at TEXT;
ALTER TABLE items ADD COLUMN submitted_by TEXT;
-- The last review: who approved or sent back, when; the reason of a send-back, shown to the editor.
ALTER TABLE items ADD COLUMN reviewed_by TEXT;
ALTER TABLE items ADD COLUMN reviewed_at TEXT;
ALTER TABLE items ADD COLUMN review_note TEXT;

-- The admin's lists (newest change first, per street) and the scheduler's two questions:
-- "which scheduled items are due" and "which published items have expired".
CREATE INDEX items_by_street ON items (street_id, updated_at DESC);
CREATE INDEX items_due ON items (status, publish_at);
CREATE INDEX items_expiring ON items (status, unpublish_at);
