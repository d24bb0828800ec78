-- Study records (issue 16): what each household member watched, credited from their box's progress reports while
-- the TV knows they are watching (谁在看). Per member and item: seconds watched (never more than the video, never
-- more than the wall clock: a member watching on two boxes at once is credited once — members.credited_until),
-- the furthest position, when it was completed (≥ 90 % watched), first and last watched. Per member and Shanghai
-- day: the seconds credited that day, for reports over any range and the weekly chart. A member deleted takes
-- their records along (ON DELETE CASCADE). A branch names its secretary (支部书记), who reads its members' records.
ALTER TABLE members ADD COLUMN credited_until TEXT;
ALTER TABLE branches ADD COLUMN secretary_user_id TEXT REFERENCES users (id) ON DELETE SET NULL;
CREATE INDEX branches_by_secretary ON branches (secretary_user_id);

CREATE TABLE member_study (
  member_id    TEXT NOT NULL REFERENCES members (id) ON DELETE CASCADE,
  item_id      TEXT NOT NULL,
  watched_sec  DOUBLE PRECISION NOT NULL,
  furthest_sec DOUBLE PRECISION NOT NULL,
  duration_sec DOUBLE PRECISION NOT NULL,
  completed_at TEXT,
  first_at     TEXT NOT NULL,
  last_at      TEXT NOT NULL,
  PRIMARY KEY (member_id, item_id)
);
CREATE INDEX member_study_by_completed ON member_study (member_id, completed_at);

CREATE TABLE member_study_days (
  member_id TEXT NOT NULL REFERENCES members (id) ON DELETE CASCADE,
  day       TEXT NOT NULL,                               -- Asia/Shanghai date, YYYY-MM-DD
  seconds   DOUBLE PRECISION NOT NULL,
  PRIMARY KEY (member_id, day)
);
CREATE INDEX member_study_days_by_day ON member_study_days (day, member_id);
