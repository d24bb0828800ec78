// The request log: one short line per request that an operator reads — method, route pattern, status, time, bytes,
// who (the admin user, or the box) and the client address — and never a header. The boxes' routine traffic (a
// successful GET or HEAD outside the admin API: catalog, media, relay, live playlists, event streams, the apps'
// files, health and metrics; and a box's hello and progress reports) is not written one by one: it is counted and
// written as one summary line per REQUEST_SUMMARY_INTERVAL_S (per route and status, with total bytes), only when
// there was any. Requests answered before Express (tv-api/answer-http.ts) are counted the same way.
//
// Levels: a 5xx is 'error', with the error and its cause (the error handler leaves it on the response: written
// here once); everything else, 4xx included, is 'info' (a flood of 404s from a scanner is not a warning). Lines go
// to stdout (logger.ts) for the service manager (journald); nothing is rotated in this process.
//
// Every finished request is also handed to `observe` (the metrics' counters), summarised or not.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { NextFunction, Request, Response } from 'express';
import { REQUEST_LOG_PATH_MAX_CHARS, REQUEST_SUMMARY_INTERVAL_S } from '../constants.ts';
import { deviceIdSchema } from '../domain/ids.ts';
import type { Logger } from '../logger.ts';

/** A finished request, as the log and the metrics see it. */
export interface FinishedRequest {
  method: string;
  /** The matched route's pattern (`/api/tv/v2/sections/:id/items`), a mount's `/media/*`, or `unmatched`. */
  route: string;
  status: number;
  ms: number;
  bytes: number;
}

export interface RequestLogOptions {
  observe?: (r: FinishedRequest) => void;
  /** Milliseconds between summary lines (default REQUEST_SUMMARY_INTERVAL_S). */
  summaryMs?: number;
}

export interface RequestLog {
  /** The app's first middleware. */
  middleware(req: Request, res: Response, next: NextFunction): void;
  /**
   * A request answered before Express from kept bytes (tv-api/answer-http.ts): its route pattern and the body bytes
   * sent; call right after it was answered, with the hrtime it arrived at.
   */
  answeredBefore(req: IncomingMessage, res: ServerResponse, answered: { route: string; bytes: number }, startNs: bigint): void;
  /** Writes what is pending in the summary and stops its timer (server shutdown). */
  stop(): void;
}

/**
 * Requests no route matched are labelled by their mount: the folders served as files, tus uploads, and the admin
 * API (whose session check answers 401 before any route is matched); anything else is `unmatched`.
 */
const MOUNTS: [RegExp, string][] = [
  [/^\/media(?:\/|$)/, '/media/*'],
  [/^\/relay(?:\/|$)/, '/relay/*'],
  [/^\/tv(?:\/|$)/, '/tv/*'],
  [/^\/admin(?:\/|$)/, '/admin/*'],
  [/^\/api\/admin\/uploads(?:\/|$)/, '/api/admin/uploads/*'],
  [/^\/api\/admin(?:\/|$)/, '/api/admin/*'],
];

/** A box's routine reports, summarised like its GETs when they succeed. */
const ROUTINE_POSTS = new Set([
  '/api/tv/v1/progress',
  '/api/tv/v1/progress/live',
  '/api/tv/v1/boxes/hello',
  '/api/tv/v1/boxes/summary',
]);

const STATE = Symbol('request-log');
interface State {
  start: bigint;
  socketBytes: number;
  route?: string;
  error?: ErrorNote;
}
type Tracked = Request & { [STATE]?: State };

/** What the error handler (http/errors.ts) tells the log of a failed request: its code, and the error of a 5xx. */
export interface ErrorNote {
  code: string;
  err?: unknown;
}

/**
 * Leaves the error of `req` for its log line. False when no request log follows the request (an app without one):
 * the caller then logs a 5xx itself.
 */
export function noteError(req: Request, note: ErrorNote): boolean {
  const state = (req as Tracked)[STATE];
  if (!state) return false;
  state.error = note;
  return true;
}

/** The route label of a request no route matched. */
export function mountOf(path: string): string {
  for (const [re, label] of MOUNTS) if (re.test(path)) return label;
  return 'unmatched';
}

/** Whether a request's line goes into the summary rather than the log by itself. */
export function summarised(method: string, route: string, status: number): boolean {
  if (status >= 400) return false;
  if (route.startsWith('/api/admin')) return false;
  if (method === 'GET' || method === 'HEAD') return true;
  return method === 'POST' && ROUTINE_POSTS.has(route);
}

function bytesOf(res: ServerResponse, socketBytes: number, socket: { bytesWritten?: number } | null): number {
  const length = res.getHeader('content-length');
  if (length !== undefined && !Array.isArray(length)) return Number(length);
  return Math.max(0, (socket?.bytesWritten ?? socketBytes) - socketBytes);
}

/** The box a TV request is about: its `deviceId` (body or query), when it is one. */
function boxOf(req: Request): string | undefined {
  const body = req.body as { deviceId?: unknown } | undefined;
  const raw = (body && typeof body === 'object' ? body.deviceId : undefined) ?? (req.query as Record<string, unknown> | undefined)?.deviceId;
  return typeof raw === 'string' && deviceIdSchema.safeParse(raw).success ? raw : undefined;
}

export function createRequestLog(log: Logger, opts: RequestLogOptions = {}): RequestLog {
  const summaryMs = opts.summaryMs ?? REQUEST_SUMMARY_INTERVAL_S * 1000;
  let counts = new Map<string, number>();
  let requests = 0;
  let bytes = 0;
  let since = Date.now();

  const flush = () => {
    if (requests > 0) {
      const routes = Object.fromEntries([...counts].sort((a, b) => b[1] - a[1]));
      log.info({ seconds: Math.round((Date.now() - since) / 1000), requests, bytes, routes }, 'requests (summary)');
    }
    counts = new Map();
    requests = 0;
    bytes = 0;
    since = Date.now();
  };
  const timer = setInterval(flush, summaryMs);
  timer.unref();

  const count = (r: FinishedRequest) => {
    const key = `${r.method} ${r.route} ${r.status}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
    requests++;
    bytes += r.bytes;
  };

  const finished = (req: Tracked, res: Response, aborted: boolean) => {
    const state = req[STATE];
    if (!state) return;
    req[STATE] = undefined;
    // The path without its query (a search may hold what a person typed), cut short for a scanner's garbage.
    const path = ((req.originalUrl ?? req.url ?? '').split('?')[0] ?? '').slice(0, REQUEST_LOG_PATH_MAX_CHARS);
    const r: FinishedRequest = {
      method: req.method,
      route: state.route ?? mountOf(path),
      status: res.statusCode,
      ms: Number(process.hrtime.bigint() - state.start) / 1e6,
      bytes: bytesOf(res, state.socketBytes, req.socket),
    };
    opts.observe?.(r);
    if (summarised(r.method, r.route, r.status)) {
      count(r);
      return;
    }
    const note = state.error;
    const line: Record<string, unknown> = {
      method: r.method,
      route: r.route,
      path,
      status: r.status,
      ms: Math.round(r.ms * 10) / 10,
      bytes: r.bytes,
    };
    if (req.actor) line.user = req.actor.username;
    else {
      const box = boxOf(req);
      if (box) line.box = box;
    }
    line.ip = req.ip;
    if (note) line.code = note.code;
    if (aborted) line.aborted = true;
    const msg = `${r.method} ${r.route === 'unmatched' ? path : r.route} ${r.status}`;
    if (r.status >= 500) log.error(note?.err === undefined ? line : { ...line, err: note.err }, msg);
    else log.info(line, msg);
  };

  return {
    middleware(req, res, next) {
      const t = req as Tracked;
      const state: State = { start: process.hrtime.bigint(), socketBytes: req.socket?.bytesWritten ?? 0 };
      t[STATE] = state;
      // The router sets req.route when a route matches, while req.baseUrl is that router's mount: the pattern
      // is read there, because by the time an error handler answers, the routers have put baseUrl back.
      let route: unknown;
      Object.defineProperty(req, 'route', {
        configurable: true,
        enumerable: true,
        get: () => route,
        set: (v: unknown) => {
          route = v;
          const p = (v as { path?: unknown } | undefined)?.path;
          if (typeof p === 'string') state.route = `${req.baseUrl}${p === '/' && req.baseUrl ? '' : p}`;
        },
      });
      res.once('finish', () => finished(t, res, false));
      res.once('close', () => finished(t, res, !res.writableFinished));
      next();
    },
    answeredBefore(req, res, answered, startNs) {
      const r: FinishedRequest = {
        method: req.method ?? 'GET',
        route: answered.route,
        status: res.statusCode,
        ms: Number(process.hrtime.bigint() - startNs) / 1e6,
        bytes: answered.bytes,
      };
      opts.observe?.(r);
      count(r);
    },
    stop() {
      clearInterval(timer);
      flush();
    },
  };
}
