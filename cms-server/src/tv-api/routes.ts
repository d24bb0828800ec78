// The TV API: small cacheable JSON so that a district's boxes can sit behind a cache. Version 1 (every item in one
// catalog) stays for boxes running the old app; version 2 (home with counts, a section a page at a time) is what
// the current app reads. Both answer from the same kept bytes (answer-cache.ts): built once per change.
import { CHANNEL_ID_PATTERN } from '../broadcasts/validation.ts';
import express, { Router, type Response } from 'express';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
import { z } from 'zod';
import type { LimitStores } from '../limits/limit-store.ts';
import { deviceIdSchema, idSchema } from '../domain/ids.ts';
import {
  SECTION_PAGE_DEFAULT,
  SECTION_PAGE_MAX,
  PROGRESS_JSON_LIMIT_BYTES,
  PROGRESS_MAX_DURATION_S,
  PROGRESS_POSITION_SLACK_S,
  PROGRESS_REPORTS_PER_ADDRESS_PER_MIN,
  PROGRESS_REPORTS_PER_DEVICE_PER_MIN,
} from '../constants.ts';
import { AppError, notFound } from '../domain/errors.ts';
import { badId, parse, parseQuery } from '../http/validate.ts';
import type { AnswerCache, BuiltAnswer, CatalogApi } from './answer-cache.ts';
import type { CatalogService } from './catalog-service.ts';
import type { ProgressResponse } from './contract.ts';
import { writeAnswer } from './answer-http.ts';
import { decodeCursor } from './cursor.ts';
import type { ProgressService } from './progress-service.ts';

const itemId = idSchema;
const streetId = idSchema;
const deviceId = deviceIdSchema;

const progressReport = z
  .object({
    deviceId,
    itemId,
    positionSec: z.number().finite().min(0).max(PROGRESS_MAX_DURATION_S + PROGRESS_POSITION_SLACK_S),
    durationSec: z.number().finite().positive().max(PROGRESS_MAX_DURATION_S),
    /** 谁在看: the digits (1–9) of the household members watching; their study is credited with the box's time. */
    members: z
      .array(z.number().int().min(1).max(9))
      .max(9)
      .refine((m) => new Set(m).size === m.length, { message: '同一位成员只能报一次。' })
      .optional(),
  })
  .strict()
  .refine((r) => r.positionSec <= r.durationSec + PROGRESS_POSITION_SLACK_S, { path: ['positionSec'] });

/** Only the progress report takes a body, and a small one: the rest of the TV API is GET. */
const progressJson = express.json({ limit: PROGRESS_JSON_LIMIT_BYTES });

/** The address a report came from, as the rate limits and the new-box bound key it (IPv6 by its /56). */
const addressOf = (req: express.Request): string => ipKeyGenerator(req.ip ?? '');

/**
 * Reports are limited per address (before the body is read) and per box (after), counted in the database (every
 * process on it shares the count). Each route counts on its own: `route` names its counters.
 */
function progressLimits(limits: LimitStores, route: 'progress' | 'progress-live'): express.RequestHandler[] {
  const tooMany = new AppError(429, 'too_many_reports', '播放进度报告得太频繁了，请稍后再试。');
  const common = {
    windowMs: 60_000,
    standardHeaders: 'draft-8' as const,
    legacyHeaders: false,
    handler: (_req: express.Request, _res: Response, next: express.NextFunction) => next(tooMany),
  };
  return [
    rateLimit({ ...common, store: limits(`${route}-address`), limit: PROGRESS_REPORTS_PER_ADDRESS_PER_MIN, keyGenerator: (req) => `addr:${addressOf(req)}` }),
    progressJson,
    rateLimit({
      ...common,
      store: limits(`${route}-box`),
      limit: PROGRESS_REPORTS_PER_DEVICE_PER_MIN,
      // A body without a well-formed device id is refused by validation next; it counts against its address only.
      skip: (req) => !deviceId.safeParse((req.body as { deviceId?: unknown } | undefined)?.deviceId).success,
      keyGenerator: (req) => `box:${(req.body as { deviceId: string }).deviceId}`,
    }),
  ];
}

/**
 * `?street=<id>`: a TV of that street sees the district's content plus its street's; without it, the district's
 * only. An unknown street is an error rather than an empty street, so a mistyped box setting shows at once.
 */
export function boxStreet(query: unknown, exists: (id: string) => boolean): string | null {
  const raw = (query as Record<string, unknown>).street;
  if (raw === undefined) return null;
  const id = parse(streetId, raw, badId('街道', 'invalid_street'));
  if (!exists(id)) throw new AppError(404, 'unknown_street', '找不到这个街道，请检查机顶盒设置的街道编号。');
  return id;
}
const streetOf = (answers: AnswerCache, query: unknown): string | null => boxStreet(query, (id) => answers.streetExists(id));

/**
 * Sends a kept answer (answer-http.ts) and keeps it as the answer to this exact URL, so the next request for it is
 * answered before Express (the fast path) until the content changes.
 */
function sendAnswer(answers: AnswerCache, req: express.Request, res: Response, a: BuiltAnswer): void {
  answers.remember(req.originalUrl, a);
  writeAnswer(req, res, a);
}

/** What the live study route needs of the live channels (broadcasts/live-service.ts): the broadcast on air now. */
export interface LiveNow {
  /** undefined: no such channel; null: nothing scheduled now (filler is not study). */
  onAir(channelId: string): { broadcastId: string; startMs: number; endMs: number } | null | undefined;
}

const liveReport = z
  .object({
    deviceId,
    channelId: z.string().regex(CHANNEL_ID_PATTERN),
    members: z
      .array(z.number().int().min(1).max(9))
      .min(1)
      .max(9)
      .refine((m) => new Set(m).size === m.length, { message: '同一位成员只能报一次。' }),
  })
  .strict();

/** What the events route needs of the event hub (events/event-hub.ts). */
export interface EventStreams {
  open(req: express.Request, res: Response, street: string | null, address: string, api?: CatalogApi): Promise<void>;
}

function itemRoute(answers: AnswerCache): express.RequestHandler {
  return (req, res) => {
    const id = parse(itemId, req.params.id, badId('内容'));
    const item = answers.item(streetOf(answers, req.query), id);
    if (!item) throw notFound('内容');
    sendAnswer(answers, req, res, item);
  };
}

export function tvApiRouter(
  catalog: CatalogService,
  answers: AnswerCache,
  progress: ProgressService,
  events: EventStreams,
  limits: LimitStores,
  live?: LiveNow,
): Router {
  const r = Router();

  // Server-Sent Events (contract.ts, TvEvents): the catalog changed, urgent notices came or went. `?street=` as
  // for the catalog; the street's boxes get its events and the district's, never another street's. Here the
  // `catalog` message carries v1's catalog version; /api/tv/v2/events carries home's.
  r.get('/events', async (req, res) => {
    await events.open(req, res, streetOf(answers, req.query), addressOf(req), 'v1');
  });

  // Every published item (the old app's one request); the same shape as ever.
  r.get('/catalog', (req, res) => {
    sendAnswer(answers, req, res, answers.catalogV1(streetOf(answers, req.query)));
  });

  r.get('/items/:id', itemRoute(answers));

  // A box's report of where it is in a video (every ~15 s while playing, on pause, on leaving the player).
  // `?street=` as for the catalog: a street's box may report that street's items.
  // Only videos take progress: an article or a notice has nothing to play (422 not_playable).
  const noStore: express.RequestHandler = (_req, res, next) => {
    res.set('Cache-Control', 'no-store');
    next();
  };
  r.post('/progress', noStore, ...progressLimits(limits, 'progress'), (req, res) => {
    const body = parse(progressReport, req.body, { code: 'invalid_body', message: '播放进度的内容不完整或格式不对。' });
    const item = catalog.item(body.itemId, streetOf(answers, req.query));
    if (!item) throw notFound('内容');
    if (!item.video) throw new AppError(422, 'not_playable', '这个内容没有视频，不记录播放进度。');
    progress.record(body, { videoDurationSec: item.video.durationSec, address: addressOf(req) });
    res.status(204).end();
  });

  // A paired box showing a live broadcast with members watching (谁在看): their study of that broadcast. 204 with
  // nothing credited while the channel shows filler. Limited like the progress reports.
  r.post('/progress/live', noStore, ...progressLimits(limits, 'progress-live'), (req, res) => {
    const body = parse(liveReport, req.body, { code: 'invalid_body', message: '直播观看报告的内容不完整或格式不对。' });
    const on = live?.onAir(body.channelId);
    if (on === undefined) throw new AppError(404, 'invalid_channel', '没有这个频道。');
    if (on) progress.recordLive({ deviceId: body.deviceId, members: body.members, programme: on }, addressOf(req));
    res.status(204).end();
  });

  // The box's positions, for resuming on another box later; the device id is the box's own random UUID.
  r.get('/progress', (req, res) => {
    res.set('Cache-Control', 'no-store');
    const id = parse(deviceId, req.query.deviceId, badId('机顶盒', 'invalid_device_id'));
    const answer: ProgressResponse = { positions: progress.positions(id) };
    res.json(answer);
  });

  return r;
}

const sectionIdSchema = idSchema;
/** `?limit=`: digits only (no "1e2", no "+5"), then 1..SECTION_PAGE_MAX. */
const pageQuery = z.object({
  limit: z
    .string()
    .regex(/^\d{1,4}$/, { message: `应为 1 到 ${SECTION_PAGE_MAX} 之间的整数` })
    .transform(Number)
    .pipe(z.number().int().min(1, { message: `应为 1 到 ${SECTION_PAGE_MAX} 之间的整数` }).max(SECTION_PAGE_MAX, { message: `应为 1 到 ${SECTION_PAGE_MAX} 之间的整数` }))
    .optional(),
});

/**
 * The TV API, version 2 (issue 15): home with each section's count and first items, a section a page at a time
 * (keyset cursor, stable while items are published), an item as in v1 — every answer kept as bytes until the
 * content changes (answer-cache.ts), with an ETag and the same caching policy as v1.
 */
export function tvApiV2Router(answers: AnswerCache, events: EventStreams): Router {
  const r = Router();

  r.get('/events', async (req, res) => {
    await events.open(req, res, streetOf(answers, req.query), addressOf(req), 'v2');
  });

  r.get('/catalog', (req, res) => {
    sendAnswer(answers, req, res, answers.home(streetOf(answers, req.query)));
  });

  r.get('/sections/:id/items', (req, res) => {
    const section = parse(sectionIdSchema, req.params.id, badId('栏目', 'invalid_section'));
    const street = streetOf(answers, req.query);
    const { limit } = parseQuery(pageQuery, { limit: req.query.limit });
    const cursor = req.query.cursor;
    const after = cursor === undefined ? null : decodeCursor(cursor);
    if (!answers.sectionExists(section)) throw new AppError(404, 'unknown_section', '找不到这个栏目，请回到首页重新选择。');
    sendAnswer(answers, req, res, answers.page(street, section, after ? (cursor as string) : null, after, limit ?? SECTION_PAGE_DEFAULT));
  });

  r.get('/items/:id', itemRoute(answers));

  return r;
}
