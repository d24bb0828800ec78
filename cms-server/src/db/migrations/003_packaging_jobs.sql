-- Uploaded videos belong to a street, and their packaging is a durable job (cms-server/src/jobs).
-- Independent of 002 (accounts): created_by holds a user id without a foreign key, so either migration
-- may be applied first on an existing database.

-- The street that owns the asset (NULL = district-wide, e.g. the seeded sample videos).
ALTER TABLE assets ADD COLUMN street_id TEXT REFERENCES streets (id);
-- The user id of the uploader (NULL for seeded assets).
ALTER TABLE assets ADD COLUMN created_by TEXT;
-- A title given at upload (shown in the admin's video list), and the uploaded file's size in bytes.
ALTER TABLE assets ADD COLUMN title TEXT;
ALTER TABLE assets ADD COLUMN source_size BIGINT;
-- The poster frame's file name inside media/<asset>/ once packaged.
ALTER TABLE assets ADD COLUMN poster TEXT;
-- Packaging progress, 0–100 (percent).
ALTER TABLE assets ADD COLUMN progress INTEGER NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 100);
-- A stable code next to the Chinese message in `error` (e.g. packaging_failed).
ALTER TABLE assets ADD COLUMN error_code TEXT;

UPDATE assets SET progress = 100, poster = 'poster.jpg' WHERE status = 'ready';

CREATE INDEX assets_by_street ON assets (street_id, created_at DESC);

-- Work that must survive a crash. A worker takes a job by writing its lease (owner + expiry) and renews
-- the lease while it works; a job whose lease ran out (its worker died) is taken again by the next worker.
CREATE TABLE jobs (
  id               TEXT PRIMARY KEY,
  kind             TEXT NOT NULL CHECK (kind IN ('package')),
  asset_id         TEXT NOT NULL REFERENCES assets (id) ON DELETE CASCADE,
  state            TEXT NOT NULL CHECK (state IN ('queued', 'running', 'done', 'failed')),
  attempts         INTEGER NOT NULL DEFAULT 0,
  max_attempts     INTEGER NOT NULL,
  lease_owner      TEXT,
  lease_expires_at TEXT,
  -- Percent, 0–100.
  progress         INTEGER NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 100),
  -- Why the last attempt failed, in words for people (Chinese); the technical detail for operators.
  last_error       TEXT,
  last_error_code  TEXT,
  last_error_detail TEXT,
  -- A queued job is not taken before this time (back-off after a failed attempt).
  run_after        TEXT NOT NULL,
  created_at       TEXT NOT NULL,
  updated_at       TEXT NOT NULL,
  started_at       TEXT,
  finished_at      TEXT,
  CHECK ((state = 'running') = (lease_owner IS NOT NULL AND lease_expires_at IS NOT NULL))
);
CREATE INDEX jobs_due ON jobs (state, run_after);
CREATE INDEX jobs_by_asset ON jobs (asset_id);
