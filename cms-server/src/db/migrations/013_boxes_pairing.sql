-- Boxes and pairing (issue 16): what a box says of itself when it starts and every minute after (its app version,
-- the street it is set to), the household it is paired to, and the short-lived codes that pair it. A household
-- deleted unpairs its boxes (ON DELETE SET NULL). Codes are six digits, single-use and expire (pairing-service.ts).
ALTER TABLE tv_devices ADD COLUMN household_id TEXT REFERENCES households (id) ON DELETE SET NULL;
ALTER TABLE tv_devices ADD COLUMN street_id TEXT;
ALTER TABLE tv_devices ADD COLUMN app_version TEXT;
ALTER TABLE tv_devices ADD COLUMN paired_at TEXT;
CREATE INDEX tv_devices_by_household ON tv_devices (household_id);
CREATE INDEX tv_devices_by_street ON tv_devices (street_id, last_seen_at);

CREATE TABLE pairing_codes (
  code       TEXT PRIMARY KEY,                          -- six digits
  device_id  TEXT NOT NULL REFERENCES tv_devices (id) ON DELETE CASCADE,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  used_at    TEXT
);
CREATE INDEX pairing_codes_by_device ON pairing_codes (device_id);
