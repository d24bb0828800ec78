-- Broadcasts (cms-server/src/broadcasts): a live channel per street and one for the district, computed from a
-- schedule and the clock (broadcasts/live-playlist.ts), never re-encoded. All times are ISO 8601 UTC text.
-- Written in standard SQL (|| for concatenation, CHECK constraints, no SQLite-only types), so the same file reads
-- on PostgreSQL.

-- A channel: 'district' (street_id NULL) or 'street-<street id>' for each street, made with the street
-- (accounts/street-repository.ts) and here for the streets that already exist.
-- filler_section_id: the section whose ready, published videos loop when nothing is scheduled; NULL = every
-- video the channel may show (so a channel is never black while any video exists).
CREATE TABLE channels (
  id                TEXT PRIMARY KEY,
  street_id         TEXT UNIQUE REFERENCES streets (id),
  filler_section_id TEXT REFERENCES sections (id)
);
INSERT INTO channels (id, street_id) VALUES ('district', NULL);
INSERT INTO channels (id, street_id) SELECT 'street-' || id, id FROM streets;

-- A broadcast: what a channel shows in a time slot, once or recurring.
--   source 'items': the video items of broadcast_items, in order, from the slot's start; the rest of the slot
--                   is filler. source 'relay': an external live HLS stream (relay_url) for the slot — the relay
--                   engine that pulls it is a later step; until then the slot shows filler.
--   starts_at/ends_at: the first occurrence. repeat_kind 'once' | 'weekly' | 'rrule'; repeat_rule holds the
--   iCalendar RRULE (a weekly repeat is stored as its RRULE too, repeat_days keeps the chosen days for the
--   form), evaluated in Asia/Shanghai wall-clock time (broadcasts/recurrence.ts).
--   takeover: what the TVs do at the start ('none' | 'prompt' | 'switch'), announced announce_min minutes before.
CREATE TABLE broadcasts (
  id           TEXT PRIMARY KEY,
  channel_id   TEXT NOT NULL REFERENCES channels (id),
  title        TEXT NOT NULL,
  source       TEXT NOT NULL CHECK (source IN ('items', 'relay')),
  relay_url    TEXT,
  starts_at    TEXT NOT NULL,
  ends_at      TEXT NOT NULL,
  repeat_kind  TEXT NOT NULL CHECK (repeat_kind IN ('once', 'weekly', 'rrule')),
  repeat_rule  TEXT,
  repeat_days  TEXT,
  takeover     TEXT NOT NULL CHECK (takeover IN ('none', 'prompt', 'switch')),
  announce_min INTEGER NOT NULL CHECK (announce_min >= 0),
  created_by   TEXT,
  updated_by   TEXT,
  created_at   TEXT NOT NULL,
  updated_at   TEXT NOT NULL,
  CHECK (ends_at > starts_at),
  CHECK ((source = 'relay') = (relay_url IS NOT NULL)),
  CHECK ((repeat_kind = 'once') = (repeat_rule IS NULL))
);
CREATE INDEX broadcasts_by_channel ON broadcasts (channel_id);

-- The video items of an 'items' broadcast, in order. item_id has no foreign key, like viewing_progress (005): an
-- item withdrawn and deleted later must not fail; the channel skips an item that is gone or not playable.
CREATE TABLE broadcast_items (
  broadcast_id TEXT NOT NULL REFERENCES broadcasts (id) ON DELETE CASCADE,
  position     INTEGER NOT NULL,
  item_id      TEXT NOT NULL,
  PRIMARY KEY (broadcast_id, position)
);

-- Every occurrence of every broadcast, expanded when the broadcast is saved (a repeat must end), so the overlap
-- check, the week view, the guide and the channel's index are range queries on one index.
CREATE TABLE broadcast_occurrences (
  broadcast_id TEXT NOT NULL REFERENCES broadcasts (id) ON DELETE CASCADE,
  channel_id   TEXT NOT NULL REFERENCES channels (id),
  starts_at    TEXT NOT NULL,
  ends_at      TEXT NOT NULL,
  PRIMARY KEY (broadcast_id, starts_at)
);
CREATE INDEX broadcast_occurrences_by_channel ON broadcast_occurrences (channel_id, starts_at);
