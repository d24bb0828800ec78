// /api/admin/users (admins; a street admin its street's), /api/admin/streets (read by all, changed by district admins).
import { Router } from 'express';
import { z } from 'zod';
import { ROLES } from '../domain/scope.ts';
import { actorOf, requireRole } from '../auth/policy.ts';
import { ID_PATTERN, uuidSchema } from '../domain/ids.ts';
import { safeText } from '../domain/text.ts';
import { badId, parse, parseBody } from '../http/validate.ts';
import type { AccountService } from './account-service.ts';

// A new street's id: an id (domain/ids.ts) of 2–40 characters.
const SLUG_RULE = '编号只能用小写字母、数字和短横线，2–40 个字符。';
const slugId = z
  .string({ error: '请填写编号。' })
  .regex(ID_PATTERN, { error: SLUG_RULE })
  .min(2, { error: SLUG_RULE })
  .max(40, { error: SLUG_RULE });
const role = z.enum(ROLES, { error: `角色只能是 ${ROLES.join('、')} 之一。` });
const streetId = z.union([slugId, z.null()], { error: '街道编号不正确（district-wide 时填 null）。' });
// Names are shown in the admin and the audit log: the same text rules as anything shown on a TV.
const displayName = safeText('姓名', { max: 40, messages: { missing: '请填写姓名。', empty: '请填写姓名。' } });

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
  name: safeText('街道名称', { max: 40, messages: { missing: '请填写街道名称。', empty: '请填写街道名称。' } }),
  publishDirectly: z.boolean({ error: 'publishDirectly 只能是 true 或 false。' }).default(false),
});
const streetChanges = newStreet
  .omit({ id: true })
  .partial()
  .refine((c) => Object.keys(c).length > 0, { error: '没有要修改的内容。' });

const uuid = (raw: unknown): string => parse(uuidSchema, raw, badId('账号'));
const streetParam = (raw: unknown): string => parse(slugId, raw, badId('街道'));

export function usersRouter(accounts: AccountService): Router {
  const r = Router();
  r.use(requireRole(['admin'], '管理账号'));
  r.get('/', (req, res) => {
    res.json({ users: accounts.listUsers(actorOf(req)) });
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
