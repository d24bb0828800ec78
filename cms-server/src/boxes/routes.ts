// The boxes' routes: the TV's (/api/tv/v1/boxes: hello and pairing codes, no session — a box proves itself by the
// random id only it knows) and the staff's (/api/admin/boxes and /api/admin/pairings, behind the admin pipeline).
// Each route reads role → validate → service.
import express, { Router, type NextFunction, type Request, type Response } from 'express';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
import { z } from 'zod';
import { StreetRepository } from '../accounts/street-repository.ts';
import type { LimitStores } from '../limits/limit-store.ts';
import { actorOf, requireRole } from '../auth/policy.ts';
import {
  APP_VERSION_MAX_CHARS,
  BOX_LIST_DEFAULT_LIMIT,
  BOX_LIST_MAX_LIMIT,
  PAIRING_CODE_DIGITS,
  PAIRING_FAILURES_PER_ACCOUNT_PER_15_MIN,
  PAIRING_FAILURES_PER_MINUTE,
  PROGRESS_JSON_LIMIT_BYTES,
  BOX_REQUESTS_PER_ADDRESS_PER_MIN,
} from '../constants.ts';
import type { Db } from '../db/database.ts';
import { AppError } from '../domain/errors.ts';
import { deviceIdSchema, idSchema, UUID_PATTERN } from '../domain/ids.ts';
import { badId, parse, parseBody, parseQuery } from '../http/validate.ts';
import { boxStreet } from '../tv-api/routes.ts';
import { BOX_ROLES, BoxService } from './box-service.ts';
import type { StudyService } from '../study/study-service.ts';

const helloSchema = z
  .object({
    deviceId: z.string({ error: '机顶盒编号必须是文字。' }).uuid({ error: '机顶盒编号的格式不对。' }),
    appVersion: z
      .string({ error: '版本号必须是文字。' })
      .regex(new RegExp(`^[0-9A-Za-z.+-]{1,${APP_VERSION_MAX_CHARS}}$`), { error: '版本号的格式不对。' }),
  })
  .strict();
const codeRequestSchema = z.object({ deviceId: helloSchema.shape.deviceId }).strict();
const summarySchema = z
  .object({
    deviceId: helloSchema.shape.deviceId,
    members: z.array(z.number({ error: '成员的数字键必须是 1–9。' }).int().min(1).max(9), { error: '请说明是哪几位成员。' }).min(1).max(9),
  })
  .strict();
const pairSchema = z
  .object({
    code: z.string({ error: '请输入电视上显示的绑定码。' }).regex(new RegExp(`^\\d{${PAIRING_CODE_DIGITS}}$`), { error: `绑定码是 ${PAIRING_CODE_DIGITS} 位数字，请对照电视再输入。` }),
    householdId: z.string({ error: '请选择家庭。' }).regex(UUID_PATTERN, { error: '家庭编号的格式不对。' }),
  })
  .strict();
const listQuery = z.object({
  street: idSchema.optional(),
  stale: z.enum(['1', '0']).optional().transform((v) => v === '1'),
  limit: z.coerce.number().int().min(1).max(BOX_LIST_MAX_LIMIT).default(BOX_LIST_DEFAULT_LIMIT),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});

const addressOf = (req: Request): string => ipKeyGenerator(req.ip ?? '');
const refuse = (err: AppError) => (_req: Request, _res: Response, next: NextFunction) => next(err);
const headers = { standardHeaders: 'draft-8' as const, legacyHeaders: false };

/** /api/tv/v1/boxes — `?street=<id>` as for the catalog: the street the box is set to. */
export function boxesTvRouter(db: Db, service: BoxService, study: StudyService, limits: LimitStores): Router {
  const r = Router();
  const streets = new StreetRepository(db);
  r.use((_req, res, next) => {
    res.set('Cache-Control', 'no-store');
    next();
  });
  // A building of boxes shares an address; each says hello once a minute, and every few seconds while a code shows.
  r.use(
    rateLimit({
      ...headers,
      store: limits('box-address'),
      windowMs: 60_000,
      limit: BOX_REQUESTS_PER_ADDRESS_PER_MIN,
      keyGenerator: (req) => `box:${addressOf(req)}`,
      handler: refuse(new AppError(429, 'too_many_box_requests', '机顶盒的请求太频繁了，请稍后再试。')),
    }),
  );
  r.use(express.json({ limit: PROGRESS_JSON_LIMIT_BYTES }));
  const streetOf = (query: unknown): string | null => boxStreet(query, (id) => streets.exists(id));

  r.post('/hello', (req, res) => {
    const body = parseBody(helloSchema, req.body);
    res.json(service.hello(body.deviceId, { appVersion: body.appVersion, streetId: streetOf(req.query) }, addressOf(req)));
  });
  // After a lesson: the watching members' study this month. Only the box's own household's members answer.
  r.post('/summary', (req, res) => {
    const body = parseBody(summarySchema, req.body);
    res.json(study.summary(body.deviceId, body.members));
  });
  r.post('/pairing-code', (req, res) => {
    const body = parseBody(codeRequestSchema, req.body);
    res.status(201).json(service.newCode(body.deviceId, addressOf(req)));
  });
  return r;
}

/** /api/admin/boxes and /api/admin/pairings (operators and admins). */
export function boxesAdminRouters(service: BoxService, limits: LimitStores): { boxes: Router; pairings: Router } {
  const role = requireRole(BOX_ROLES, '管理机顶盒');
  const boxId = (raw: unknown) => parse(deviceIdSchema, raw, badId('机顶盒', 'invalid_device_id'));

  const boxes = Router();
  boxes.get('/', role, (req, res) => {
    res.json(service.list(actorOf(req), parseQuery(listQuery, req.query)));
  });
  boxes.get('/:id', role, (req, res) => {
    res.json({ box: service.get(actorOf(req), boxId(req.params.id)) });
  });
  boxes.delete('/:id/pairing', role, (req, res) => {
    res.json({ box: service.unpair(actorOf(req), boxId(req.params.id)) });
  });

  // Guessing codes is throttled per account and, across the server, per minute (the code space): only wrong codes
  // count (a pairing that succeeds does not).
  const tooMany = refuse(new AppError(429, 'too_many_pairing_attempts', '输错绑定码的次数太多了，请过一会儿再试。'));
  const pairings = Router();
  pairings.post(
    '/',
    role,
    rateLimit({ ...headers, store: limits('pairing-account'), windowMs: 15 * 60_000, limit: PAIRING_FAILURES_PER_ACCOUNT_PER_15_MIN, skipSuccessfulRequests: true, keyGenerator: (req) => `pair:${actorOf(req).userId}`, handler: tooMany }),
    rateLimit({ ...headers, store: limits('pairing-all'), windowMs: 60_000, limit: PAIRING_FAILURES_PER_MINUTE, skipSuccessfulRequests: true, keyGenerator: () => 'pair:all', handler: tooMany }),
    (req, res) => {
      const body = parseBody(pairSchema, req.body);
      res.status(201).json({ box: service.pair(actorOf(req), body.code, body.householdId) });
    },
  );
  return { boxes, pairings };
}
