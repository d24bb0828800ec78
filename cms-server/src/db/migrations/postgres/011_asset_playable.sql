-- PostgreSQL's form of ../011_asset_playable.sql: an asset may be watchable before its ladder is done
-- ('playable'). PostgreSQL changes a CHECK in place; SQLite had to rebuild the table.
ALTER TABLE assets DROP CONSTRAINT assets_status_check;
ALTER TABLE assets ADD CONSTRAINT assets_status_check
  CHECK (status IN ('pending', 'processing', 'playable', 'ready', 'failed'));
