-- PostgreSQL's form of ../002_accounts.sql (same tables and rules): PostgreSQL has no NOCASE collation, so the
-- username is unique through an index on lower(username), which the user repository's lookups use; the audit
-- log's id is an identity column (SQLite: INTEGER PRIMARY KEY AUTOINCREMENT).

-- A street may publish without review (its editors' submissions are approved at once).
ALTER TABLE streets ADD COLUMN publish_directly INTEGER NOT NULL DEFAULT 0 CHECK (publish_directly IN (0, 1));

CREATE TABLE users (
  id                   TEXT PRIMARY KEY,
  username             TEXT NOT NULL,
  display_name         TEXT NOT NULL,
  -- argon2id, PHC string format ($argon2id$v=19$m=…,t=…,p=…$salt$hash)
  password_hash        TEXT NOT NULL,
  role                 TEXT NOT NULL CHECK (role IN ('admin', 'reviewer', 'editor', 'operator', 'secretary')),
  -- NULL = district-wide
  street_id            TEXT REFERENCES streets (id),
  -- A one-time password (first admin, reset by an admin) must be replaced at the next login.
  must_change_password INTEGER NOT NULL DEFAULT 0 CHECK (must_change_password IN (0, 1)),
  disabled             INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
  password_changed_at  TEXT NOT NULL,
  created_at           TEXT NOT NULL,
  updated_at           TEXT NOT NULL
);

CREATE UNIQUE INDEX users_by_username ON users (lower(username));

-- A login. The cookie carries a random token; only its SHA-256 is stored, so a copy of the database
-- cannot be used to sign in.
CREATE TABLE sessions (
  id           TEXT PRIMARY KEY,
  user_id      TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  csrf_token   TEXT NOT NULL,
  created_at   TEXT NOT NULL,
  last_seen_at TEXT NOT NULL,
  -- Absolute end of the session; the idle limit is counted from last_seen_at (constants.ts).
  expires_at   TEXT NOT NULL,
  ip           TEXT,
  user_agent   TEXT
);
CREATE INDEX sessions_by_user ON sessions (user_id);
CREATE INDEX sessions_by_expiry ON sessions (expires_at);

-- Who did what, and when. Rows are only ever added.
CREATE TABLE audit_log (
  id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at          TEXT NOT NULL,
  -- NULL = the system itself (the scheduler)
  actor_id    TEXT,
  actor_name  TEXT NOT NULL,
  action      TEXT NOT NULL,
  target_type TEXT NOT NULL,
  target_id   TEXT,
  -- The street the target belongs to (NULL = district-wide), so a street's log can be read alone.
  street_id   TEXT,
  -- JSON: what changed (field names, the reason of a rejection, …)
  detail      TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_by_time ON audit_log (at DESC);
CREATE INDEX audit_by_target ON audit_log (target_type, target_id);
