-- The TV boxes the server has heard from (cms-server/src/tv-api/device-repository.ts). A box names itself with a
-- random UUID it makes once and keeps (deviceId() in tv-app/src/data/api.ts); the first report of an unknown id registers it
-- here, within bounds (new boxes per address per day, boxes in all: constants.ts), so invented ids cannot grow
-- the tables without limit. Pairing to households (a later step) adds its columns to this table.
-- credited_until bounds study time: the wall-clock instant up to which this box's reports have already been
-- credited as watching, across all its items — a box cannot watch two videos at once, nor more seconds than pass.
CREATE TABLE tv_devices (
  id             TEXT PRIMARY KEY,        -- the box's own UUID
  first_address  TEXT NOT NULL,           -- the address of its first report (for the per-address bound)
  first_seen_at  TEXT NOT NULL,           -- UTC ISO 8601
  last_seen_at   TEXT NOT NULL,           -- UTC ISO 8601, latest report
  credited_until TEXT NOT NULL            -- UTC ISO 8601, see above
);
-- "how many boxes first appeared from this address today".
CREATE INDEX tv_devices_by_address ON tv_devices (first_address, first_seen_at);
-- Boxes that reported before this table existed are registered from their progress rows.
INSERT INTO tv_devices (id, first_address, first_seen_at, last_seen_at, credited_until)
  SELECT device_id, 'unknown', MIN(first_seen_at), MAX(last_seen_at), MAX(last_seen_at)
  FROM viewing_progress GROUP BY device_id;
