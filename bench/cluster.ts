// Benchmark (issue 17, several CMS nodes behind nginx): what one and two CMS processes on ONE data folder carry
// behind the production nginx site (deploy/nginx/keting.conf, rendered by tests/helpers/nginx.ts), in one run,
// each figure printed beside a baseline measured in the same run (timings on a shared 2-core machine are noisy).
//
// a. The TV's home, GET /api/tv/v2/catalog, 200 and 304 (If-None-Match with the current ETag), loaded by
//    autocannon (npm devDependency, in this process) with CONNECTIONS keep-alive connections for `seconds` per case:
//      static        the same nginx serving the same catalog bytes as a file from disk (the baseline; a /media/ path
//                    of the site, so sendfile, etag and the site's headers as for a playlist)
//      shipped ×1/×2 the site as shipped, in front of one node / two nodes: the catalog is answered from nginx's
//                    cache for its max-age (30 s), so the nodes are barely asked
//      no cache ×1/×2 the same site with `proxy_cache off` in its TV API location (the rendered file rewritten, nginx
//                    reloaded): every request reaches a node — what the nodes themselves carry
//      direct        one node without nginx, for reference
//    Each case reports requests/s, its ratio to the static baseline of the same status, latency p50/p99, and the
//    CPU time per request of nginx (master and workers), the nodes, and this process (the load generator), read from
//    /proc around each run: the load generator, nginx and the nodes share the machine's cores.
// b. Packaging two uploaded videos at once (tus uploads to node A, test-pattern 1080p sources made by ffmpeg): with two
//    nodes on the folder (each leases one job) against one node doing both; wall time from the first upload finished
//    to both videos ready, and the ratio. Which node packaged which video is read from the jobs' lease owners.
//
// nginx runs with the test helper's nginx.conf (1 worker, access log on); each node is cms-server/src/main.ts as
// production runs it behind nginx (HOST=127.0.0.1, TRUST_PROXY=loopback, LOG_LEVEL=warn), no sample videos (home is then the seeded
// articles and notices, about 10 kB). Every process started is stopped and every temp folder removed, also
// on Ctrl-C; the whole run is bounded (RUN_LIMIT_MS). Figures and the capacity plan: docs/capacity.md.
//   npm run bench:cluster [-- seconds-per-case, default 10] [rounds, default 1] [video seconds, default 20]
//   e.g. npm run bench:cluster -- 5 3 20     (rounds > 1: cases alternate order, medians are printed)
import Database from 'better-sqlite3';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import type { AssetView } from '../cms-server/src/admin/contract.ts';
import { AdminClient } from '../tests/helpers/admin-client.ts';
import { startNginx, type NginxProcess } from '../tests/helpers/nginx.ts';
import { TUS, uploadFile } from '../tests/helpers/tus.ts';
import { makeVideo } from '../tests/helpers/videos.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const seconds = Math.max(1, Number(process.argv[2] ?? 10));
const rounds = Math.max(1, Number(process.argv[3] ?? 1));
const videoSeconds = Math.max(2, Number(process.argv[4] ?? 20));
const CONNECTIONS = 32;
const WARM_UP_S = 1;
const PASSWORD = 'bench-admin-password';
const CATALOG = '/api/tv/v2/catalog';
/** The static baseline's path: a playlist-shaped name the site's /media/ location serves from disk. */
const STATIC_PATH = '/media/bench-static/catalog.m3u8';
const RUN_LIMIT_MS = 30 * 60_000;
const PACKAGING_LIMIT_MS = 10 * 60_000;

// ---- autocannon (no types of its own: the part used here) ----
interface CannonResult {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number };
  errors: number;
  timeouts: number;
  statusCodeStats: Record<string, { count: number }>;
}
type Cannon = (o: { url: string; connections: number; duration: number; headers?: Record<string, string> }) => Promise<CannonResult>;
const autocannon = createRequire(import.meta.url)('autocannon') as Cannon;

// ---- processes and clean-up ----
const cleanups: (() => Promise<void>)[] = [];
let cleaning: Promise<void> | undefined;
function cleanUp(): Promise<void> {
  cleaning ??= (async () => {
    for (const c of cleanups.reverse()) await c().catch((e: unknown) => console.error('clean-up:', e));
  })();
  return cleaning;
}
for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.once(sig, () => void cleanUp().then(() => process.exit(130)));
}
const runTimer = setTimeout(() => {
  console.error(`the run took longer than ${RUN_LIMIT_MS / 60_000} min: stopping`);
  void cleanUp().then(() => process.exit(1));
}, RUN_LIMIT_MS);
runTimer.unref();

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  const killer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  await exited;
  clearTimeout(killer);
}

interface Node {
  name: string;
  baseUrl: string;
  hostPort: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

/** A CMS process on the shared data folder, as production runs it behind nginx. */
async function startNode(name: string, dataDir: string): Promise<Node> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'cms-server/src/main.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: '0', HOST: '127.0.0.1', TRUST_PROXY: 'loopback', DATA_DIR: dataDir, LOG_LEVEL: 'warn',
      SAMPLE_VIDEOS: '0', SPEECH_PREWARM: '0', KETING_ADMIN_PASSWORD: PASSWORD,
      BACKUP_DIR: path.join(dataDir, 'backups'), BACKUP_CRON: 'off',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stop = () => stopChild(child);
  cleanups.push(stop);
  let out = '';
  child.stderr!.on('data', (b: Buffer) => (out += b.toString()));
  const baseUrl = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`node ${name} did not start in 60 s:\n${out}`)), 60_000);
    child.stdout!.on('data', (b: Buffer) => {
      out += b.toString();
      const m = /KETING_READY (\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`node ${name} exited (${code}) before it was ready:\n${out}`));
    });
  });
  return { name, baseUrl, hostPort: new URL(baseUrl).host, child, stop };
}

async function site(upstreams: Node[], mediaDir: string, cache: boolean): Promise<NginxProcess> {
  const nginx = await startNginx({ upstreams: upstreams.map((n) => n.hostPort), mediaDir });
  cleanups.push(() => nginx.stop());
  if (!cache) {
    // The shipped site with one line changed: the TV API location's cache off. Reloaded in place (SIGHUP).
    const file = path.join(nginx.dir, 'keting.conf');
    const text = await fsp.readFile(file, 'utf8');
    const lines = text.split('\n').filter((l) => /^\s*proxy_cache keting_cache;$/.test(l));
    if (lines.length !== 1) throw new Error(`expected one "proxy_cache keting_cache;" line in ${file}, found ${lines.length}`);
    await fsp.writeFile(file, text.replace(/^(\s*)proxy_cache keting_cache;$/m, '$1proxy_cache off;'));
    process.kill(nginx.child.pid!, 'SIGHUP');
    const until = Date.now() + 10_000;
    for (;;) {
      const res = await fetch(`${nginx.baseUrl}${CATALOG}`);
      await res.arrayBuffer();
      if (res.status === 200 && !res.headers.has('x-cache-status')) break;
      if (Date.now() > until) throw new Error(`nginx did not reload with the cache off:\n${nginx.errors()}`);
      await sleep(100);
    }
  }
  return nginx;
}

// ---- measuring ----
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** The middle value; of an even count, the mean of the two middle ones. */
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

/** CPU seconds (user + system) of a process; 0 once it is gone. */
function cpuSeconds(pid: number): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) / 100; // utime, stime in clock ticks (USER_HZ = 100)
  } catch {
    return 0;
  }
}
/** nginx's master and its workers. */
function nginxPids(n: NginxProcess): number[] {
  const master = n.child.pid!;
  const kids: number[] = [];
  for (const task of fs.readdirSync(`/proc/${master}/task`)) {
    const list = fs.readFileSync(`/proc/${master}/task/${task}/children`, 'utf8').trim();
    if (list) kids.push(...list.split(/\s+/).map(Number));
  }
  return [master, ...kids];
}

interface Case {
  name: string;
  status: 200 | 304;
  url: string;
  headers: Record<string, string>;
  nginx?: NginxProcess;
  nodes: Node[];
}
interface Run {
  rps: number;
  p50: number;
  p99: number;
  /** CPU µs per request: nginx, the nodes together, this process (the load generator). */
  us: { nginx: number; nodes: number; bench: number };
}

async function load(c: Case, s: number): Promise<Run> {
  const nginx = c.nginx ? nginxPids(c.nginx) : [];
  const cpu = () => ({
    nginx: nginx.reduce((t, p) => t + cpuSeconds(p), 0),
    nodes: c.nodes.reduce((t, n) => t + cpuSeconds(n.child.pid!), 0),
    bench: (process.cpuUsage().user + process.cpuUsage().system) / 1e6,
  });
  const before = cpu();
  const r = await autocannon({ url: c.url, connections: CONNECTIONS, duration: s, headers: c.headers });
  const after = cpu();
  const n = r.requests.total;
  const wrong = Object.entries(r.statusCodeStats).filter(([code]) => Number(code) !== c.status).reduce((t, [, v]) => t + v.count, 0);
  if (r.errors + r.timeouts + wrong > n * 0.001) {
    throw new Error(`${c.name}: ${r.errors} errors, ${r.timeouts} timeouts, ${wrong} answers other than ${c.status} of ${n}: ${JSON.stringify(r.statusCodeStats)}`);
  }
  const us = (k: 'nginx' | 'nodes' | 'bench') => ((after[k] - before[k]) * 1e6) / n;
  return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, us: { nginx: us('nginx'), nodes: us('nodes'), bench: us('bench') } };
}

async function etagOf(url: string): Promise<string> {
  const res = await fetch(url);
  await res.arrayBuffer();
  const etag = res.headers.get('etag');
  if (res.status !== 200 || !etag) throw new Error(`${url}: ${res.status}, ETag ${etag}`);
  return etag;
}

// ---- packaging ----
interface Packed {
  wallS: number;
  perVideo: { asset: string; node: string; uploadedToReadyS: number }[];
}

async function packageTwo(nodes: Node[], admin: AdminClient, dataDir: string, sources: string[]): Promise<Packed> {
  const db = new Database(path.join(dataDir, 'keting.sqlite'), { readonly: true, fileMustExist: true });
  db.pragma('busy_timeout = 2000');
  const owners = new Map<string, string>(); // asset id → node name
  const byPid = new Map(nodes.map((n) => [String(n.child.pid), n.name]));
  try {
    const uploadedAt = new Map<string, number>();
    const ids = await Promise.all(
      sources.map(async (file, i) => {
        const up = await uploadFile(admin.baseUrl, { ...TUS, ...admin.headers() }, file, { filename: `bench-${i + 1}.mp4`, filetype: 'video/mp4' }, 8 * 1024 * 1024);
        if (!up.assetId) throw new Error(`upload of ${file}: ${up.final.status} ${await up.final.text()}`);
        uploadedAt.set(up.assetId, performance.now());
        return up.assetId;
      }),
    );
    const t0 = Math.min(...uploadedAt.values());
    const readyAt = new Map<string, number>();
    const until = Date.now() + PACKAGING_LIMIT_MS;
    const ownerQuery = db.prepare(`SELECT asset_id AS asset, lease_owner AS owner FROM jobs WHERE asset_id IN (${ids.map(() => '?').join(',')})`);
    while (readyAt.size < ids.length) {
      if (Date.now() > until) throw new Error(`packaging not done in ${PACKAGING_LIMIT_MS / 60_000} min`);
      for (const row of ownerQuery.all(...ids) as { asset: string; owner: string | null }[]) {
        const pid = row.owner?.split(':')[1];
        if (pid && !owners.has(row.asset)) owners.set(row.asset, byPid.get(pid) ?? `pid ${pid}`);
      }
      for (const id of ids) {
        if (readyAt.has(id)) continue;
        const a = (await admin.json<AssetView>('GET', `/api/admin/assets/${id}`)).body;
        if (a.status === 'failed') throw new Error(`asset ${id} failed: ${JSON.stringify(a.error ?? a.job)}`);
        if (a.status === 'ready') readyAt.set(id, performance.now());
      }
      await sleep(200);
    }
    return {
      wallS: (Math.max(...readyAt.values()) - t0) / 1000,
      perVideo: ids.map((id) => ({ asset: id, node: owners.get(id) ?? '?', uploadedToReadyS: (readyAt.get(id)! - uploadedAt.get(id)!) / 1000 })),
    };
  } finally {
    db.close();
  }
}

// ---- the run ----
const f0 = (n: number) => Math.round(n).toLocaleString('en-US');
const load0 = os.loadavg();
console.log(`cluster benchmark: ${os.cpus().length} cores (${os.cpus()[0]?.model ?? ''}), ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, load average ${load0.map((x) => x.toFixed(1)).join(' ')}`);
console.log(`catalog: autocannon ${CONNECTIONS} keep-alive connections in this process, ${WARM_UP_S} s warm-up + ${seconds} s per case, ${rounds} round(s)${rounds > 1 ? ', medians' : ''};`);
console.log('the load generator, nginx (1 worker) and the CMS nodes share these cores\n');

const work = await fsp.mkdtemp(path.join(os.tmpdir(), 'keting-bench-cluster-'));
cleanups.push(() => fsp.rm(work, { recursive: true, force: true }));
try {
  const dataDir = path.join(work, 'data');
  const staticDir = path.join(work, 'static');
  await fsp.mkdir(dataDir);
  // A first, alone (it migrates, seeds and makes the admin), then B on the same folder.
  const a = await startNode('A', dataDir);
  const b = await startNode('B', dataDir);

  // The catalog's bytes, as a static file for the baseline.
  const first = await fetch(`${a.baseUrl}${CATALOG}`);
  const bytes = Buffer.from(await first.arrayBuffer());
  if (first.status !== 200) throw new Error(`${CATALOG}: ${first.status}`);
  await fsp.mkdir(path.join(staticDir, 'bench-static'), { recursive: true });
  await fsp.writeFile(path.join(staticDir, 'bench-static', 'catalog.m3u8'), bytes);
  const fromB = Buffer.from(await (await fetch(`${b.baseUrl}${CATALOG}`)).arrayBuffer());
  if (!fromB.equals(bytes)) throw new Error('the two nodes answer different catalog bytes');
  console.log(`GET ${CATALOG}: ${(bytes.length / 1024).toFixed(1)} kB, ETag ${first.headers.get('etag')}, ${first.headers.get('cache-control')}\n`);

  const [shipped1, shipped2, open1, open2] = [
    await site([a], staticDir, true),
    await site([a, b], staticDir, true),
    await site([a], staticDir, false),
    await site([a, b], staticDir, false),
  ];
  const cmsEtag = await etagOf(`${a.baseUrl}${CATALOG}`);
  const staticEtag = await etagOf(`${shipped1.baseUrl}${STATIC_PATH}`);
  const cases: Case[] = [];
  const targets = [
    { name: 'static file (baseline)', base: shipped1.baseUrl, path: STATIC_PATH, etag: staticEtag, nginx: shipped1, nodes: [] as Node[] },
    { name: 'nginx shipped → 1 node', base: shipped1.baseUrl, path: CATALOG, etag: cmsEtag, nginx: shipped1, nodes: [a] },
    { name: 'nginx shipped → 2 nodes', base: shipped2.baseUrl, path: CATALOG, etag: cmsEtag, nginx: shipped2, nodes: [a, b] },
    { name: 'nginx no cache → 1 node', base: open1.baseUrl, path: CATALOG, etag: cmsEtag, nginx: open1, nodes: [a] },
    { name: 'nginx no cache → 2 nodes', base: open2.baseUrl, path: CATALOG, etag: cmsEtag, nginx: open2, nodes: [a, b] },
    { name: 'direct → 1 node', base: a.baseUrl, path: CATALOG, etag: cmsEtag, nginx: undefined, nodes: [a] },
  ];
  for (const status of [200, 304] as const) {
    for (const t of targets) {
      cases.push({
        name: t.name, status, url: `${t.base}${t.path}`, nginx: t.nginx, nodes: t.nodes,
        headers: status === 304 ? { 'If-None-Match': t.etag } : {},
      });
    }
  }

  const runs = new Map<Case, Run[]>(cases.map((c) => [c, []]));
  for (const c of cases) await load(c, WARM_UP_S); // JIT, keep-alive pools, nginx's cache filled
  for (let r = 0; r < rounds; r++) {
    for (const c of r % 2 === 0 ? cases : [...cases].reverse()) {
      runs.get(c)!.push(await load(c, seconds));
      process.stdout.write('.');
    }
  }
  process.stdout.write('\n\n');

  console.log('catalog (v2 home)            status    req/s  ×static   p50 ms  p99 ms   CPU µs/request: nginx  nodes  loader   cores busy');
  for (const status of [200, 304] as const) {
    const base = median(runs.get(cases.find((c) => c.status === status && c.name.startsWith('static'))!)!.map((x) => x.rps));
    for (const c of cases.filter((x) => x.status === status)) {
      const rs = runs.get(c)!;
      const m = (k: (x: Run) => number) => median(rs.map(k));
      const rps = m((x) => x.rps);
      console.log(
        `${c.name.padEnd(28)} ${String(status).padStart(6)} ${f0(rps).padStart(8)} ${(rps / base).toFixed(2).padStart(7)}× ${m((x) => x.p50).toFixed(1).padStart(8)} ${m((x) => x.p99).toFixed(1).padStart(7)}` +
          `   ${' '.repeat(15)}${m((x) => x.us.nginx).toFixed(0).padStart(6)} ${m((x) => x.us.nodes).toFixed(0).padStart(6)} ${m((x) => x.us.bench).toFixed(0).padStart(7)}` +
          `${((rps * (m((x) => x.us.nginx) + m((x) => x.us.nodes) + m((x) => x.us.bench))) / 1e6).toFixed(2).padStart(13)}`,
      );
    }
  }
  const rate = (name: string, status: number) => median(runs.get(cases.find((c) => c.name === name && c.status === status)!)!.map((x) => x.rps));
  for (const status of [200, 304]) {
    console.log(`2 nodes ÷ 1 node, ${status}: shipped ${(rate('nginx shipped → 2 nodes', status) / rate('nginx shipped → 1 node', status)).toFixed(2)}×, ` +
      `no cache ${(rate('nginx no cache → 2 nodes', status) / rate('nginx no cache → 1 node', status)).toFixed(2)}×`);
  }
  for (const n of [shipped1, shipped2, open1, open2]) await n.stop();

  // ---- b. packaging two uploads at once ----
  console.log(`\npackaging: two ${videoSeconds} s 1080p test-pattern videos, uploaded by tus to node A at the same moment`);
  const sources = [path.join(work, 'one.mp4'), path.join(work, 'two.mp4')];
  await Promise.all(sources.map((s) => makeVideo(s, { seconds: videoSeconds, width: 1920, height: 1080 })));
  const admin = await AdminClient.login(a.baseUrl, 'admin', PASSWORD);
  const two = await packageTwo([a, b], admin, dataDir, sources);
  await b.stop();
  const one = await packageTwo([a], admin, dataDir, sources);
  const show = (label: string, p: Packed) =>
    console.log(`${label}: both ready ${p.wallS.toFixed(1)} s after the first upload finished; ` +
      p.perVideo.map((v) => `${v.asset.slice(0, 8)}… on ${v.node} ${v.uploadedToReadyS.toFixed(1)} s`).join(', '));
  show('two nodes (baseline: one node below)', two);
  show('one node', one);
  console.log(`ratio two nodes ÷ one node (wall time): ${(two.wallS / one.wallS).toFixed(2)}×`);
  console.log(`\nload average at the end: ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}`);
} finally {
  await cleanUp();
}
