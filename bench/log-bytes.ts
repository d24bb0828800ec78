// Benchmark: log bytes per 1,000 TV catalog requests (real HTTP, keep-alive), before and after the request log of
// http/request-log.ts, in one run on the same seeded data and the same request mix (v2 home, v1 catalog and section
// pages; every third a revalidation answered 304).
//   before (every request) — pino-http's default logger in front of the app for every request, as app.ts had it
//                            for any request that reached Express: one line per request with every request and
//                            response header (the CSP included).
//   before (as wired)      — exactly the old wiring: kept TV answers (tv-api/answer-http.ts) were answered before
//                            Express and not logged at all; the rest went through pino-http.
//   after                  — the server as it is (startServer): no line per successful catalog request, one summary
//                            line per REQUEST_SUMMARY_INTERVAL_S, written here when the server stops.
//   npm run bench:logs [requests, default 1000]
import fs from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { pinoHttp } from 'pino-http';
import { apiSecurityHeaders, createApp } from '../cms-server/src/app.ts';
import { AuthService } from '../cms-server/src/auth/auth-service.ts';
import { loadConfig } from '../cms-server/src/config.ts';
import { EventHub } from '../cms-server/src/events/event-hub.ts';
import { EventRepository } from '../cms-server/src/events/event-repository.ts';
import { outboxIdReader } from '../cms-server/src/events/outbox-signal.ts';
import { createLogger } from '../cms-server/src/logger.ts';
import { prepareData, startServer } from '../cms-server/src/server.ts';
import { SpeechService } from '../cms-server/src/speech/speech-service.ts';
import { AnswerCache } from '../cms-server/src/tv-api/answer-cache.ts';
import { fastTvAnswers } from '../cms-server/src/tv-api/answer-http.ts';
import { CatalogService } from '../cms-server/src/tv-api/catalog-service.ts';

const REQUESTS = Math.max(1, Math.min(Number(process.argv[2] ?? 1000), 100_000));
const CONCURRENCY = 8;

/** A stream that only counts what a logger writes to it. */
class Counter extends Writable {
  bytes = 0;
  lines = 0;
  last = '';
  override _write(chunk: Buffer, _enc: BufferEncoding, cb: () => void): void {
    this.bytes += chunk.length;
    this.last = chunk.toString();
    for (const b of chunk) if (b === 10) this.lines++;
    cb();
  }
  reset(): void {
    this.bytes = 0;
    this.lines = 0;
  }
}
/** The logger main.ts makes (logger.ts), writing to `dest`. */
const loggerTo = (dest: Writable) => pino({ level: 'info', base: { app: 'keting' } }, dest);

const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'keting-bench-logs-'));
const config = loadConfig({ ...process.env, DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', SAMPLE_VIDEOS: '0', SPEECH_PREWARM: '0' });
const silent = createLogger('silent');

/** The request mix: URLs boxes ask, and whether to send the ETag they already hold. */
async function urlsOf(base: string): Promise<string[]> {
  const home = (await (await fetch(`${base}/api/tv/v2/catalog`)).json()) as { sections: { id: string }[] };
  return ['/api/tv/v2/catalog', '/api/tv/v1/catalog', ...home.sections.map((s) => `/api/tv/v2/sections/${s.id}/items?limit=20`)];
}

/** REQUESTS requests over keep-alive connections, CONCURRENCY at a time; every third revalidates (304). */
async function load(base: string, urls: string[]): Promise<Record<number, number>> {
  const etags = new Map<string, string>();
  const statuses: Record<number, number> = {};
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < REQUESTS; i = next++) {
      const url = urls[i % urls.length]!;
      const etag = etags.get(url);
      const headers: Record<string, string> = { 'User-Agent': 'Keting-TV/0.1.0 (WPE WebKit)', Accept: 'application/json' };
      if (etag && i % 3 === 0) Object.assign(headers, { 'If-None-Match': etag, 'Cache-Control': 'max-age=0' });
      const res = await fetch(`${base}${url}`, { headers });
      await res.arrayBuffer();
      const tag = res.headers.get('etag');
      if (tag) etags.set(url, tag);
      statuses[res.status] = (statuses[res.status] ?? 0) + 1;
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return statuses;
}

const listen = async (handler: http.RequestListener) => {
  const server = http.createServer(handler);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
};

interface Result {
  name: string;
  bytes: number;
  lines: number;
  statuses: Record<number, number>;
}
const results: Result[] = [];

try {
  // ---- before: the app as it is, with pino-http (default serializers) logging in front, as app.ts had it ----
  {
    const db = await prepareData(config, silent);
    const catalog = new CatalogService(db);
    const outbox = new EventRepository(db);
    const answers = new AnswerCache(catalog, outboxIdReader(() => outbox.lastId()));
    const events = new EventHub(db, answers, silent);
    events.start();
    const app = createApp({
      config,
      db,
      log: silent, // the new request log writes nowhere here: only pino-http's lines are counted
      auth: new AuthService(db),
      events,
      catalog,
      answers,
      speech: new SpeechService(config.speechDir, silent),
    });
    const fast = fastTvAnswers(answers, apiSecurityHeaders());
    // As wired first, on a fresh answer cache: the first request of each URL reached Express (and was logged).
    for (const wiring of ['before (as wired)', 'before (every request)'] as const) {
      const counter = new Counter();
      const httpLog = pinoHttp({ logger: loggerTo(counter), autoLogging: { ignore: (req) => /^\/(?:media|relay)\//.test(req.url ?? '') } });
      const { server, base } = await listen((req, res) => {
        if (wiring === 'before (as wired)' && fast(req, res)) return;
        httpLog(req, res);
        app(req, res);
      });
      const urls = await urlsOf(base);
      counter.reset();
      const statuses = await load(base, urls);
      await new Promise((r) => setTimeout(r, 100)); // the last 'finish' events
      results.push({ name: wiring, bytes: counter.bytes, lines: counter.lines, statuses });
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
    events.stop();
    db.close();
  }

  // ---- after: the server as it is now ----
  {
    const counter = new Counter();
    const running = await startServer(config, loggerTo(counter));
    const urls = await urlsOf(running.url);
    counter.reset();
    const statuses = await load(running.url, urls);
    await running.close(); // writes the pending summary line
    results.push({ name: 'after', bytes: counter.bytes, lines: counter.lines, statuses });
    process.stdout.write(`after: the one line written: ${counter.last}`);
  }
} finally {
  await fs.rm(dataDir, { recursive: true, force: true });
}

const per1000 = (r: Result) => (r.bytes * 1000) / REQUESTS;
const before = results.find((r) => r.name === 'before (every request)')!;
const after = results.find((r) => r.name === 'after')!;
process.stdout.write(`log bytes for ${REQUESTS} catalog requests (${CONCURRENCY} keep-alive clients):\n`);
for (const r of results) {
  process.stdout.write(
    `  ${r.name.padEnd(24)} ${Math.round(per1000(r)).toString().padStart(9)} B per 1,000 requests, ${r.lines} lines` +
      `  (answers: ${Object.entries(r.statuses).map(([s, n]) => `${n}×${s}`).join(', ')})\n`,
  );
}
process.stdout.write(
  `  ratio before (every request) / after: ${after.bytes ? Math.round(before.bytes / after.bytes) : '∞'}×` +
    `  (the after figure includes the summary line written when the server stops; the first request of each URL` +
    ` counts in the summary too)\n`,
);
