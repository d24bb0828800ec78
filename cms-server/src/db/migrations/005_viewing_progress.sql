-- Viewing progress reported by the TV boxes (cms-server/src/tv-api/progress-repository.ts): where each box left
-- each video, so it can be resumed (later also on another box), and how long was really watched.
-- One row per (device, item). device_id is a random UUID the box makes once and keeps; it identifies a box, not
-- a person. Study records per member are not built yet: they will add a nullable member_id column (the
-- member signed in on the box when the report came) and their own per-member table, keyed by member_id and
-- item_id, fed from the same reports — nothing here has to be rebuilt for it.
-- item_id has no foreign key, like assets.created_by (003): deleting an item must not fail or be slowed by the
-- boxes' history; readers join items to drop rows of items that are gone.
CREATE TABLE viewing_progress (
  device_id     TEXT NOT NULL,
  item_id       TEXT NOT NULL,
  position_sec  DOUBLE PRECISION NOT NULL,          -- last reported playback position
  duration_sec  DOUBLE PRECISION NOT NULL,          -- the video's duration as the box saw it
  watched_sec   DOUBLE PRECISION NOT NULL DEFAULT 0, -- seconds actually played; a seek does not add (see progress-service.ts)
  first_seen_at TEXT NOT NULL,          -- UTC ISO 8601, first report for this pair
  last_seen_at  TEXT NOT NULL,          -- UTC ISO 8601, latest report
  PRIMARY KEY (device_id, item_id)
);
-- "this box's positions, most recent first" (resume on another box, continue-watching).
CREATE INDEX viewing_progress_by_device ON viewing_progress (device_id, last_seen_at DESC);
