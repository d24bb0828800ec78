// The request log: one line per admin request (method, route pattern, status, time, bytes, user, address) and
// never a header; the boxes' successful catalog and media requests counted into one summary line instead; a 5xx
// written once, at 'error', with its error and cause.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import express from 'express';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorHandler, routeNotFound } from '../../../cms-server/src/http/errors.ts';
import { createRequestLog, mountOf, summarised } from '../../../cms-server/src/http/request-log.ts';
import { adminOf } from '../../helpers/admin-client.ts';
import { startKeting, type KetingProcess } from '../../helpers/server.ts';

type Line = Record<string, any>;
const jsonLines = (out: string): Line[] =>
  out
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Line);

describe('the request log of a real server at LOG_LEVEL=info', () => {
  let cms: KetingProcess;
  let lines: Line[];
  let output: string;
  let mediaPath: string;

  beforeAll(async () => {
    cms = await startKeting({ env: { LOG_LEVEL: 'info' } });
    const admin = await adminOf(cms.baseUrl);
    expect((await admin.request('GET', '/api/admin/items')).status).toBe(200);
    expect((await admin.request('GET', '/api/admin/items/no-such-item')).status).toBe(404);
    // The boxes' routine traffic: 20 catalog requests (the first through Express, the rest from kept bytes), a
    // revalidation answered 304, a poster from /media/.
    let etag = '';
    for (let i = 0; i < 20; i++) {
      const res = await fetch(`${cms.baseUrl}/api/tv/v2/catalog`);
      etag = res.headers.get('etag') ?? '';
      const home = (await res.json()) as { sections: { items: { poster?: string | null }[] }[] };
      mediaPath ||= home.sections.flatMap((s) => s.items).find((it) => it.poster)?.poster ?? '';
    }
    expect((await fetch(`${cms.baseUrl}/api/tv/v2/catalog`, { headers: { 'If-None-Match': etag, 'Cache-Control': 'max-age=0' } })).status).toBe(304);
    if (mediaPath) expect((await fetch(new URL(mediaPath, cms.baseUrl))).status).toBe(200);
    // An unknown route: one line, info, with the error code.
    expect((await fetch(`${cms.baseUrl}/no/such/page`)).status).toBe(404);
    await cms.stop(); // the summary pending at shutdown is written before the process exits
    output = cms.output();
    lines = jsonLines(output);
  });
  afterAll(async () => {
    await cms?.stop();
  });

  it('when an admin asks the API, then each request is one line with its route pattern, status, time, bytes, user and address', () => {
    const mine = lines.filter((l) => typeof l.route === 'string' && l.route.startsWith('/api/admin/items'));
    expect(mine).toHaveLength(2);
    const [list, missing] = mine;
    expect(list).toMatchObject({ level: 30, method: 'GET', route: '/api/admin/items', path: '/api/admin/items', status: 200, user: 'admin', ip: '127.0.0.1' });
    expect(list!.ms).toEqual(expect.any(Number));
    expect(list!.bytes).toBeGreaterThan(0);
    expect(missing).toMatchObject({ level: 30, route: '/api/admin/items/:id', path: '/api/admin/items/no-such-item', status: 404, code: 'not_found', user: 'admin' });
    const signIn = lines.find((l) => l.route === '/api/admin/session');
    expect(signIn).toMatchObject({ method: 'POST', status: 200 });
  });

  it('when anything is logged, then no request or response header is in it', () => {
    expect(output.toLowerCase()).not.toContain('content-security-policy');
    expect(output.toLowerCase()).not.toContain('user-agent');
    expect(output).not.toContain('keting_sid');
    for (const l of lines) {
      expect(l).not.toHaveProperty('req');
      expect(l).not.toHaveProperty('res');
      expect(l).not.toHaveProperty('headers');
    }
  });

  it('when boxes ask the catalog and media, then no line is written per request, but one summary counts them by route and status', () => {
    expect(lines.filter((l) => typeof l.route === 'string' && (l.route.startsWith('/api/tv/') || l.route.startsWith('/media')))).toEqual([]);
    const summaries = lines.filter((l) => l.msg === 'requests (summary)');
    expect(summaries).toHaveLength(1);
    const routes = summaries[0]!.routes as Record<string, number>;
    expect(routes['GET /api/tv/v2/catalog 200']).toBe(20);
    expect(routes['GET /api/tv/v2/catalog 304']).toBe(1);
    if (mediaPath) expect(routes['GET /media/* 200']).toBe(1);
    expect(summaries[0]!.bytes).toBeGreaterThan(0);
    expect(summaries[0]!.requests).toBe(Object.values(routes).reduce((a, b) => a + b, 0));
  });

  it('when a route is unknown, then its line is info with the code route_not_found and the route label unmatched', () => {
    expect(lines.find((l) => l.path === '/no/such/page')).toMatchObject({ level: 30, route: 'unmatched', status: 404, code: 'route_not_found' });
  });

  it('when 21 catalog requests and an admin session were logged, then the whole log stays small', () => {
    // Before (pino-http), each catalog request reaching Express wrote about 1.2 kB with every header.
    expect(Buffer.byteLength(output)).toBeLessThan(8_000);
  });
});

describe('the request log in front of an Express app', () => {
  let server: http.Server;
  let base: string;
  let out = '';
  const observed: { route: string; status: number }[] = [];
  const requestLog = createRequestLog(
    pino({ level: 'info' }, new Writable({ write: (chunk: Buffer, _enc, cb) => ((out += chunk.toString()), cb()) })),
    { summaryMs: 3_600_000, observe: (r) => observed.push({ route: r.route, status: r.status }) },
  );

  beforeAll(async () => {
    const app = express();
    app.use(requestLog.middleware);
    const router = express.Router();
    router.get('/things/:id', () => {
      throw new Error('the query failed', { cause: new Error('SQLITE_BUSY: database is locked') });
    });
    router.get('/ok/:id', (_req, res) => res.json({ ok: true }));
    app.use('/api/admin', router);
    app.use(routeNotFound);
    app.use(errorHandler(pino({ level: 'silent' })));
    server = http.createServer(app);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    requestLog.stop();
    await new Promise((r) => server.close(r));
  });

  it('when a handler fails with a cause, then one error line carries the route pattern, the error and its cause', async () => {
    out = '';
    expect((await fetch(`${base}/api/admin/things/42`)).status).toBe(500);
    await new Promise((r) => setTimeout(r, 50));
    const got = jsonLines(out);
    expect(got).toHaveLength(1);
    expect(got[0]).toMatchObject({ level: 50, route: '/api/admin/things/:id', status: 500, code: 'internal_error' });
    expect(JSON.stringify(got[0]!.err)).toContain('SQLITE_BUSY: database is locked');
    expect(got[0]!.err.message).toContain('the query failed');
  });

  it('when a request is answered, then the observer gets its route pattern, never the raw path', async () => {
    observed.length = 0;
    await (await fetch(`${base}/api/admin/ok/abc-123`)).arrayBuffer();
    await (await fetch(`${base}/elsewhere/abc-123`)).arrayBuffer();
    await new Promise((r) => setTimeout(r, 50));
    expect(observed).toEqual([
      { route: '/api/admin/ok/:id', status: 200 },
      { route: 'unmatched', status: 404 },
    ]);
  });

  it('which requests are summarised: successful GET/HEAD outside the admin API and the boxes\' routine reports', () => {
    expect(summarised('GET', '/api/tv/v2/catalog', 304)).toBe(true);
    expect(summarised('GET', '/media/*', 200)).toBe(true);
    expect(summarised('POST', '/api/tv/v1/progress', 204)).toBe(true);
    expect(summarised('POST', '/api/tv/v1/boxes/pairing-code', 201)).toBe(false);
    expect(summarised('GET', '/api/admin/items', 200)).toBe(false);
    expect(summarised('GET', '/api/tv/v2/catalog', 404)).toBe(false);
    expect(mountOf('/media/abc/master.m3u8')).toBe('/media/*');
    expect(mountOf('/api/admin/no-such')).toBe('/api/admin/*');
    expect(mountOf('/wp-login.php')).toBe('unmatched');
  });
});
