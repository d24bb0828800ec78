// Storage of branches, households and their members (migration 012). Queries built with Kysely (db/kysely.ts), run
// on SQLite at once.
import { sql, type Expression, type SqlBool } from 'kysely';
import type { Db } from '../db/database.ts';
import { all, first, kyselyOf, run, type Kdb } from '../db/kysely.ts';

export interface BranchRow {
  id: string;
  street_id: string;
  name: string;
  members: number;
  secretary_user_id: string | null;
  secretary_name: string | null;
  created_at: string;
  updated_at: string;
}

export interface HouseholdRow {
  id: string;
  street_id: string;
  name: string;
  address: string;
  members: number;
  created_at: string;
  updated_at: string;
}

export interface MemberRow {
  id: string;
  household_id: string;
  position: number;
  name: string;
  branch_id: string | null;
  branch_name: string | null;
  party_member: 0 | 1;
  created_at: string;
  updated_at: string;
}

export interface HouseholdFilter {
  /** Only this street's. */
  street?: string;
  /** Name or address containing this text. */
  q?: string;
}

/**
 * `lower(column) LIKE lower(pattern) ESCAPE '\'`: the builder's LIKE has no ESCAPE (PostgreSQL's default escape is
 * '\' too); lower() on both sides keeps SQLite's ASCII-case-blind LIKE on PostgreSQL, whose LIKE minds case.
 */
function likeEscaped(column: Expression<string>, pattern: string): Expression<SqlBool> {
  return sql<SqlBool>`lower(${column}) LIKE lower(${pattern}) ESCAPE '\\'`;
}

export class HouseholdRepository {
  private readonly k: Kdb;

  constructor(private readonly db: Db) {
    this.k = kyselyOf(db);
  }

  // ---- branches ----

  /** Every branch with its secretary's name and its member count; callers add the WHERE. */
  private branchRows() {
    return this.k
      .selectFrom('branches as b')
      .leftJoin('users as u', 'u.id', 'b.secretary_user_id')
      .select((eb) => [
        'b.id',
        'b.street_id',
        'b.name',
        'b.created_at',
        'b.updated_at',
        'b.secretary_user_id',
        'u.display_name as secretary_name',
        eb
          .selectFrom('members as m')
          .select((e) => e.fn.countAll<number>().as('n'))
          .whereRef('m.branch_id', '=', 'b.id')
          .as('members'),
      ])
      .$castTo<BranchRow>();
  }

  branches(street?: string): BranchRow[] {
    return all(
      this.db,
      this.branchRows()
        .$if(street !== undefined, (qb) => qb.where('b.street_id', '=', street!))
        .orderBy('b.street_id')
        .orderBy('b.name')
        .orderBy('b.id'),
    );
  }

  branch(id: string): BranchRow | undefined {
    return first(this.db, this.branchRows().where('b.id', '=', id));
  }

  branchNamed(street: string, name: string): BranchRow | undefined {
    return first(this.db, this.branchRows().where('b.street_id', '=', street).where('b.name', '=', name));
  }

  insertBranch(b: { id: string; streetId: string; name: string; now: string }): void {
    run(
      this.db,
      this.k.insertInto('branches').values({ id: b.id, street_id: b.streetId, name: b.name, created_at: b.now, updated_at: b.now }),
    );
  }

  renameBranch(id: string, name: string, now: string): void {
    run(this.db, this.k.updateTable('branches').set({ name, updated_at: now }).where('id', '=', id));
  }

  setSecretary(id: string, userId: string | null, now: string): void {
    run(this.db, this.k.updateTable('branches').set({ secretary_user_id: userId, updated_at: now }).where('id', '=', id));
  }

  deleteBranch(id: string): void {
    run(this.db, this.k.deleteFrom('branches').where('id', '=', id));
  }

  // ---- households ----

  /** The households matching the filter (all of them for an empty one), nothing selected yet. */
  private householdsWhere(f: HouseholdFilter) {
    const like = f.q === undefined ? undefined : `%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    return this.k
      .selectFrom('households as h')
      .$if(f.street !== undefined, (qb) => qb.where('h.street_id', '=', f.street!))
      .$if(like !== undefined, (qb) =>
        qb.where((eb) => eb.or([likeEscaped(eb.ref('h.name'), like!), likeEscaped(eb.ref('h.address'), like!)])),
      );
  }

  /** The filtered households with their member counts. */
  private householdRows(f: HouseholdFilter) {
    return this.householdsWhere(f)
      .select((eb) => [
        'h.id',
        'h.street_id',
        'h.name',
        'h.address',
        'h.created_at',
        'h.updated_at',
        eb
          .selectFrom('members as m')
          .select((e) => e.fn.countAll<number>().as('n'))
          .whereRef('m.household_id', '=', 'h.id')
          .as('members'),
      ])
      .$castTo<HouseholdRow>();
  }

  households(filter: HouseholdFilter, page: { limit: number; offset: number }): { rows: HouseholdRow[]; total: number } {
    const total = first(this.db, this.householdsWhere(filter).select((eb) => eb.fn.countAll<number>().as('n')))!.n;
    const rows = all(
      this.db,
      this.householdRows(filter).orderBy('h.name').orderBy('h.id').limit(page.limit).offset(page.offset),
    );
    return { rows, total };
  }

  household(id: string): HouseholdRow | undefined {
    return first(this.db, this.householdRows({}).where('h.id', '=', id));
  }

  insertHousehold(h: { id: string; streetId: string; name: string; address: string; now: string }): void {
    run(
      this.db,
      this.k
        .insertInto('households')
        .values({ id: h.id, street_id: h.streetId, name: h.name, address: h.address, created_at: h.now, updated_at: h.now }),
    );
  }

  updateHousehold(id: string, c: { name: string; address: string; now: string }): void {
    run(this.db, this.k.updateTable('households').set({ name: c.name, address: c.address, updated_at: c.now }).where('id', '=', id));
  }

  /** Deletes the household; its members go with it (ON DELETE CASCADE). */
  deleteHousehold(id: string): void {
    run(this.db, this.k.deleteFrom('households').where('id', '=', id));
  }

  // ---- members ----

  /** Every member with their branch's name; callers add the WHERE. */
  private memberRows() {
    return this.k
      .selectFrom('members as m')
      .leftJoin('branches as b', 'b.id', 'm.branch_id')
      .select([
        'm.id',
        'm.household_id',
        'm.position',
        'm.name',
        'm.branch_id',
        'b.name as branch_name',
        'm.party_member',
        'm.created_at',
        'm.updated_at',
      ])
      .$castTo<MemberRow>();
  }

  members(householdId: string): MemberRow[] {
    return all(this.db, this.memberRows().where('m.household_id', '=', householdId).orderBy('m.position'));
  }

  member(id: string): MemberRow | undefined {
    return first(this.db, this.memberRows().where('m.id', '=', id));
  }

  /** The lowest digit 1–9 no member of the household has, or undefined when all nine are taken. */
  freePosition(householdId: string): number | undefined {
    const rows = all(this.db, this.k.selectFrom('members').select('position').where('household_id', '=', householdId));
    const taken = new Set(rows.map((r) => r.position));
    for (let p = 1; p <= 9; p++) if (!taken.has(p)) return p;
    return undefined;
  }

  insertMember(m: { id: string; householdId: string; position: number; name: string; branchId: string | null; partyMember: boolean; now: string }): void {
    run(
      this.db,
      this.k.insertInto('members').values({
        id: m.id,
        household_id: m.householdId,
        position: m.position,
        name: m.name,
        branch_id: m.branchId,
        party_member: m.partyMember ? 1 : 0,
        created_at: m.now,
        updated_at: m.now,
      }),
    );
  }

  updateMember(id: string, c: { name: string; branchId: string | null; partyMember: boolean; now: string }): void {
    run(
      this.db,
      this.k
        .updateTable('members')
        .set({ name: c.name, branch_id: c.branchId, party_member: c.partyMember ? 1 : 0, updated_at: c.now })
        .where('id', '=', id),
    );
  }

  deleteMember(id: string): void {
    run(this.db, this.k.deleteFrom('members').where('id', '=', id));
  }
}
