// The server's metrics, in Prometheus's text format (GET /metrics, metrics/routes.ts), on prom-client. One
// registry per server (never prom-client's global one: a test process may start several servers): the process's
// own numbers (CPU, memory, event loop, GC), the HTTP requests by route PATTERN (never the raw URL: ids would
// make a series each), packaging jobs, boxes seen lately, open event streams, the database's size and the data
// disk's free space. The gauges are read when Prometheus scrapes (collect callbacks), each a COUNT or a stat.
import fs from 'node:fs/promises';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { BOXES_SEEN_WINDOW_MIN } from '../constants.ts';
import type { Db } from '../db/database.ts';
import { JobRepository } from '../jobs/job-repository.ts';
import { DeviceRepository } from '../tv-api/device-repository.ts';

/** The methods kept as a label value; anything else counts as `other` (a client may send any token). */
const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);
/** Request latency buckets (seconds): a kept TV answer takes well under 5 ms, an admin export a few seconds. */
const REQUEST_BUCKETS = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
/** Packaging job buckets (seconds): a short clip packs in seconds, a two-hour lecture in tens of minutes. */
const JOB_BUCKETS = [5, 15, 30, 60, 120, 300, 600, 1200, 1800, 3600, 7200];

export interface MetricSources {
  db: Db;
  /** The SQLite file; its size and its -wal's are `keting_database_bytes`. */
  dbPath: string;
  /** DATA_DIR: its disk's free space is `keting_disk_free_bytes{dir="data"}`. */
  dataDir: string;
  /** BACKUP_DIR: its disk's free space is `keting_disk_free_bytes{dir="backup"}`. */
  backupDir?: string;
  /** When the newest backup was written (ms since the epoch) and its kind, null when there is none: `keting_backup_age_seconds`. */
  lastBackupAt?: () => Promise<{ at: number; kind: string } | null>;
  /** The event streams open now (events/event-hub.ts). */
  openStreams: () => number;
  now?: () => number;
}

/** One finished request, as the request log (http/request-log.ts) hands it over. */
export interface ObservedRequest {
  method: string;
  /** The route's pattern (`/api/tv/v2/sections/:id/items`), `/media/*`-like prefixes, or `unmatched`. */
  route: string;
  status: number;
  ms: number;
}

async function sizeOf(file: string): Promise<number> {
  try {
    return (await fs.stat(file)).size;
  } catch {
    return 0;
  }
}

export class ServerMetrics {
  readonly registry = new Registry();
  private readonly requests: Counter<'method' | 'route' | 'status'>;
  private readonly latency: Histogram<'method' | 'route'>;
  private readonly jobDuration: Histogram<'outcome'>;

  constructor(s: MetricSources) {
    const registers = [this.registry];
    const now = s.now ?? Date.now;
    collectDefaultMetrics({ register: this.registry });
    this.requests = new Counter({
      name: 'keting_http_requests_total',
      help: 'HTTP requests answered, by method, route pattern and status (also those answered before Express).',
      labelNames: ['method', 'route', 'status'],
      registers,
    });
    this.latency = new Histogram({
      name: 'keting_http_request_duration_seconds',
      help: 'Time from a request arriving to its answer finishing, by method and route pattern.',
      labelNames: ['method', 'route'],
      buckets: REQUEST_BUCKETS,
      registers,
    });
    this.jobDuration = new Histogram({
      name: 'keting_packaging_job_duration_seconds',
      help: 'How long a packaging job ran in this process, by outcome (done, failed, released, lost).',
      labelNames: ['outcome'],
      buckets: JOB_BUCKETS,
      registers,
    });
    const jobs = new JobRepository(s.db, now);
    new Gauge({
      name: 'keting_packaging_jobs',
      help: 'Packaging jobs now by state: queued, running, failed (kept until their asset is deleted), and held: those of the queued (or running) ones waiting for free disk space.',
      labelNames: ['state'],
      registers,
      collect() {
        const c = jobs.countByState();
        this.set({ state: 'queued' }, c.queued);
        this.set({ state: 'running' }, c.running);
        this.set({ state: 'failed' }, c.failed);
        this.set({ state: 'held' }, jobs.countHeldForDisk());
      },
    });
    const devices = new DeviceRepository(s.db);
    new Gauge({
      name: 'keting_boxes_seen',
      help: `TV boxes heard from (hello or progress report) within the window (${BOXES_SEEN_WINDOW_MIN} minutes).`,
      labelNames: ['window'],
      registers,
      collect() {
        const since = new Date(now() - BOXES_SEEN_WINDOW_MIN * 60_000).toISOString();
        this.set({ window: `${BOXES_SEEN_WINDOW_MIN}m` }, devices.countSeenSince(since));
      },
    });
    new Gauge({
      name: 'keting_event_streams_open',
      help: "The boxes' Server-Sent Events streams held open by this process.",
      registers,
      collect() {
        this.set(s.openStreams());
      },
    });
    new Gauge({
      name: 'keting_database_bytes',
      help: 'Size of the SQLite database: the file plus its write-ahead log.',
      registers,
      async collect() {
        const [main, wal] = await Promise.all([sizeOf(s.dbPath), sizeOf(`${s.dbPath}-wal`)]);
        this.set(main + wal);
      },
    });
    new Gauge({
      name: 'keting_disk_free_bytes',
      help: 'Bytes this process may still write on the disk of a folder (statfs: available blocks × block size).',
      labelNames: ['dir'],
      registers,
      async collect() {
        this.reset();
        const dirs: [string, string | undefined][] = [['data', s.dataDir], ['backup', s.backupDir]];
        for (const [dir, folder] of dirs) {
          const st = folder === undefined ? null : await fs.statfs(folder).catch(() => null);
          if (st) this.set({ dir }, st.bavail * st.bsize);
        }
      },
    });
    if (s.lastBackupAt) {
      const lastBackupAt = s.lastBackupAt;
      new Gauge({
        name: 'keting_backup_age_seconds',
        help: 'Seconds since the newest backup in BACKUP_DIR was written, labelled with its kind (scheduled, manual, upgrade); absent when there is none (alert on absent too).',
        labelNames: ['kind'],
        registers,
        async collect() {
          this.reset();
          const newest = await lastBackupAt().catch(() => null);
          if (newest) this.set({ kind: newest.kind }, Math.max(0, (now() - newest.at) / 1000));
        },
      });
    }
  }

  /** Counts one answered request (the request log calls it for every request, summarised or not). */
  request(r: ObservedRequest): void {
    const method = METHODS.has(r.method) ? r.method : 'other';
    this.requests.inc({ method, route: r.route, status: String(r.status) });
    this.latency.observe({ method, route: r.route }, r.ms / 1000);
  }

  /** A packaging job ended in this process (jobs/worker.ts). */
  jobEnded(outcome: string, seconds: number): void {
    this.jobDuration.observe({ outcome }, seconds);
  }

  /** The text of a scrape, and its Content-Type. */
  async scrape(): Promise<{ text: string; contentType: string }> {
    return { text: await this.registry.metrics(), contentType: this.registry.contentType };
  }
}
