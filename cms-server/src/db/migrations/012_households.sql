-- Households and branches (issue 16): the people a box serves. A branch (党支部) belongs to a street; a household
-- (户) belongs to a street; its members (at most 9: the remote's digits pick them for 谁在看) belong to it, each in
-- one branch of the household's street or none, a party member or not. Pairing boxes to households, and the study
-- records per member, build on these rows. Deleting a household deletes its members (ON DELETE CASCADE; the
-- connection turns foreign keys on); a branch with members is not deleted (the service refuses, in words).
CREATE TABLE branches (
  id         TEXT PRIMARY KEY,                          -- random UUID
  street_id  TEXT NOT NULL REFERENCES streets (id),
  name       TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  UNIQUE (street_id, name)
);

CREATE TABLE households (
  id         TEXT PRIMARY KEY,                          -- random UUID
  street_id  TEXT NOT NULL REFERENCES streets (id),
  name       TEXT NOT NULL,                             -- how staff and the TV name it: 「平江路 12 号 张家」
  address    TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX households_by_street ON households (street_id, name);

CREATE TABLE members (
  id            TEXT PRIMARY KEY,                       -- random UUID
  household_id  TEXT NOT NULL REFERENCES households (id) ON DELETE CASCADE,
  position      INTEGER NOT NULL CHECK (position BETWEEN 1 AND 9),  -- the digit that picks them on the TV
  name          TEXT NOT NULL,
  branch_id     TEXT REFERENCES branches (id),
  party_member  INTEGER NOT NULL CHECK (party_member IN (0, 1)),
  created_at    TEXT NOT NULL,
  updated_at    TEXT NOT NULL,
  UNIQUE (household_id, position)
);
CREATE INDEX members_by_branch ON members (branch_id);
