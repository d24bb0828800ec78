// /api/admin/items — content and its publishing workflow (contract: /work/shared common brief, "Content and
// publishing"; rules: publishing-service.ts). Mounted by admin/router.ts behind the session, CSRF and
// password-change gates, so req.actor is set. Each route reads as a pipeline: role → validate → service.
import express, { Router, type RequestHandler } from 'express';
import { requireRole } from '../auth/policy.ts';
import { ADMIN_JSON_LIMIT_BYTES } from '../constants.ts';
import type { Db } from '../db/database.ts';
import { actorOf } from '../auth/policy.ts';
import type { Logger } from '../logger.ts';
import { ACTION_ROLES, PublishingService } from './publishing-service.ts';
import {
  createItemSchema,
  parseInput,
  parseItemId,
  parseListQuery,
  patchItemSchema,
  rejectSchema,
  windowSchema,
} from './validation.ts';

export interface PublishingRouterDeps {
  db: Db;
  log: Logger;
  clock?: () => Date;
}

const noStore: RequestHandler = (_req, res, next) => {
  res.set('Cache-Control', 'no-store');
  next();
};

export function publishingRouter(deps: PublishingRouterDeps): Router {
  const service = new PublishingService(deps.db, deps.clock);
  const r = Router();
  // The admin router may already have parsed the body (then this does nothing); a JSON error becomes
  // 400 malformed_json in the one error handler.
  r.use(express.json({ limit: ADMIN_JSON_LIMIT_BYTES }), noStore);

  r.get('/', requireRole(ACTION_ROLES.read, '查看内容'), (req, res) => {
    res.json(service.list(actorOf(req), parseListQuery(req.query)));
  });

  r.post('/', requireRole(ACTION_ROLES.create, '新建内容'), (req, res) => {
    const input = parseInput(createItemSchema, req.body);
    res.status(201).json(service.create(actorOf(req), input));
  });

  r.get('/:id', requireRole(ACTION_ROLES.read, '查看内容'), (req, res) => {
    res.json(service.get(actorOf(req), parseItemId(req.params.id)));
  });

  r.patch('/:id', requireRole(ACTION_ROLES.edit, '修改内容'), (req, res) => {
    const id = parseItemId(req.params.id);
    res.json(service.update(actorOf(req), id, parseInput(patchItemSchema, req.body)));
  });

  r.delete('/:id', requireRole(ACTION_ROLES.delete, '删除内容'), (req, res) => {
    service.delete(actorOf(req), parseItemId(req.params.id));
    res.status(204).end();
  });

  r.post('/:id/submit', requireRole(ACTION_ROLES.submit, '提交审核'), (req, res) => {
    res.json(service.submit(actorOf(req), parseItemId(req.params.id)));
  });

  r.post('/:id/approve', requireRole(ACTION_ROLES.approve, '审核通过'), (req, res) => {
    const id = parseItemId(req.params.id);
    res.json(service.approve(actorOf(req), id, parseInput(windowSchema, req.body)));
  });

  r.post('/:id/reject', requireRole(ACTION_ROLES.reject, '退回内容'), (req, res) => {
    const id = parseItemId(req.params.id);
    res.json(service.reject(actorOf(req), id, parseInput(rejectSchema, req.body).reason));
  });

  r.post('/:id/withdraw', requireRole(ACTION_ROLES.withdraw, '撤下内容'), (req, res) => {
    res.json(service.withdraw(actorOf(req), parseItemId(req.params.id)));
  });

  r.put('/:id/window', requireRole(ACTION_ROLES.schedule, '设置发布时间'), (req, res) => {
    const id = parseItemId(req.params.id);
    res.json(service.setWindow(actorOf(req), id, parseInput(windowSchema, req.body)));
  });

  return r;
}
