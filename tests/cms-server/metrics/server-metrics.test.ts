// The metrics' gauges and the packaging job histogram, in one process on an in-memory database: the worker tells
// of each job that ended, the job and box gauges count what the repositories say at scrape time.
import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../../cms-server/src/db/database.ts';
import { JobRepository } from '../../../cms-server/src/jobs/job-repository.ts';
import { JobWorker, type JobHandler } from '../../../cms-server/src/jobs/worker.ts';
import { createLogger } from '../../../cms-server/src/logger.ts';
import { ServerMetrics } from '../../../cms-server/src/metrics/server-metrics.ts';

let db: Db;
let dir: string;

beforeEach(async () => {
  db = openDatabase(':memory:');
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'keting-metrics-'));
  await fs.writeFile(path.join(dir, 'keting.sqlite'), Buffer.alloc(4096));
  await fs.writeFile(path.join(dir, 'keting.sqlite-wal'), Buffer.alloc(1000));
});
afterEach(async () => {
  db.close();
  await fs.rm(dir, { recursive: true, force: true });
});

const metricsOf = (streams = 0) =>
  new ServerMetrics({ db, dbPath: path.join(dir, 'keting.sqlite'), dataDir: dir, openStreams: () => streams });
const line = (text: string, prefix: string) => text.split('\n').find((l) => l.startsWith(prefix));

function addAsset(): string {
  const id = `a-${crypto.randomBytes(4).toString('hex')}`;
  const t = new Date().toISOString();
  db.prepare(`INSERT INTO assets (id, status, created_at, updated_at) VALUES (?, 'pending', ?, ?)`).run(id, t, t);
  return id;
}

describe('ServerMetrics', () => {
  it('when jobs are queued, failed and boxes were seen, then the gauges count them when scraped', async () => {
    const jobs = new JobRepository(db);
    jobs.enqueue('package', addAsset(), 3);
    jobs.enqueue('package', addAsset(), 3);
    const t = new Date().toISOString();
    const old = new Date(Date.now() - 10 * 60_000).toISOString();
    const insert = db.prepare(`INSERT INTO tv_devices (id, first_address, first_seen_at, last_seen_at, credited_until) VALUES (?, '127.0.0.1', ?, ?, ?)`);
    insert.run(crypto.randomUUID(), t, t, t);
    insert.run(crypto.randomUUID(), old, old, old);
    const text = (await metricsOf(3).scrape()).text;
    expect(line(text, 'keting_packaging_jobs{state="queued"}')).toBe('keting_packaging_jobs{state="queued"} 2');
    expect(line(text, 'keting_packaging_jobs{state="running"}')).toBe('keting_packaging_jobs{state="running"} 0');
    expect(line(text, 'keting_packaging_jobs{state="held"}')).toBe('keting_packaging_jobs{state="held"} 0');
    expect(line(text, 'keting_boxes_seen{window="5m"}')).toBe('keting_boxes_seen{window="5m"} 1');
    expect(line(text, 'keting_event_streams_open')).toBe('keting_event_streams_open 3');
    expect(line(text, 'keting_database_bytes')).toBe('keting_database_bytes 5096');
    expect(Number(line(text, 'keting_disk_free_bytes{dir="data"}')?.split(' ')[1])).toBeGreaterThan(0);
  });

  it('when two servers live in one process, then each has its own registry and counts', async () => {
    const a = metricsOf();
    const b = metricsOf();
    a.request({ method: 'GET', route: '/api/tv/v2/catalog', status: 200, ms: 2 });
    a.request({ method: 'BREW', route: 'unmatched', status: 404, ms: 1 });
    const textA = (await a.scrape()).text;
    expect(textA).toContain('keting_http_requests_total{method="GET",route="/api/tv/v2/catalog",status="200"} 1');
    expect(textA).toContain('keting_http_requests_total{method="other",route="unmatched",status="404"} 1');
    expect((await b.scrape()).text).not.toContain('/api/tv/v2/catalog');
  });

  it('when the worker finishes a job, then its duration is observed by outcome', async () => {
    const metrics = metricsOf();
    new JobRepository(db).enqueue('package', addAsset(), 3);
    const handler: JobHandler = {
      run: async () => undefined,
      started: () => undefined,
      progressed: () => undefined,
      succeeded: () => undefined,
      retrying: () => undefined,
      failed: () => undefined,
      settled: async () => undefined,
      describe: () => ({ code: 'x', message: 'x' }),
    };
    const worker = new JobWorker({ db, log: createLogger('silent'), handlers: { package: handler }, leaseMs: 60_000 });
    worker.onJobEnded((e) => metrics.jobEnded(e.outcome, e.seconds));
    expect(await worker.tick()).toBe(true);
    const text = (await metrics.scrape()).text;
    expect(text).toContain('keting_packaging_job_duration_seconds_count{outcome="done"} 1');
  });
});
