-- Keting's first schema. All times are ISO 8601 UTC text ("2026-11-24T11:30:00.000Z").

-- A street (街道) or community: the scope of content and, later, of devices. NULL scope = district-wide.
CREATE TABLE streets (
  id   TEXT PRIMARY KEY,
  name TEXT NOT NULL
);

-- The ten sections of the TV, in remote-digit order.
CREATE TABLE sections (
  id          TEXT PRIMARY KEY,
  digit       TEXT NOT NULL UNIQUE CHECK (length(digit) = 1 AND digit BETWEEN '0' AND '9'),
  title       TEXT NOT NULL,
  description TEXT NOT NULL,
  position    INTEGER NOT NULL UNIQUE
);

-- A video's packaged form: HLS renditions under media/<id>/.
CREATE TABLE assets (
  id           TEXT PRIMARY KEY,
  status       TEXT NOT NULL CHECK (status IN ('pending', 'processing', 'ready', 'failed')),
  source_name  TEXT,
  duration_sec DOUBLE PRECISION,
  -- JSON array of { height, bandwidth }
  renditions   TEXT NOT NULL DEFAULT '[]',
  error        TEXT,
  created_at   TEXT NOT NULL,
  updated_at   TEXT NOT NULL
);

-- Everything a TV shows: video lessons, articles, notices, service guides, recruitment posts.
CREATE TABLE items (
  id           TEXT PRIMARY KEY,
  section_id   TEXT NOT NULL REFERENCES sections (id),
  kind         TEXT NOT NULL CHECK (kind IN ('video', 'article', 'notice', 'guide', 'recruitment')),
  title        TEXT NOT NULL,
  summary      TEXT NOT NULL,
  body         TEXT NOT NULL,
  urgent       INTEGER NOT NULL DEFAULT 0 CHECK (urgent IN (0, 1)),
  -- JSON: { guide } or { recruitment } by kind
  data         TEXT NOT NULL DEFAULT '{}',
  asset_id     TEXT REFERENCES assets (id),
  street_id    TEXT REFERENCES streets (id),
  status       TEXT NOT NULL CHECK (status IN ('draft', 'review', 'scheduled', 'published', 'withdrawn')),
  publish_at   TEXT,
  unpublish_at TEXT,
  published_at TEXT,
  created_at   TEXT NOT NULL,
  updated_at   TEXT NOT NULL,
  CHECK ((kind = 'video') = (asset_id IS NOT NULL))
);
CREATE INDEX items_by_section ON items (section_id, status, published_at DESC);
CREATE INDEX items_by_asset ON items (asset_id);
