// /api/admin/items — content and its publishing workflow (contract: /work/shared common brief, "Content and
// publishing"; rules: publishing-service.ts). Mounted by admin/router.ts, which has already parsed the JSON
// body, set Cache-Control: no-store and passed the session, CSRF and password-change gates, so req.actor is
// set. Each route reads as a pipeline: role → validate → service.
import { Router, type RequestHandler } from 'express';
import type { Actor } from '../auth/actor.ts';
import { actorOf, requireRole } from '../auth/policy.ts';
import type { Db } from '../db/database.ts';
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
import { removeAssetFiles } from '../uploads/upload-service.ts';

export interface PublishingRouterDeps {
  db: Db;
  log: Logger;
  /** Where a deleted video item's files are (removed with it when nothing else uses its video). */
  mediaDir: string;
  sourcesDir: string;
  clock?: () => Date;
}

/** A route on one item: role → the item id from the path → the service's answer as JSON. */
function onItem(
  action: keyof typeof ACTION_ROLES,
  what: string,
  answer: (actor: Actor, id: string, body: unknown) => unknown,
): RequestHandler[] {
  return [
    requireRole(ACTION_ROLES[action], what),
    (req, res) => {
      res.json(answer(actorOf(req), parseItemId(req.params.id), req.body));
    },
  ];
}

export function publishingRouter(deps: PublishingRouterDeps): Router {
  const service = new PublishingService(deps.db, deps.clock);
  const r = Router();

  r.get('/', requireRole(ACTION_ROLES.read, '查看内容'), (req, res) => {
    res.json(service.list(actorOf(req), parseListQuery(req.query)));
  });

  r.post('/', requireRole(ACTION_ROLES.create, '新建内容'), (req, res) => {
    const input = parseInput(createItemSchema, req.body);
    res.status(201).json(service.create(actorOf(req), input));
  });

  r.delete('/:id', requireRole(ACTION_ROLES.delete, '删除内容'), async (req, res) => {
    const { removedAssetId } = service.delete(actorOf(req), parseItemId(req.params.id));
    if (removedAssetId) await removeAssetFiles(deps, removedAssetId);
    res.status(204).end();
  });

  r.get('/:id', ...onItem('read', '查看内容', (actor, id) => service.get(actor, id)));
  r.patch(
    '/:id',
    ...onItem('edit', '修改内容', (actor, id, body) => service.update(actor, id, parseInput(patchItemSchema, body))),
  );
  r.post('/:id/submit', ...onItem('submit', '提交审核', (actor, id) => service.submit(actor, id)));
  r.post(
    '/:id/approve',
    ...onItem('approve', '审核通过', (actor, id, body) => service.approve(actor, id, parseInput(windowSchema, body))),
  );
  r.post(
    '/:id/reject',
    ...onItem('reject', '退回内容', (actor, id, body) => service.reject(actor, id, parseInput(rejectSchema, body).reason)),
  );
  r.post('/:id/withdraw', ...onItem('withdraw', '撤下内容', (actor, id) => service.withdraw(actor, id)));
  r.put(
    '/:id/window',
    ...onItem('schedule', '设置发布时间', (actor, id, body) => service.setWindow(actor, id, parseInput(windowSchema, body))),
  );

  return r;
}
