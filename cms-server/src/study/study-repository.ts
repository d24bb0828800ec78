// The SQL of study records (migration 014): per member and item, per member and day, and the sums a report reads.
// Portable SQL: upserts as UPDATE-then-INSERT (no ON CONFLICT), GROUP BY, SUM, COUNT, CASE.
import type { Db } from '../db/database.ts';

export interface MemberStudyRow {
  member_id: string;
  item_id: string;
  watched_sec: number;
  furthest_sec: number;
  duration_sec: number;
  completed_at: string | null;
  first_at: string;
  last_at: string;
}

/** A member a box's household has, with the instant up to which their watching is credited. */
export interface WatchingMember {
  id: string;
  position: number;
  name: string;
  credited_until: string | null;
}

/** One row of a report: a member and what they studied in the range. */
export interface MemberTotalRow {
  member_id: string;
  name: string;
  household_name: string;
  branch_id: string | null;
  branch_name: string | null;
  party_member: 0 | 1;
  seconds: number;
  completed: number;
}

export interface WeekRow {
  branch_id: string | null;
  day: string;
  seconds: number;
}

/** Which members a report covers: a street's (or all), one branch's, or the branches a secretary serves. */
export interface ReportScope {
  street?: string;
  branch?: string;
  secretary?: string;
}

function scopeWhere(s: ReportScope): { clause: string; params: Record<string, string> } {
  const where: string[] = [];
  const params: Record<string, string> = {};
  if (s.street !== undefined) {
    where.push('h.street_id = @street');
    params.street = s.street;
  }
  if (s.branch !== undefined) {
    where.push('m.branch_id = @branch');
    params.branch = s.branch;
  }
  if (s.secretary !== undefined) {
    where.push('m.branch_id IN (SELECT b2.id FROM branches b2 WHERE b2.secretary_user_id = @secretary)');
    params.secretary = s.secretary;
  }
  return { clause: where.length ? `WHERE ${where.join(' AND ')}` : '', params };
}

export class StudyRepository {
  constructor(private readonly db: Db) {}

  /** The members of the box's household at these digits. */
  watching(deviceId: string, positions: number[]): WatchingMember[] {
    if (positions.length === 0) return [];
    const marks = positions.map((_, i) => `@p${i}`).join(', ');
    const params: Record<string, unknown> = { device: deviceId };
    positions.forEach((p, i) => (params[`p${i}`] = p));
    return this.db
      .prepare(
        `SELECT m.id, m.position, m.name, m.credited_until FROM members m
         JOIN tv_devices d ON d.household_id = m.household_id
         WHERE d.id = @device AND m.position IN (${marks}) ORDER BY m.position`,
      )
      .all(params) as WatchingMember[];
  }

  get(memberId: string, itemId: string): MemberStudyRow | undefined {
    return this.db.prepare('SELECT * FROM member_study WHERE member_id = ? AND item_id = ?').get(memberId, itemId) as MemberStudyRow | undefined;
  }

  put(row: MemberStudyRow, exists: boolean): void {
    if (exists) {
      this.db
        .prepare(
          `UPDATE member_study SET watched_sec = @watched_sec, furthest_sec = @furthest_sec, duration_sec = @duration_sec,
           completed_at = @completed_at, last_at = @last_at WHERE member_id = @member_id AND item_id = @item_id`,
        )
        .run(row);
    } else {
      this.db
        .prepare(
          `INSERT INTO member_study (member_id, item_id, watched_sec, furthest_sec, duration_sec, completed_at, first_at, last_at)
           VALUES (@member_id, @item_id, @watched_sec, @furthest_sec, @duration_sec, @completed_at, @first_at, @last_at)`,
        )
        .run(row);
    }
  }

  addDay(memberId: string, day: string, seconds: number): void {
    const changed = this.db.prepare('UPDATE member_study_days SET seconds = seconds + ? WHERE member_id = ? AND day = ?').run(seconds, memberId, day).changes;
    if (changed === 0) this.db.prepare('INSERT INTO member_study_days (member_id, day, seconds) VALUES (?, ?, ?)').run(memberId, day, seconds);
  }

  credit(memberId: string, until: string): void {
    this.db.prepare('UPDATE members SET credited_until = ? WHERE id = ?').run(until, memberId);
  }

  /** Seconds a member studied from day `from` to day `to` (inclusive). */
  secondsBetween(memberId: string, from: string, to: string): number {
    return (this.db.prepare('SELECT COALESCE(SUM(seconds), 0) FROM member_study_days WHERE member_id = ? AND day >= ? AND day <= ?').pluck().get(memberId, from, to) as number) ?? 0;
  }

  /**
   * Every member in scope with their seconds in [from, to] (Shanghai days) and lessons completed in [fromAt, toAt)
   * (UTC instants) — members who studied nothing are rows too (the participation rate needs them).
   */
  memberTotals(scope: ReportScope, range: { from: string; to: string; fromAt: string; toAt: string }): MemberTotalRow[] {
    const { clause, params } = scopeWhere(scope);
    // Members in scope first, then each one's sums through the primary keys (member_id, day) and (member_id, item_id):
    // the cost follows the members read, not the whole district's history.
    return this.db
      .prepare(
        `SELECT m.id AS member_id, m.name, h.name AS household_name, m.branch_id, b.name AS branch_name, m.party_member,
           COALESCE((SELECT SUM(s.seconds) FROM member_study_days s WHERE s.member_id = m.id AND s.day >= @from AND s.day <= @to), 0) AS seconds,
           (SELECT COUNT(*) FROM member_study c WHERE c.member_id = m.id AND c.completed_at >= @fromAt AND c.completed_at < @toAt) AS completed
         FROM members m
         JOIN households h ON h.id = m.household_id
         LEFT JOIN branches b ON b.id = m.branch_id
         ${clause}
         ORDER BY b.name, h.name, m.position`,
      )
      .all({ ...params, ...range }) as MemberTotalRow[];
  }

  /** Seconds per branch and day in [from, to], for the weekly chart (the service sums days into weeks). */
  days(scope: ReportScope, from: string, to: string): WeekRow[] {
    const { clause, params } = scopeWhere(scope);
    const where = clause ? `${clause} AND` : 'WHERE';
    return this.db
      .prepare(
        `SELECT m.branch_id, s.day, SUM(s.seconds) AS seconds
         FROM members m JOIN households h ON h.id = m.household_id
         CROSS JOIN member_study_days s
         ${where} s.member_id = m.id AND s.day >= @from AND s.day <= @to
         GROUP BY m.branch_id, s.day ORDER BY s.day`,
      )
      .all({ ...params, from, to }) as WeekRow[];
  }
}
