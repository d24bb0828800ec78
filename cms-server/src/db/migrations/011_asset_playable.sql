-- foreign_keys = off (database.ts: this migration rebuilds a table that others refer to)
-- An asset may be watchable before its ladder is done: 'playable' means media/<id>/master.m3u8 lists the source
-- copied as it is (media/packager.ts packageEarly) while the rungs are encoded; 'ready' still means the whole
-- ladder. SQLite cannot change a CHECK in place, so the table is rebuilt as SQLite's documentation describes
-- (foreign keys off around the transaction, checked before commit); the rows, columns and index are unchanged.
CREATE TABLE assets_new (
  id           TEXT PRIMARY KEY,
  status       TEXT NOT NULL CHECK (status IN ('pending', 'processing', 'playable', 'ready', 'failed')),
  source_name  TEXT,
  duration_sec DOUBLE PRECISION,
  -- JSON array of { height, bandwidth }
  renditions   TEXT NOT NULL DEFAULT '[]',
  error        TEXT,
  created_at   TEXT NOT NULL,
  updated_at   TEXT NOT NULL,
  street_id    TEXT REFERENCES streets (id),
  created_by   TEXT,
  title        TEXT,
  source_size  BIGINT,
  poster       TEXT,
  progress     INTEGER NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 100),
  error_code   TEXT
);
INSERT INTO assets_new (id, status, source_name, duration_sec, renditions, error, created_at, updated_at, street_id,
  created_by, title, source_size, poster, progress, error_code)
SELECT id, status, source_name, duration_sec, renditions, error, created_at, updated_at, street_id,
  created_by, title, source_size, poster, progress, error_code FROM assets;
DROP TABLE assets;
ALTER TABLE assets_new RENAME TO assets;
CREATE INDEX assets_by_street ON assets (street_id, created_at DESC);
