-- A packaging job may wait for something other than its turn (issue 18, "a full disk loses nothing"): held_for
-- says what. 'disk': there was not room enough on the media folder's disk to package it (checked before it
-- starts, or ffmpeg ran out of space mid-way). A held job is queued, its attempt not counted; the worker looks
-- at the free space again every DISK_RECHECK_S and runs it once there is room (jobs/worker.ts). NULL: not held.
ALTER TABLE jobs ADD COLUMN held_for TEXT CHECK (held_for IN ('disk'));
CREATE INDEX jobs_held ON jobs (held_for) WHERE held_for IS NOT NULL;
