// Writing a kept TV answer (answer-cache.ts) to a response, and the fast path in front of Express: a GET whose exact
// URL was answered before in this generation is answered from the kept bytes at the node:http level — the URL was
// validated the first time (street, section, cursor, limit), a street is never deleted, and the kept entry is
// dropped with the generation — so a box's request (or a cache's revalidation) costs about what a static file
// costs: a lookup, an outbox-id read, the headers, the bytes or a 304. Anything else goes on to Express as usual.
// Requests answered here are counted by the request log's summary and the metrics like any other (server.ts), under
// the pattern of the route that kept the URL (`keptRoute`).
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { CATALOG_MAX_AGE_S, CATALOG_STALE_S } from '../constants.ts';
import type { AnswerCache, BuiltAnswer } from './answer-cache.ts';

/** The caching policy of every kept TV answer: as v1's catalog always had (nginx or a CDN may keep them). */
export const CACHEABLE = `public, max-age=${CATALOG_MAX_AGE_S}, stale-while-revalidate=${CATALOG_STALE_S}`;
const NO_CACHE = /(?:^|,)\s*no-cache\s*(?:,|$)/i;

/**
 * Whether the box (or a cache) already holds `etag`: If-None-Match lists it (weak comparison, or `*`), and the
 * request does not say `Cache-Control: no-cache` (which by HTTP's rules asks for the answer itself).
 */
export function holds(req: IncomingMessage, etag: string): boolean {
  const inm = req.headers['if-none-match'];
  if (!inm) return false;
  const cc = req.headers['cache-control'];
  if (cc && NO_CACHE.test(cc)) return false;
  if (inm === etag) return true;
  if (inm.trim() === '*') return true;
  for (const raw of inm.split(',')) {
    const tag = raw.trim();
    if ((tag.startsWith('W/') ? tag.slice(2) : tag) === etag) return true;
  }
  return false;
}

type AnswerHeaders = { full: OutgoingHttpHeaders; notModified: OutgoingHttpHeaders };
/** Headers of a kept answer: made once per answer and set of extra headers, not per request. */
const headersOf = new WeakMap<OutgoingHttpHeaders, WeakMap<BuiltAnswer, AnswerHeaders>>();
const NONE: OutgoingHttpHeaders = {};

/**
 * Sends kept bytes with their strong ETag and the caching policy, or 304 when the box already has them. Returns the
 * body bytes sent (0 for a 304 or a HEAD).
 */
export function writeAnswer(req: IncomingMessage, res: ServerResponse, a: BuiltAnswer, extra: OutgoingHttpHeaders = NONE): number {
  let byAnswer = headersOf.get(extra);
  if (!byAnswer) headersOf.set(extra, (byAnswer = new WeakMap()));
  let h = byAnswer.get(a);
  if (!h) {
    // A 304 carries what a cache updates its stored answer with (RFC 9110 §15.4.5: ETag, Cache-Control; Date is
    // Node's), as nginx answers for a static file: the stored 200 keeps its other headers.
    const notModified = { 'Cache-Control': CACHEABLE, ETag: a.etag };
    const full = { ...extra, ...notModified, 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': a.body.length };
    byAnswer.set(a, (h = { full, notModified }));
  }
  if (holds(req, a.etag)) {
    res.writeHead(304, h.notModified);
    res.end();
    return 0;
  }
  res.writeHead(200, h.full);
  res.end(a.body);
  return req.method === 'HEAD' ? 0 : a.body.length;
}

/** The route patterns of the URLs the TV API keeps (routes.ts' sendAnswer), for the request log and the metrics. */
const KEPT_ROUTES: [RegExp, string][] = [
  [/^\/api\/tv\/(v[12])\/catalog$/, '/api/tv/$1/catalog'],
  [/^\/api\/tv\/(v[12])\/items\/[^/]+$/, '/api/tv/$1/items/:id'],
  [/^\/api\/tv\/v2\/sections\/[^/]+\/items$/, '/api/tv/v2/sections/:id/items'],
];

/** The route pattern of a kept URL (its query left out), never the URL itself; `unmatched` for anything else. */
export function keptRoute(url: string): string {
  const q = url.indexOf('?');
  const path = q === -1 ? url : url.slice(0, q);
  for (const [re, pattern] of KEPT_ROUTES) {
    const m = re.exec(path);
    if (m) return pattern.replace('$1', m[1] ?? '');
  }
  return 'unmatched';
}

/** What the fast path answered: the route's pattern and the body bytes sent. */
export interface FastAnswered {
  route: string;
  bytes: number;
}

/**
 * The fast path: answers `req` when it is a GET or HEAD of a TV API URL kept in this generation and says what it
 * sent; otherwise returns false (Express takes the request). `security` are the headers helmet sets on the API.
 */
export function fastTvAnswers(answers: AnswerCache, security: OutgoingHttpHeaders): (req: IncomingMessage, res: ServerResponse) => FastAnswered | false {
  return (req, res) => {
    const url = req.url;
    if ((req.method !== 'GET' && req.method !== 'HEAD') || url === undefined || !url.startsWith('/api/tv/')) return false;
    const a = answers.lookup(url);
    if (!a) return false;
    const bytes = writeAnswer(req, res, a, security);
    return { route: keptRoute(url), bytes };
  };
}
