-- Rate limits shared by every CMS process on this database (limits/): one row per limiter and client key, a fixed
-- window as express-rate-limit's memory store keeps it — the hits counted so far and when the window ends (ms since
-- the epoch). A row whose window has ended counts as absent and is replaced by the next hit; expired rows are purged.
-- Before this, each process counted in its own memory: two processes gave an attacker twice the tries.
CREATE TABLE rate_limits (
  key TEXT PRIMARY KEY,
  hits INTEGER NOT NULL CHECK (hits >= 0),
  reset_at BIGINT NOT NULL
);
CREATE INDEX rate_limits_reset ON rate_limits (reset_at);

-- Which process is writing a tus upload (uploads/upload-lock.ts): a resumable upload may be resumed through any
-- process, and two of them must never append to one file at once. The holder renews expires_at (ms since the
-- epoch) while it writes; a process that died loses the lock when it expires.
CREATE TABLE upload_locks (
  upload_id TEXT PRIMARY KEY,
  owner TEXT NOT NULL,
  expires_at BIGINT NOT NULL
);
