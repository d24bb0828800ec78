-- The relay engine (cms-server/src/broadcasts/relay-engine.ts): one row per relayed occurrence of a relay broadcast,
-- and one per segment pulled from its upstream into the relay cache (DATA_DIR/relay/<relay id>/). The channel's
-- playlists are computed from these rows and the clock; a restart loses nothing. Standard SQL, like 008.
--   status 'live'      pulling (or waiting for the upstream) while the slot runs;
--          'recording' the slot ended: its segments are being remuxed into an asset;
--          'recorded'  asset_id and item_id (a draft in 支部党课) exist, the cache is gone;
--          'failed'    recording failed RELAY_RECORD_MAX_ATTEMPTS times (error says why), or nothing was relayed.
-- target_ms: the upstream's target duration once known (the stall rule counts in it); bytes: the cache it holds.
CREATE TABLE relays (
  id           TEXT PRIMARY KEY,
  broadcast_id TEXT NOT NULL REFERENCES broadcasts (id) ON DELETE CASCADE,
  channel_id   TEXT NOT NULL REFERENCES channels (id),
  starts_at    TEXT NOT NULL,
  ends_at      TEXT NOT NULL,
  status       TEXT NOT NULL CHECK (status IN ('live', 'recording', 'recorded', 'failed')),
  attempts     INTEGER NOT NULL DEFAULT 0,
  bytes        BIGINT NOT NULL DEFAULT 0,
  target_ms    BIGINT,
  asset_id     TEXT,
  item_id      TEXT,
  error        TEXT,
  created_at   TEXT NOT NULL,
  updated_at   TEXT NOT NULL,
  UNIQUE (broadcast_id, starts_at)
);
CREATE INDEX relays_by_status ON relays (status);

-- A segment in the cache: n is its number in the relay (file seg_<n>.ts), at_ms when it arrived (it plays on the
-- channel from then), discontinuity when the upstream restarted or marked one before it.
CREATE TABLE relay_segments (
  relay_id      TEXT NOT NULL REFERENCES relays (id) ON DELETE CASCADE,
  n             INTEGER NOT NULL,
  at_ms         BIGINT NOT NULL,
  duration_ms   INTEGER NOT NULL,
  bytes         BIGINT NOT NULL,
  upstream_seq  INTEGER NOT NULL,
  discontinuity INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (relay_id, n)
);
