// /api/admin/branches, /api/admin/households and /api/admin/members — the people boxes serve (README, "Households").
// Mounted by admin/router.ts after the session, CSRF and password-change gates; each route reads role → validate →
// service.
import express, { Router } from 'express';
import { z } from 'zod';
import { MEMBER_IMPORT_MAX_BYTES } from '../constants.ts';
import { AppError } from '../domain/errors.ts';
import { ID_PATTERN } from '../domain/ids.ts';
import { actorOf, requireRole } from '../auth/policy.ts';
import type { Db } from '../db/database.ts';
import { uuidSchema } from '../domain/ids.ts';
import { badId, parse, parseBody, parseQuery } from '../http/validate.ts';
import { HOUSEHOLD_MANAGERS, HOUSEHOLD_READERS, HouseholdService } from './household-service.ts';
import { CSV_TYPE, readMemberSheet, XLSX_TYPE } from './member-import.ts';

const importQuery = z.object({ street: z.string().regex(ID_PATTERN).optional() });
import {
  branchListQuery,
  branchPatchSchema,
  branchSchema,
  householdListQuery,
  householdPatchSchema,
  householdSchema,
  memberPatchSchema,
  memberSchema,
} from './validation.ts';

const idOf = (what: string) => (raw: unknown): string => parse(uuidSchema, raw, badId(what));
const branchId = idOf('支部');
const householdId = idOf('家庭');
const memberId = idOf('家庭成员');

export function householdRouters(db: Db, clock?: () => Date): { branches: Router; households: Router; members: Router } {
  const service = new HouseholdService(db, clock);
  const read = requireRole(HOUSEHOLD_READERS, '查看家庭和支部');
  const manage = requireRole(HOUSEHOLD_MANAGERS, '管理家庭和支部');

  const branches = Router();
  branches.get('/', read, (req, res) => {
    res.json({ branches: service.branches(actorOf(req), parseQuery(branchListQuery, req.query).street) });
  });
  branches.post('/', manage, (req, res) => {
    res.status(201).json({ branch: service.createBranch(actorOf(req), parseBody(branchSchema, req.body)) });
  });
  branches.patch('/:id', manage, (req, res) => {
    const id = branchId(req.params.id);
    res.json({ branch: service.updateBranch(actorOf(req), id, parseBody(branchPatchSchema, req.body)) });
  });
  branches.delete('/:id', manage, (req, res) => {
    service.deleteBranch(actorOf(req), branchId(req.params.id));
    res.status(204).end();
  });

  const households = Router();
  households.get('/', read, (req, res) => {
    res.json(service.households(actorOf(req), parseQuery(householdListQuery, req.query)));
  });
  households.post('/', manage, (req, res) => {
    res.status(201).json({ household: service.createHousehold(actorOf(req), parseBody(householdSchema, req.body)) });
  });
  // A spreadsheet of members: the body is the file itself (CSV or XLSX), read whole (≤ MEMBER_IMPORT_MAX_BYTES).
  const sheet = express.raw({ type: [CSV_TYPE, XLSX_TYPE], limit: MEMBER_IMPORT_MAX_BYTES });
  households.post('/import', manage, sheet, async (req, res) => {
    const type = req.is([CSV_TYPE, XLSX_TYPE]);
    if (!type || !Buffer.isBuffer(req.body)) {
      throw new AppError(415, 'unsupported_file_type', '请上传 Excel（.xlsx）或 CSV（UTF-8）表格。');
    }
    if (req.body.length === 0) throw new AppError(400, 'empty_file', '表格是空的。');
    const sheet = await readMemberSheet(req.body, type === CSV_TYPE ? CSV_TYPE : XLSX_TYPE);
    const street = parseQuery(importQuery, req.query).street;
    res.status(201).json(service.importMembers(actorOf(req), street, sheet));
  });
  households.get('/:id', read, (req, res) => {
    res.json({ household: service.household(actorOf(req), householdId(req.params.id)) });
  });
  households.patch('/:id', manage, (req, res) => {
    const id = householdId(req.params.id);
    res.json({ household: service.updateHousehold(actorOf(req), id, parseBody(householdPatchSchema, req.body)) });
  });
  households.delete('/:id', manage, (req, res) => {
    service.deleteHousehold(actorOf(req), householdId(req.params.id));
    res.status(204).end();
  });
  households.post('/:id/members', manage, (req, res) => {
    const id = householdId(req.params.id);
    res.status(201).json({ member: service.addMember(actorOf(req), id, parseBody(memberSchema, req.body)) });
  });

  const members = Router();
  members.patch('/:id', manage, (req, res) => {
    const id = memberId(req.params.id);
    res.json({ member: service.updateMember(actorOf(req), id, parseBody(memberPatchSchema, req.body)) });
  });
  members.delete('/:id', manage, (req, res) => {
    service.deleteMember(actorOf(req), memberId(req.params.id));
    res.status(204).end();
  });

  return { branches, households, members };
}
