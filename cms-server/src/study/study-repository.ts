// Storage of study records (migration 014): per member and item, per member and day, and the sums a report reads.
// Queries built with Kysely (db/kysely.ts), run on SQLite at once; upserts as UPDATE-then-INSERT.
import type { ExpressionBuilder, Expression, SqlBool } from 'kysely';
import type { Db } from '../db/database.ts';
import { all, first, kyselyOf, run, type Kdb } from '../db/kysely.ts';
import type { DB, Households, Members } from '../db/schema.ts';

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

/** The condition on members `m` of households `h` that keeps those in scope (`1 = 1` for no scope). */
function inScope(eb: ExpressionBuilder<DB & { m: Members; h: Households }, 'm' | 'h'>, s: ReportScope): Expression<SqlBool> {
  const where: Expression<SqlBool>[] = [];
  if (s.street !== undefined) where.push(eb('h.street_id', '=', s.street));
  if (s.branch !== undefined) where.push(eb('m.branch_id', '=', s.branch));
  if (s.secretary !== undefined) {
    where.push(eb('m.branch_id', 'in', eb.selectFrom('branches as b2').select('b2.id').where('b2.secretary_user_id', '=', s.secretary)));
  }
  return eb.and(where);
}

export class StudyRepository {
  private readonly k: Kdb;

  constructor(private readonly db: Db) {
    this.k = kyselyOf(db);
  }

  /** The members of the box's household at these digits. */
  watching(deviceId: string, positions: number[]): WatchingMember[] {
    if (positions.length === 0) return [];
    return all(
      this.db,
      this.k
        .selectFrom('members as m')
        .innerJoin('tv_devices as d', 'd.household_id', 'm.household_id')
        .select(['m.id', 'm.position', 'm.name', 'm.credited_until'])
        .where('d.id', '=', deviceId)
        .where('m.position', 'in', positions)
        .orderBy('m.position'),
    );
  }

  get(memberId: string, itemId: string): MemberStudyRow | undefined {
    return first(this.db, this.k.selectFrom('member_study').selectAll().where('member_id', '=', memberId).where('item_id', '=', itemId));
  }

  put(row: MemberStudyRow, exists: boolean): void {
    if (exists) {
      run(
        this.db,
        this.k
          .updateTable('member_study')
          .set({
            watched_sec: row.watched_sec,
            furthest_sec: row.furthest_sec,
            duration_sec: row.duration_sec,
            completed_at: row.completed_at,
            last_at: row.last_at,
          })
          .where('member_id', '=', row.member_id)
          .where('item_id', '=', row.item_id),
      );
    } else {
      run(
        this.db,
        this.k.insertInto('member_study').values({
          member_id: row.member_id,
          item_id: row.item_id,
          watched_sec: row.watched_sec,
          furthest_sec: row.furthest_sec,
          duration_sec: row.duration_sec,
          completed_at: row.completed_at,
          first_at: row.first_at,
          last_at: row.last_at,
        }),
      );
    }
  }

  addDay(memberId: string, day: string, seconds: number): void {
    const changed = run(
      this.db,
      this.k
        .updateTable('member_study_days')
        .set((eb) => ({ seconds: eb('seconds', '+', seconds) }))
        .where('member_id', '=', memberId)
        .where('day', '=', day),
    );
    if (changed === 0) run(this.db, this.k.insertInto('member_study_days').values({ member_id: memberId, day, seconds }));
  }

  credit(memberId: string, until: string): void {
    run(this.db, this.k.updateTable('members').set({ credited_until: until }).where('id', '=', memberId));
  }

  /** Seconds a member studied from day `from` to day `to` (inclusive). */
  secondsBetween(memberId: string, from: string, to: string): number {
    const row = first(
      this.db,
      this.k
        .selectFrom('member_study_days')
        .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('seconds'), eb.lit(0)).as('n'))
        .where('member_id', '=', memberId)
        .where('day', '>=', from)
        .where('day', '<=', to),
    );
    return row?.n ?? 0;
  }

  /**
   * Every member in scope with their seconds in [from, to] (Shanghai days) and lessons completed in [fromAt, toAt)
   * (UTC instants) — members who studied nothing are rows too (the participation rate needs them).
   */
  memberTotals(scope: ReportScope, range: { from: string; to: string; fromAt: string; toAt: string }): MemberTotalRow[] {
    // Members in scope first, then each one's sums through the primary keys (member_id, day) and (member_id, item_id):
    // the cost follows the members read, not the whole district's history.
    return all(
      this.db,
      this.k
        .selectFrom('members as m')
        .innerJoin('households as h', 'h.id', 'm.household_id')
        .leftJoin('branches as b', 'b.id', 'm.branch_id')
        .select((eb) => [
          'm.id as member_id',
          'm.name',
          'h.name as household_name',
          'm.branch_id',
          'b.name as branch_name',
          'm.party_member',
          eb.fn
            .coalesce(
              eb
                .selectFrom('member_study_days as s')
                .select((e) => e.fn.sum<number>('s.seconds').as('n'))
                .whereRef('s.member_id', '=', 'm.id')
                .where('s.day', '>=', range.from)
                .where('s.day', '<=', range.to),
              eb.lit(0),
            )
            .as('seconds'),
          eb
            .selectFrom('member_study as c')
            .select((e) => e.fn.countAll<number>().as('n'))
            .whereRef('c.member_id', '=', 'm.id')
            .where('c.completed_at', '>=', range.fromAt)
            .where('c.completed_at', '<', range.toAt)
            .as('completed'),
        ])
        .where((eb) => inScope(eb, scope))
        // Members without a branch first, as SQLite sorts NULL (PostgreSQL would put them last unless told).
        .orderBy('b.name', (ob) => ob.asc().nullsFirst())
        .orderBy('h.name')
        .orderBy('m.position')
        .$castTo<MemberTotalRow>(),
    );
  }

  /** Seconds per branch and day in [from, to], for the weekly chart (the service sums days into weeks). */
  days(scope: ReportScope, from: string, to: string): WeekRow[] {
    // CROSS JOIN keeps SQLite's plan members-first (a cross join is never reordered), as in memberTotals.
    return all(
      this.db,
      this.k
        .selectFrom('members as m')
        .innerJoin('households as h', 'h.id', 'm.household_id')
        .crossJoin('member_study_days as s')
        .select((eb) => ['m.branch_id', 's.day', eb.fn.sum<number>('s.seconds').as('seconds')])
        .where((eb) => inScope(eb, scope))
        .whereRef('s.member_id', '=', 'm.id')
        .where('s.day', '>=', from)
        .where('s.day', '<=', to)
        .groupBy(['m.branch_id', 's.day'])
        .orderBy('s.day'),
    );
  }
}
