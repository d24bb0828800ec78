// /api/admin/items — content and its publishing workflow (the API: README, "Publishing"; the rules:
// publishing-service.ts and publishing/README.md). Mounted by admin/router.ts, which has already parsed the JSON
// body, set Cache-Control: no-store and passed the session, CSRF and password-change gates, so req.actor is
// set. Each route reads as a pipeline: role → validate → service.
import { Router, type RequestHandler } from 'express';
import type { z } from 'zod';
import { idSchema } from '../domain/ids.ts';
import type { Actor } from '../domain/scope.ts';
import { actorOf, requireRole } from '../auth/policy.ts';
import type { Db } from '../db/database.ts';
import type { Logger } from '../logger.ts';
import { ACTION_ROLES, actionLabel, PublishingService } from './publishing-service.ts';
import { badId, parse, parseBody, parseQuery } from '../http/validate.ts';
import {
  createItemSchema,
  itemFieldRefusal,
  listQuerySchema,
  listQueryRefusal,
  patchItemSchema,
  rejectSchema,
  windowSchema,
} from './validation.ts';
import { removeAssetFiles } from '../media/asset-service.ts';

/** The path id of /api/admin/items/:id; `..%2f` and other tricks arrive decoded here and fail the pattern. */
const itemId = (raw: unknown): string => parse(idSchema, raw, badId('内容'));

/** An items body: its first problem answered with its field's code; no body at all is an empty one. */
const itemBody = <T extends z.ZodType>(schema: T, body: unknown): z.infer<T> =>
  parseBody(schema, body, { refusal: itemFieldRefusal, emptyWhenAbsent: true });

export interface PublishingRouterDeps {
  db: Db;
  log: Logger;
  /** Where a deleted video item's files are (removed with it when nothing else uses its video). */
  mediaDir: string;
  sourcesDir: string;
  clock?: () => Date;
}

/** The role check of an action, refused in the words the service uses (actionLabel). */
const roleFor = (action: keyof typeof ACTION_ROLES): RequestHandler =>
  requireRole(ACTION_ROLES[action], actionLabel(action));

/** A route on one item: role → the item id from the path → the service's answer as JSON. */
function onItem(
  action: keyof typeof ACTION_ROLES,
  answer: (actor: Actor, id: string, body: unknown) => unknown,
): RequestHandler[] {
  return [
    roleFor(action),
    (req, res) => {
      res.json(answer(actorOf(req), itemId(req.params.id), req.body));
    },
  ];
}

export function publishingRouter(deps: PublishingRouterDeps): Router {
  const service = new PublishingService(deps.db, deps.clock);
  const r = Router();

  r.get('/', roleFor('read'), (req, res) => {
    res.json(service.list(actorOf(req), parseQuery(listQuerySchema, req.query, listQueryRefusal)));
  });

  r.post('/', roleFor('create'), (req, res) => {
    const input = itemBody(createItemSchema, req.body);
    res.status(201).json(service.create(actorOf(req), input));
  });

  r.delete('/:id', roleFor('delete'), async (req, res) => {
    const { removedAssetId } = service.delete(actorOf(req), itemId(req.params.id));
    if (removedAssetId) await removeAssetFiles(deps, removedAssetId);
    res.status(204).end();
  });

  r.get('/:id', ...onItem('read', (actor, id) => service.get(actor, id)));
  r.patch('/:id', ...onItem('edit', (actor, id, body) => service.update(actor, id, itemBody(patchItemSchema, body))));
  r.post('/:id/submit', ...onItem('submit', (actor, id) => service.submit(actor, id)));
  r.post(
    '/:id/approve',
    ...onItem('approve', (actor, id, body) => service.approve(actor, id, itemBody(windowSchema, body))),
  );
  r.post(
    '/:id/reject',
    ...onItem('reject', (actor, id, body) => service.reject(actor, id, itemBody(rejectSchema, body).reason)),
  );
  r.post('/:id/withdraw', ...onItem('withdraw', (actor, id) => service.withdraw(actor, id)));
  r.put(
    '/:id/window',
    ...onItem('schedule', (actor, id, body) => service.setWindow(actor, id, itemBody(windowSchema, body))),
  );

  return r;
}
