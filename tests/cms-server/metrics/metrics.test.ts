// GET /metrics over real HTTP: Prometheus's text format from METRICS_ALLOW's addresses only (others get the unknown
// route's 404), judged by the client address after TRUST_PROXY, with route patterns (never raw ids) as labels.
import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminOf } from '../../helpers/admin-client.ts';
import { expectApiError } from '../../helpers/api-error.ts';
import { startKeting, type KetingProcess } from '../../helpers/server.ts';

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** Parses Prometheus's text exposition format (0.0.4), refusing any line that is not a comment or a sample. */
function parseMetrics(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('# HELP ') || line.startsWith('# TYPE ')) continue;
    // Values as Prometheus reads them (Go's ParseFloat: NaN and Inf in any case; prom-client writes "Nan").
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? ([+-]?(?:[0-9.e+-]+|inf|nan))(?: \d+)?$/i.exec(line);
    if (!m) throw new Error(`not a metrics line: ${line}`);
    const labels: Record<string, string> = {};
    for (const l of (m[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) labels[l[1]!] = l[2]!;
    samples.push({ name: m[1]!, labels, value: /nan/i.test(m[3]!) ? NaN : Number(m[3]!.replace(/inf$/i, 'Infinity')) });
  }
  return samples;
}

const find = (samples: Sample[], name: string, labels: Record<string, string> = {}) =>
  samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));
const valueOf = (samples: Sample[], name: string, labels: Record<string, string> = {}) =>
  find(samples, name, labels).reduce((sum, s) => sum + s.value, 0);

async function scrape(cms: KetingProcess, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${cms.baseUrl}/metrics`, { headers });
}

describe('/metrics with the default METRICS_ALLOW (loopback) and no TRUST_PROXY', () => {
  let cms: KetingProcess;
  beforeAll(async () => {
    cms = await startKeting({ env: { TRUST_PROXY: '' } });
  });
  afterAll(async () => {
    await cms?.stop();
  });

  it('when asked from 127.0.0.1, then it answers Prometheus text with the process, request, job, box, stream, database and disk metrics', async () => {
    const res = await scrape(cms);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const samples = parseMetrics(await res.text());
    for (const name of ['process_cpu_user_seconds_total', 'process_resident_memory_bytes', 'nodejs_eventloop_lag_seconds']) {
      expect(find(samples, name).length, name).toBeGreaterThan(0);
    }
    for (const state of ['queued', 'running', 'failed', 'held']) {
      expect(find(samples, 'keting_packaging_jobs', { state }), state).toHaveLength(1);
    }
    expect(find(samples, 'keting_boxes_seen', { window: '5m' })).toHaveLength(1);
    expect(find(samples, 'keting_event_streams_open')).toHaveLength(1);
    expect(valueOf(samples, 'keting_database_bytes')).toBeGreaterThan(0);
    expect(valueOf(samples, 'keting_disk_free_bytes', { dir: 'data' })).toBeGreaterThan(0);
    expect(find(samples, 'keting_packaging_job_duration_seconds_count').length).toBe(0); // no job has run yet
  });

  it('when a backup is taken, then the age of the newest backup and the free space where backups go appear', async () => {
    const before = parseMetrics(await (await scrape(cms)).text());
    expect(find(before, 'keting_backup_age_seconds')).toHaveLength(0); // none yet: absent, not 0
    const admin = await adminOf(cms.baseUrl);
    expect((await admin.json('POST', '/api/admin/system/backup')).status).toBe(200);
    const after = parseMetrics(await (await scrape(cms)).text());
    const age = find(after, 'keting_backup_age_seconds');
    expect(age).toHaveLength(1);
    expect(age[0]!.labels).toEqual({ kind: 'manual' });
    expect(age[0]!.value).toBeGreaterThanOrEqual(0);
    expect(age[0]!.value).toBeLessThan(120);
    expect(valueOf(after, 'keting_disk_free_bytes', { dir: 'backup' })).toBeGreaterThan(0);
  });

  it('when boxes ask the catalog, a section page and an item, then the counters carry the route patterns (also for answers kept before Express), never the ids', async () => {
    const home = (await (await fetch(`${cms.baseUrl}/api/tv/v2/catalog`)).json()) as { sections: { id: string }[] };
    const section = home.sections.find((s) => s.id)!.id;
    const page = (await (await fetch(`${cms.baseUrl}/api/tv/v2/sections/${section}/items?limit=2`)).json()) as { items: { id: string }[] };
    const item = page.items[0]!.id;
    // The second and third of each are answered from kept bytes, before Express.
    for (let i = 0; i < 2; i++) {
      await (await fetch(`${cms.baseUrl}/api/tv/v2/catalog`)).arrayBuffer();
      await (await fetch(`${cms.baseUrl}/api/tv/v2/sections/${section}/items?limit=2`)).arrayBuffer();
    }
    await (await fetch(`${cms.baseUrl}/api/tv/v2/items/${item}`)).arrayBuffer();
    await (await fetch(`${cms.baseUrl}/api/tv/v2/items/${item}`)).arrayBuffer();
    await (await fetch(`${cms.baseUrl}/no/such/${item}`)).arrayBuffer();

    const text = await (await scrape(cms)).text();
    const samples = parseMetrics(text);
    const requests = (route: string, status = '200') => valueOf(samples, 'keting_http_requests_total', { method: 'GET', route, status });
    expect(requests('/api/tv/v2/catalog')).toBe(3);
    expect(requests('/api/tv/v2/sections/:id/items')).toBe(3);
    expect(requests('/api/tv/v2/items/:id')).toBe(2);
    expect(requests('unmatched', '404')).toBe(1);
    expect(valueOf(samples, 'keting_http_request_duration_seconds_count', { method: 'GET', route: '/api/tv/v2/sections/:id/items' })).toBe(3);
    // No raw id, path or query is ever a label value.
    expect(text).not.toContain(item);
    expect(text).not.toContain(`/sections/${section}`);
    expect(text).not.toContain('limit=');
    for (const s of find(samples, 'keting_http_requests_total')) expect(s.labels.route).toMatch(/^(?:unmatched|\/[a-z0-9/:_*-]*)$/);
  });

  it('when a box says hello and opens its event stream, then it is counted among the boxes seen and the open streams', async () => {
    const deviceId = crypto.randomUUID();
    const hello = await fetch(`${cms.baseUrl}/api/tv/v1/boxes/hello`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ deviceId, appVersion: '0.1.0' }),
    });
    expect(hello.status).toBe(200);
    const ac = new AbortController();
    const stream = await fetch(`${cms.baseUrl}/api/tv/v2/events`, { signal: ac.signal });
    expect(stream.status).toBe(200);
    try {
      const samples = parseMetrics(await (await scrape(cms)).text());
      expect(valueOf(samples, 'keting_boxes_seen', { window: '5m' })).toBeGreaterThanOrEqual(1);
      expect(valueOf(samples, 'keting_event_streams_open')).toBe(1);
    } finally {
      ac.abort();
    }
  });

  it('when a client sends X-Forwarded-For with an allowed address, then it is not believed (no proxy is trusted)', async () => {
    // Allowed anyway: the socket is loopback. The point is the next describe's; here the header changes nothing.
    expect((await scrape(cms, { 'X-Forwarded-For': '203.0.113.9' })).status).toBe(200);
  });
});

describe('/metrics with METRICS_ALLOW=10.0.0.0/8 and TRUST_PROXY=10.9.9.9 (a proxy that is not the caller)', () => {
  let cms: KetingProcess;
  beforeAll(async () => {
    cms = await startKeting({ env: { METRICS_ALLOW: '10.0.0.0/8', TRUST_PROXY: '10.9.9.9' } });
  });
  afterAll(async () => {
    await cms?.stop();
  });

  it('when asked from 127.0.0.1, then it answers 404 route_not_found, as for an unknown address', async () => {
    await expectApiError(await scrape(cms), 404, 'route_not_found');
  });

  it('when 127.0.0.1 (an untrusted hop) claims an allowed address in X-Forwarded-For, then it still gets 404', async () => {
    await expectApiError(await scrape(cms, { 'X-Forwarded-For': '10.1.2.3' }), 404, 'route_not_found');
    await expectApiError(await scrape(cms, { 'X-Forwarded-For': '10.9.9.9, 10.1.2.3' }), 404, 'route_not_found');
  });
});

describe('/metrics behind a proxy on the same machine (TRUST_PROXY=loopback, METRICS_ALLOW=loopback)', () => {
  let cms: KetingProcess;
  beforeAll(async () => {
    cms = await startKeting({ env: { TRUST_PROXY: 'loopback' } });
  });
  afterAll(async () => {
    await cms?.stop();
  });

  it('when the proxy forwards a public client, then the client is judged by its own address: 404', async () => {
    await expectApiError(await scrape(cms, { 'X-Forwarded-For': '203.0.113.5' }), 404, 'route_not_found');
    // A client's own "127.0.0.1" is kept by nginx in front of the address it appends.
    await expectApiError(await scrape(cms, { 'X-Forwarded-For': '127.0.0.1, 203.0.113.5' }), 404, 'route_not_found');
  });

  it('when a local scraper asks directly, then it is answered', async () => {
    expect((await scrape(cms)).status).toBe(200);
  });
});

describe('/metrics with METRICS_ALLOW=off', () => {
  let cms: KetingProcess;
  beforeAll(async () => {
    cms = await startKeting({ env: { METRICS_ALLOW: 'off' } });
  });
  afterAll(async () => {
    await cms?.stop();
  });

  it('when asked from anywhere, loopback included, then it answers 404', async () => {
    await expectApiError(await scrape(cms), 404, 'route_not_found');
  });
});

describe('a malformed METRICS_ALLOW', () => {
  it('when an entry is neither a name, an address nor a range, then the server refuses to start and says why', async () => {
    await expect(startKeting({ env: { METRICS_ALLOW: 'loopback,10.0.0.0/99' } })).rejects.toThrow(/METRICS_ALLOW/);
  });
});
