-- PostgreSQL's form of ../007_tv_events.sql: the id is an identity column.
-- What the TVs are told (cms-server/src/events): an outbox written in the same transaction as the change it
-- reports, so a rolled-back change is never announced, and read back by every CMS process that holds event
-- streams. A box that reconnects sends the id of the last event it had and is sent what it missed, for as long
-- as rows are kept (EVENTS_KEEP_HOURS in constants.ts; housekeeping deletes older ones).
-- id only grows (AUTOINCREMENT: an id is never reused, even after the newest rows are deleted), so "after id N"
-- is a box's whole bookmark. On PostgreSQL this column is BIGINT GENERATED ALWAYS AS IDENTITY.
CREATE TABLE tv_events (
  id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  type       TEXT NOT NULL,   -- item_shown | item_hidden (events/event-repository.ts)
  street_id  TEXT,            -- NULL: every box (the district's content); else that street's boxes only
  data       TEXT NOT NULL,   -- JSON, e.g. {"itemId":"…","urgent":true}
  created_at TEXT NOT NULL    -- UTC ISO 8601
);
CREATE INDEX tv_events_by_time ON tv_events (created_at);
