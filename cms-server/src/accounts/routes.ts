// /api/admin/users (admins only), /api/admin/streets (read by all, changed by admins), /api/admin/sections.
import { Router } from 'express';
import { z } from 'zod';
import { ROLES } from '../auth/actor.ts';
import { actorOf, requireRole } from '../auth/policy.ts';
import { SectionRepository } from '../content/section-repository.ts';
import type { Db } from '../db/database.ts';
import { AppError } from '../http/errors.ts';
import { parseBody } from '../http/validate.ts';
import type { AccountService } from './account-service.ts';

const slugId = z
  .string({ error: '请填写编号。' })
  .regex(/^[a-z0-9][a-z0-9-]{1,39}$/, { error: '编号只能用小写字母、数字和短横线，2–40 个字符。' });
const role = z.enum(ROLES, { error: `角色只能是 ${ROLES.join('、')} 之一。` });
const streetId = z.union([slugId, z.null()], { error: '街道编号不正确（district-wide 时填 null）。' });
const displayName = z.string({ error: '请填写姓名。' }).trim().min(1, { error: '请填写姓名。' }).max(40, { error: '姓名最多 40 个字。' });

const newUser = z.strictObject({
  username: z
    .string({ error: '请填写用户名。' })
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{2,31}$/, { error: '用户名用 3–32 个字母、数字、点、短横线或下划线。' }),
  displayName,
  role,
  streetId,
});
const userChanges = z
  .strictObject({ displayName, role, streetId, disabled: z.boolean({ error: 'disabled 只能是 true 或 false。' }) })
  .partial()
  .refine((c) => Object.keys(c).length > 0, { error: '没有要修改的内容。' });

const newStreet = z.strictObject({
  id: slugId,
  name: z.string({ error: '请填写街道名称。' }).trim().min(1, { error: '请填写街道名称。' }).max(40, { error: '街道名称最多 40 个字。' }),
  publishDirectly: z.boolean({ error: 'publishDirectly 只能是 true 或 false。' }).default(false),
});
const streetChanges = newStreet
  .omit({ id: true })
  .partial()
  .refine((c) => Object.keys(c).length > 0, { error: '没有要修改的内容。' });

const uuid = (raw: unknown): string => {
  const id = String(raw);
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(id)) throw new AppError(400, 'invalid_id', '账号编号的格式不对。');
  return id;
};
const streetParam = (raw: unknown): string => {
  const parsed = slugId.safeParse(String(raw));
  if (!parsed.success) throw new AppError(400, 'invalid_id', '街道编号的格式不对。');
  return parsed.data;
};

export function usersRouter(accounts: AccountService): Router {
  const r = Router();
  r.use(requireRole(['admin'], '管理账号'));
  r.get('/', (_req, res) => {
    res.json({ users: accounts.listUsers() });
  });
  r.post('/', async (req, res) => {
    res.status(201).json(await accounts.createUser(actorOf(req), parseBody(newUser, req.body)));
  });
  r.patch('/:id', (req, res) => {
    res.json({ user: accounts.updateUser(actorOf(req), uuid(req.params.id), parseBody(userChanges, req.body)) });
  });
  r.post('/:id/reset-password', async (req, res) => {
    res.json(await accounts.resetPassword(actorOf(req), uuid(req.params.id)));
  });
  return r;
}

export function streetsRouter(accounts: AccountService): Router {
  const r = Router();
  r.get('/', (_req, res) => {
    res.json({ streets: accounts.listStreets() });
  });
  r.post('/', requireRole(['admin'], '管理街道'), (req, res) => {
    res.status(201).json({ street: accounts.createStreet(actorOf(req), parseBody(newStreet, req.body)) });
  });
  r.patch('/:id', requireRole(['admin'], '管理街道'), (req, res) => {
    res.json({ street: accounts.updateStreet(actorOf(req), streetParam(req.params.id), parseBody(streetChanges, req.body)) });
  });
  return r;
}

export function sectionsRouter(db: Db): Router {
  const sections = new SectionRepository(db);
  const r = Router();
  r.get('/', (_req, res) => {
    res.json({ sections: sections.all().map((s) => ({ id: s.id, digit: s.digit, title: s.title })) });
  });
  return r;
}
