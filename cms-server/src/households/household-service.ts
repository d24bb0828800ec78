// Branches (党支部), households (户) and their members: who may see and change which, by street, and every change in
// the audit log in the same transaction. Managed by admins and operators; secretaries read (their street's, or all
// for a district account). A street account works in its own street only: another street's record is "not found"
// (ids cannot be probed), and naming another street in a body is refused (`street_scope`). A district account
// names the street of what it creates.
import crypto from 'node:crypto';
import { StreetRepository } from '../accounts/street-repository.ts';
import { AuditLog, type AuditAction } from '../audit/audit-log.ts';
import { HOUSEHOLD_MAX_MEMBERS } from '../constants.ts';
import { inTransaction, type Db } from '../db/database.ts';
import { AppError, notFound } from '../domain/errors.ts';
import type { Actor, Role } from '../domain/scope.ts';
import type { BranchView, HouseholdListResponse, HouseholdView, MemberImportResult, MemberView } from '../admin/contract.ts';
import { UserRepository } from '../auth/user-repository.ts';
import { HouseholdRepository, type BranchRow, type HouseholdRow, type MemberRow } from './household-repository.ts';
import { importRefusal, type ImportRow, type MemberSheet, type RowProblem } from './member-import.ts';
import type { HouseholdListQuery } from './validation.ts';

/** Who changes households, members and branches. */
export const HOUSEHOLD_MANAGERS: readonly Role[] = ['admin', 'operator'];
/** Who reads them (the secretary: for the study records of their branch's members). */
export const HOUSEHOLD_READERS: readonly Role[] = ['admin', 'operator', 'secretary'];

const branchView = (b: BranchRow): BranchView => ({
  id: b.id,
  streetId: b.street_id,
  name: b.name,
  members: b.members,
  secretaryId: b.secretary_user_id,
  secretaryName: b.secretary_name,
});
const memberView = (m: MemberRow): MemberView => ({
  id: m.id,
  householdId: m.household_id,
  position: m.position,
  name: m.name,
  branchId: m.branch_id,
  branchName: m.branch_name,
  partyMember: m.party_member === 1,
});

export class HouseholdService {
  private readonly repo: HouseholdRepository;
  private readonly streets: StreetRepository;
  private readonly audit: AuditLog;
  private readonly users: UserRepository;

  constructor(
    private readonly db: Db,
    private readonly clock: () => Date = () => new Date(),
  ) {
    this.repo = new HouseholdRepository(db);
    this.streets = new StreetRepository(db);
    this.audit = new AuditLog(db, clock);
    this.users = new UserRepository(db);
  }

  // ---- branches ----

  branches(actor: Actor, street: string | undefined): BranchView[] {
    return this.repo.branches(this.listStreet(actor, street)).map(branchView);
  }

  createBranch(actor: Actor, input: { streetId?: string; name: string }): BranchView {
    const streetId = this.streetFor(actor, input.streetId);
    const id = crypto.randomUUID();
    inTransaction(this.db, () => {
      if (this.repo.branchNamed(streetId, input.name)) throw new AppError(409, 'branch_exists', `这个街道已经有「${input.name}」了。`);
      this.repo.insertBranch({ id, streetId, name: input.name, now: this.now() });
      this.record(actor, 'branch_created', 'branch', id, streetId, { name: input.name });
    });
    return branchView(this.repo.branch(id)!);
  }

  /** Renames a branch and/or names its secretary (支部书记: who reads its members' study records). */
  updateBranch(actor: Actor, id: string, input: { name?: string; secretaryId?: string | null }): BranchView {
    const b = this.loadBranch(actor, id);
    // Naming a secretary lets an account read the branch's members' study records: an admin's decision.
    if (input.secretaryId !== undefined && actor.role !== 'admin') throw new AppError(403, 'forbidden', '只有管理员可以指定支部书记。');
    if (input.secretaryId) {
      const u = this.users.get(input.secretaryId);
      if (!u || u.disabled === 1 || u.role !== 'secretary' || (u.street_id !== null && u.street_id !== b.street_id) || (actor.streetId !== null && u.street_id !== actor.streetId)) {
        throw new AppError(400, 'invalid_secretary', '支部书记必须是本街道“支部书记”角色的账号。');
      }
    }
    inTransaction(this.db, () => {
      if (input.name !== undefined) {
        const same = this.repo.branchNamed(b.street_id, input.name);
        if (same && same.id !== id) throw new AppError(409, 'branch_exists', `这个街道已经有「${input.name}」了。`);
        this.repo.renameBranch(id, input.name, this.now());
      }
      if (input.secretaryId !== undefined) this.repo.setSecretary(id, input.secretaryId, this.now());
      this.record(actor, 'branch_updated', 'branch', id, b.street_id, { from: b.name, ...input });
    });
    return branchView(this.repo.branch(id)!);
  }

  deleteBranch(actor: Actor, id: string): void {
    const b = this.loadBranch(actor, id);
    inTransaction(this.db, () => {
      const now = this.repo.branch(id)!;
      if (now.members > 0) {
        throw new AppError(409, 'branch_in_use', `「${b.name}」还有 ${now.members} 位成员，请先把他们改到别的支部，再删除。`);
      }
      this.repo.deleteBranch(id);
      this.record(actor, 'branch_deleted', 'branch', id, b.street_id, { name: b.name });
    });
  }

  // ---- households ----

  households(actor: Actor, q: HouseholdListQuery): HouseholdListResponse {
    const { rows, total } = this.repo.households({ street: this.listStreet(actor, q.street), q: q.q || undefined }, q);
    return { households: rows.map((h) => this.householdView(h, [])), total };
  }

  household(actor: Actor, id: string): HouseholdView {
    const h = this.loadHousehold(actor, id);
    return this.householdView(h, this.repo.members(id));
  }

  createHousehold(actor: Actor, input: { streetId?: string; name: string; address: string }): HouseholdView {
    const streetId = this.streetFor(actor, input.streetId);
    const id = crypto.randomUUID();
    inTransaction(this.db, () => {
      this.repo.insertHousehold({ id, streetId, name: input.name, address: input.address, now: this.now() });
      this.record(actor, 'household_created', 'household', id, streetId, { name: input.name });
    });
    return this.household(actor, id);
  }

  updateHousehold(actor: Actor, id: string, input: { name?: string; address?: string }): HouseholdView {
    const h = this.loadHousehold(actor, id);
    const next = { name: input.name ?? h.name, address: input.address ?? h.address };
    inTransaction(this.db, () => {
      this.repo.updateHousehold(id, { ...next, now: this.now() });
      this.record(actor, 'household_updated', 'household', id, h.street_id, next);
    });
    return this.household(actor, id);
  }

  /** Deletes a household with its members. */
  deleteHousehold(actor: Actor, id: string): void {
    const h = this.loadHousehold(actor, id);
    const members = this.repo.members(id);
    inTransaction(this.db, () => {
      this.repo.deleteHousehold(id);
      this.record(actor, 'household_deleted', 'household', id, h.street_id, { name: h.name, members: members.map((m) => m.name) });
    });
  }

  // ---- members ----

  addMember(actor: Actor, householdId: string, input: { name: string; branchId: string | null; partyMember: boolean }): MemberView {
    const h = this.loadHousehold(actor, householdId);
    this.checkBranch(h, input.branchId);
    const id = crypto.randomUUID();
    inTransaction(this.db, () => {
      const position = this.repo.freePosition(householdId);
      if (position === undefined) {
        throw new AppError(409, 'household_full', `一户最多 ${HOUSEHOLD_MAX_MEMBERS} 位成员（电视上用数字键 1–9 选人）。`);
      }
      this.repo.insertMember({ id, householdId, position, name: input.name, branchId: input.branchId, partyMember: input.partyMember, now: this.now() });
      this.record(actor, 'member_created', 'member', id, h.street_id, { householdId, name: input.name, position });
    });
    return memberView(this.repo.member(id)!);
  }

  updateMember(actor: Actor, id: string, input: { name?: string; branchId?: string | null; partyMember?: boolean }): MemberView {
    const { member, household } = this.loadMember(actor, id);
    const next = {
      name: input.name ?? member.name,
      branchId: input.branchId === undefined ? member.branch_id : input.branchId,
      partyMember: input.partyMember ?? member.party_member === 1,
    };
    if (input.branchId !== undefined) this.checkBranch(household, next.branchId);
    inTransaction(this.db, () => {
      this.repo.updateMember(id, { ...next, now: this.now() });
      this.record(actor, 'member_updated', 'member', id, household.street_id, { householdId: household.id, ...next });
    });
    return memberView(this.repo.member(id)!);
  }

  deleteMember(actor: Actor, id: string): void {
    const { member, household } = this.loadMember(actor, id);
    inTransaction(this.db, () => {
      this.repo.deleteMember(id);
      this.record(actor, 'member_deleted', 'member', id, household.street_id, { householdId: household.id, name: member.name });
    });
  }

  // ---- import ----

  /**
   * Imports members from a sheet (member-import.ts): each row a member of the household named in it (made if the
   * street has none of that name), in a branch of the street named in it. All or nothing: every row is checked before
   * anything is written, and any problem refuses the whole sheet naming each row. A member already in that household
   * under the same name is skipped, so importing the same sheet twice adds nothing.
   */
  importMembers(actor: Actor, streetId: string | undefined, sheet: MemberSheet): MemberImportResult {
    const rows = sheet.rows;
    const street = this.streetFor(actor, streetId);
    const now = this.now();
    return inTransaction(this.db, () => {
      const branches = new Map(this.repo.branches(street).map((b) => [b.name, b.id]));
      const existing = new Map<string, HouseholdRow[]>();
      for (const h of this.repo.households({ street }, { limit: 1_000_000, offset: 0 }).rows) existing.set(h.name, [...(existing.get(h.name) ?? []), h]);
      const problems: RowProblem[] = [...sheet.problems];
      const plan = new Map<string, { household: HouseholdRow | null; name: string; address: string; names: Set<string>; free: number; add: ImportRow[] }>();
      let skipped = 0;
      for (const r of rows) {
        if (r.branch !== null && !branches.has(r.branch)) {
          problems.push({ row: r.row, message: `这个街道没有叫「${r.branch}」的支部，请先在“家庭”页面新建，或留空。` });
          continue;
        }
        const key = `${r.household}\n${r.address}`;
        let p = plan.get(key);
        if (!p) {
          const same = (existing.get(r.household) ?? []).filter((h) => r.address === '' || h.address === r.address || h.address === '');
          if (same.length > 1) {
            problems.push({ row: r.row, message: `这个街道有 ${same.length} 户都叫「${r.household}」，请在“地址”一栏写明是哪一户。` });
            continue;
          }
          const household = same[0] ?? null;
          const members = household ? this.repo.members(household.id) : [];
          p = { household, name: r.household, address: r.address, names: new Set(members.map((m) => m.name)), free: HOUSEHOLD_MAX_MEMBERS - members.length, add: [] };
          plan.set(key, p);
        }
        if (p.names.has(r.name)) {
          skipped++;
          continue;
        }
        if (p.add.length >= p.free) {
          problems.push({ row: r.row, message: `「${r.household}」已经有 ${HOUSEHOLD_MAX_MEMBERS} 位成员了（电视遥控器只有 1–9 九个数字键）。` });
          continue;
        }
        p.names.add(r.name);
        p.add.push(r);
      }
      if (problems.length) throw importRefusal(problems);
      let households = 0;
      let members = 0;
      for (const p of plan.values()) {
        if (p.add.length === 0) continue;
        let id = p.household?.id;
        if (!id) {
          id = crypto.randomUUID();
          this.repo.insertHousehold({ id, streetId: street, name: p.name, address: p.address, now });
          households++;
        }
        for (const r of p.add) {
          this.repo.insertMember({ id: crypto.randomUUID(), householdId: id, position: this.repo.freePosition(id)!, name: r.name, branchId: r.branch ? branches.get(r.branch)! : null, partyMember: r.partyMember, now });
          members++;
        }
      }
      this.audit.record({ actor, action: 'members_imported', targetType: 'household', targetId: null, streetId: street, detail: { rows: rows.length, households, members, skipped } });
      return { households, members, skipped };
    });
  }

  // ---- scope ----

  /** The street a list is limited to: a street account's own, whatever it asked; a district account's choice. */
  private listStreet(actor: Actor, asked: string | undefined): string | undefined {
    return actor.streetId ?? asked;
  }

  /** The street a new record goes into: a street account's own (naming another is refused), a district account's choice. */
  private streetFor(actor: Actor, asked: string | undefined): string {
    if (actor.streetId !== null) {
      if (asked !== undefined && asked !== actor.streetId) throw new AppError(403, 'street_scope', '你的账号只能管理自己街道的家庭和支部。');
      return actor.streetId;
    }
    if (asked === undefined) throw new AppError(400, 'invalid_street', '请选择街道：家庭和支部都属于一个街道。');
    if (!this.streets.exists(asked)) throw new AppError(400, 'unknown_street', '没有这个街道。');
    return asked;
  }

  private visible(actor: Actor, streetId: string): boolean {
    return actor.streetId === null || actor.streetId === streetId;
  }

  private loadBranch(actor: Actor, id: string): BranchRow {
    const b = this.repo.branch(id);
    if (!b || !this.visible(actor, b.street_id)) throw notFound('支部');
    return b;
  }

  private loadHousehold(actor: Actor, id: string): HouseholdRow {
    const h = this.repo.household(id);
    if (!h || !this.visible(actor, h.street_id)) throw notFound('家庭');
    return h;
  }

  private loadMember(actor: Actor, id: string): { member: MemberRow; household: HouseholdRow } {
    const member = this.repo.member(id);
    const household = member && this.repo.household(member.household_id);
    if (!member || !household || !this.visible(actor, household.street_id)) throw notFound('家庭成员');
    return { member, household };
  }

  /** A member's branch must be one of the household's street. */
  private checkBranch(household: HouseholdRow, branchId: string | null): void {
    if (branchId === null) return;
    const b = this.repo.branch(branchId);
    if (!b || b.street_id !== household.street_id) throw new AppError(400, 'invalid_branch', '这个街道没有这个支部，请从列表里选。');
  }

  private householdView(h: HouseholdRow, members: MemberRow[]): HouseholdView {
    return { id: h.id, streetId: h.street_id, name: h.name, address: h.address, memberCount: h.members, members: members.map(memberView) };
  }

  private record(actor: Actor, action: AuditAction, targetType: 'branch' | 'household' | 'member', targetId: string, streetId: string, detail: Record<string, unknown>): void {
    this.audit.record({ actor, action, targetType, targetId, streetId, detail });
  }

  private now(): string {
    return this.clock().toISOString();
  }
}
