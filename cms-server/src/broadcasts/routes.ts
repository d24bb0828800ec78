// /api/admin/channels and /api/admin/broadcasts — scheduling the live channels (README, "Broadcasts"). Mounted by
// admin/router.ts after the session, CSRF and password-change gates; each route reads role → validate → service.
import { Router } from 'express';
import { actorOf, requireRole } from '../auth/policy.ts';
import type { Db } from '../db/database.ts';
import { uuidSchema } from '../domain/ids.ts';
import { badId, parse, parseBody, parseQuery } from '../http/validate.ts';
import { BROADCAST_ROLES, BroadcastService } from './broadcast-service.ts';
import {
  broadcastRefusal,
  channelIdSchema,
  createBroadcastSchema,
  fillerSchema,
  patchBroadcastSchema,
  weekQuerySchema,
} from './validation.ts';

export interface BroadcastRouterDeps {
  db: Db;
  relayAllowPrivate: boolean;
  clock?: () => Date;
}

const broadcastId = (raw: unknown): string => parse(uuidSchema, raw, badId('节目'));
const channelId = (raw: unknown): string => parse(channelIdSchema, raw, badId('频道'));

export function broadcastRouters(deps: BroadcastRouterDeps): { channels: Router; broadcasts: Router } {
  const service = new BroadcastService(deps.db, { relayAllowPrivate: deps.relayAllowPrivate }, deps.clock);
  const role = requireRole(BROADCAST_ROLES, '安排直播节目');

  const channels = Router();
  channels.get('/', role, (req, res) => {
    res.json(service.week(actorOf(req), parseQuery(weekQuerySchema, req.query)));
  });
  channels.put('/:id/filler', role, (req, res) => {
    const id = channelId(req.params.id);
    const { sectionId } = parseBody(fillerSchema, req.body);
    res.json({ channel: service.setFiller(actorOf(req), id, sectionId) });
  });

  const broadcasts = Router();
  broadcasts.post('/', role, (req, res) => {
    res.status(201).json({ broadcast: service.create(actorOf(req), parseBody(createBroadcastSchema, req.body, { refusal: broadcastRefusal })) });
  });
  broadcasts.get('/:id', role, (req, res) => {
    res.json({ broadcast: service.get(actorOf(req), broadcastId(req.params.id)) });
  });
  broadcasts.patch('/:id', role, (req, res) => {
    const id = broadcastId(req.params.id);
    res.json({ broadcast: service.update(actorOf(req), id, parseBody(patchBroadcastSchema, req.body, { refusal: broadcastRefusal })) });
  });
  broadcasts.delete('/:id', role, (req, res) => {
    service.delete(actorOf(req), broadcastId(req.params.id));
    res.status(204).end();
  });
  return { channels, broadcasts };
}
