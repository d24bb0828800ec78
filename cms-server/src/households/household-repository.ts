// The SQL of branches, households and their members (migration 012). Plain, portable SQL: LIMIT/OFFSET, COUNT,
// named parameters; no SQLite-only forms.
import type { Db } from '../db/database.ts';
import { whereOf } from '../db/where.ts';

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

const BRANCH_SELECT = `SELECT b.id, b.street_id, b.name, b.created_at, b.updated_at, b.secretary_user_id,
  u.display_name AS secretary_name, (SELECT COUNT(*) FROM members m WHERE m.branch_id = b.id) AS members
  FROM branches b LEFT JOIN users u ON u.id = b.secretary_user_id`;
const HOUSEHOLD_SELECT = `SELECT h.id, h.street_id, h.name, h.address, h.created_at, h.updated_at,
  (SELECT COUNT(*) FROM members m WHERE m.household_id = h.id) AS members FROM households h`;
const MEMBER_SELECT = `SELECT m.id, m.household_id, m.position, m.name, m.branch_id, b.name AS branch_name, m.party_member,
  m.created_at, m.updated_at FROM members m LEFT JOIN branches b ON b.id = m.branch_id`;

export interface HouseholdFilter {
  /** Only this street's. */
  street?: string;
  /** Name or address containing this text. */
  q?: string;
}

export class HouseholdRepository {
  constructor(private readonly db: Db) {}

  // ---- branches ----

  branches(street?: string): BranchRow[] {
    const { clause, params } = whereOf<{ street?: string }>({ street: 'b.street_id = @street' }, { street });
    return this.db.prepare(`${BRANCH_SELECT} ${clause} ORDER BY b.street_id, b.name, b.id`).all(params) as BranchRow[];
  }

  branch(id: string): BranchRow | undefined {
    return this.db.prepare(`${BRANCH_SELECT} WHERE b.id = ?`).get(id) as BranchRow | undefined;
  }

  branchNamed(street: string, name: string): BranchRow | undefined {
    return this.db.prepare(`${BRANCH_SELECT} WHERE b.street_id = ? AND b.name = ?`).get(street, name) as BranchRow | undefined;
  }

  insertBranch(b: { id: string; streetId: string; name: string; now: string }): void {
    this.db
      .prepare('INSERT INTO branches (id, street_id, name, created_at, updated_at) VALUES (?, ?, ?, ?, ?)')
      .run(b.id, b.streetId, b.name, b.now, b.now);
  }

  renameBranch(id: string, name: string, now: string): void {
    this.db.prepare('UPDATE branches SET name = ?, updated_at = ? WHERE id = ?').run(name, now, id);
  }

  setSecretary(id: string, userId: string | null, now: string): void {
    this.db.prepare('UPDATE branches SET secretary_user_id = ?, updated_at = ? WHERE id = ?').run(userId, now, id);
  }

  deleteBranch(id: string): void {
    this.db.prepare('DELETE FROM branches WHERE id = ?').run(id);
  }

  // ---- households ----

  households(filter: HouseholdFilter, page: { limit: number; offset: number }): { rows: HouseholdRow[]; total: number } {
    const { clause, params } = whereOf<HouseholdFilter>(
      { street: 'h.street_id = @street', q: "(h.name LIKE @q ESCAPE '\\' OR h.address LIKE @q ESCAPE '\\')" },
      { street: filter.street, q: filter.q === undefined ? undefined : `%${filter.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%` },
    );
    const total = this.db.prepare(`SELECT COUNT(*) FROM households h ${clause}`).pluck().get(params) as number;
    const rows = this.db
      .prepare(`${HOUSEHOLD_SELECT} ${clause} ORDER BY h.name, h.id LIMIT @limit OFFSET @offset`)
      .all({ ...params, limit: page.limit, offset: page.offset }) as HouseholdRow[];
    return { rows, total };
  }

  household(id: string): HouseholdRow | undefined {
    return this.db.prepare(`${HOUSEHOLD_SELECT} WHERE h.id = ?`).get(id) as HouseholdRow | undefined;
  }

  insertHousehold(h: { id: string; streetId: string; name: string; address: string; now: string }): void {
    this.db
      .prepare('INSERT INTO households (id, street_id, name, address, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(h.id, h.streetId, h.name, h.address, h.now, h.now);
  }

  updateHousehold(id: string, c: { name: string; address: string; now: string }): void {
    this.db.prepare('UPDATE households SET name = ?, address = ?, updated_at = ? WHERE id = ?').run(c.name, c.address, c.now, id);
  }

  /** Deletes the household; its members go with it (ON DELETE CASCADE). */
  deleteHousehold(id: string): void {
    this.db.prepare('DELETE FROM households WHERE id = ?').run(id);
  }

  // ---- members ----

  members(householdId: string): MemberRow[] {
    return this.db.prepare(`${MEMBER_SELECT} WHERE m.household_id = ? ORDER BY m.position`).all(householdId) as MemberRow[];
  }

  member(id: string): MemberRow | undefined {
    return this.db.prepare(`${MEMBER_SELECT} WHERE m.id = ?`).get(id) as MemberRow | undefined;
  }

  /** The lowest digit 1–9 no member of the household has, or undefined when all nine are taken. */
  freePosition(householdId: string): number | undefined {
    const taken = new Set(this.db.prepare('SELECT position FROM members WHERE household_id = ?').pluck().all(householdId) as number[]);
    for (let p = 1; p <= 9; p++) if (!taken.has(p)) return p;
    return undefined;
  }

  insertMember(m: { id: string; householdId: string; position: number; name: string; branchId: string | null; partyMember: boolean; now: string }): void {
    this.db
      .prepare(
        `INSERT INTO members (id, household_id, position, name, branch_id, party_member, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(m.id, m.householdId, m.position, m.name, m.branchId, m.partyMember ? 1 : 0, m.now, m.now);
  }

  updateMember(id: string, c: { name: string; branchId: string | null; partyMember: boolean; now: string }): void {
    this.db
      .prepare('UPDATE members SET name = ?, branch_id = ?, party_member = ?, updated_at = ? WHERE id = ?')
      .run(c.name, c.branchId, c.partyMember ? 1 : 0, c.now, id);
  }

  deleteMember(id: string): void {
    this.db.prepare('DELETE FROM members WHERE id = ?').run(id);
  }
}
