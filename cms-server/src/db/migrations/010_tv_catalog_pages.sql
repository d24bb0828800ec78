-- The TV's section lists, a page at a time (tv-api, GET /api/tv/v2/sections/:id/items): one section's published
-- items in list order — urgent first, newest published first, then id — so a page is a walk of this index from
-- the cursor's position (keyset on urgent, published_at, id) that stops after LIMIT rows, whatever the archive's
-- size. The same index counts a section's items and gives home its first items. Columns with DESC are portable
-- (PostgreSQL builds the same index).
CREATE INDEX items_tv_list ON items (section_id, status, urgent DESC, published_at DESC, id);
-- Home's urgent notices across sections, newest first.
CREATE INDEX items_tv_urgent ON items (urgent, status, published_at DESC, id);
