// Benchmark (issue 15): the TV API's catalog answers against a static-file baseline, at 50, 1,000 and 10,000 items.
// For each size: a fresh database with that many published items (the seeded content, plus articles spread over
// the ten sections), a CMS in its own process (cms-server/src/main.ts, LOG_LEVEL=warn as the tests run it), and
// beside it a plain node:http server answering the very same bytes from memory (bench/static-bytes-server.ts: the
// baseline standing in for nginx serving a static file — nginx is not installed on this machine). Each endpoint is
// loaded with full answers (200) and with revalidations (If-None-Match with the current ETag → 304), by
// CONCURRENCY keep-alive clients in this process; runs alternate baseline / CMS, ROUNDS times, and the median of
// each is kept. Prints requests/s and the ratio CMS ÷ baseline, and — steadier on a machine shared with other
// work — the server process's own CPU time per request (from /proc/<pid>/stat) and its ratio baseline ÷ CMS.
// Targets: ≥ 0.5× for 200, ≥ 0.8× for 304, flat as the archive grows. Figures and how measured: docs/catalog.md.
//   npm run bench [-- seconds-per-run [sizes…]]     e.g. npm run bench -- 2 50 1000 10000
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../cms-server/src/db/database.ts';
import { SECTION_IDS } from '../cms-server/src/domain/vocabulary.ts';
import { loadContent } from '../cms-server/src/seed/load-content.ts';
import { seedIfEmpty } from '../cms-server/src/seed/seed.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const seconds = Number(process.argv[2] ?? 2);
const SIZES = process.argv.length > 3 ? process.argv.slice(3).map(Number) : [50, 1_000, 10_000];
const CONCURRENCY = 16;
const ROUNDS = 5;

const ENDPOINTS = [
  { name: 'v2 home', path: '/api/tv/v2/catalog' },
  { name: 'v2 section page', path: '/api/tv/v2/sections/culture/items' },
  { name: 'v1 catalog', path: '/api/tv/v1/catalog' },
];

/** A data dir whose database holds the seeded content plus articles up to `total` published items. */
async function dataWith(total: number): Promise<{ dir: string; items: number }> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), `keting-bench-catalog-${total}-`));
  const db = openDatabase(path.join(dir, 'keting.sqlite'));
  try {
    seedIfEmpty(db, loadContent(path.join(ROOT, 'content')));
    // Seeded videos stay hidden here (no sample videos are made): count what a box sees.
    const visible = () =>
      db.prepare(`SELECT COUNT(*) FROM items i LEFT JOIN assets a ON a.id = i.asset_id
                  WHERE i.status = 'published' AND (i.kind <> 'video' OR a.status = 'ready')`).pluck().get() as number;
    const insert = db.prepare(
      `INSERT INTO items (id, section_id, kind, title, summary, body, status, published_at, created_at, updated_at)
       VALUES (?, ?, 'article', ?, ?, ?, 'published', ?, ?, ?)`,
    );
    const add = total - visible();
    const base = Date.parse('2020-01-01T00:00:00.000Z');
    db.transaction(() => {
      for (let n = 1; n <= add; n++) {
        const at = new Date(base + n * 3_600_000).toISOString();
        insert.run(`bench-${n}`, SECTION_IDS[n % SECTION_IDS.length], `社区学习材料 第${n}期`, `第${n}期的内容提要，讲社区里的新鲜事`,
          `第${n}期的正文。\n\n第二段。`, at, at, at);
      }
    })();
    return { dir, items: visible() };
  } finally {
    db.close();
  }
}

/** Starts a child process and waits for the line `marker <url>` on its output. */
async function startChild(args: string[], env: Record<string, string>, marker: string): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (b: Buffer) => {
      out += b.toString();
      const m = new RegExp(`${marker} (\\S+)`).exec(out);
      if (m) resolve(m[1]!);
    });
    child.once('exit', (code) => reject(new Error(`${args.join(' ')} exited (${code}):\n${out}`)));
  });
  return { url, child };
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

/** CPU seconds (user + system) the process has used so far. */
async function cpuSeconds(pid: number): Promise<number> {
  const stat = await fs.readFile(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (USER_HZ = 100)
}

interface Run {
  perSecond: number;
  /** Server CPU microseconds per request. */
  cpuUs: number;
}

/**
 * GET `url` with `headers` over `ms`, by CONCURRENCY keep-alive clients; every answer must be `status`. Answers
 * requests/s and the serving process's CPU time per request.
 */
async function load(url: string, headers: Record<string, string>, status: number, ms: number, pid: number): Promise<Run> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const target = new URL(url);
  const until = Date.now() + ms;
  let count = 0;
  const one = () =>
    new Promise<void>((resolve, reject) => {
      const req = http.get({ agent, host: target.hostname, port: target.port, path: target.pathname + target.search, headers }, (res) => {
        if (res.statusCode !== status) reject(new Error(`${url}: expected ${status}, got ${res.statusCode}`));
        res.on('data', () => {});
        res.on('end', resolve);
        res.on('error', reject);
      });
      req.on('error', reject);
    });
  const started = Date.now();
  const cpu0 = await cpuSeconds(pid);
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (Date.now() < until) {
        await one();
        count++;
      }
    }),
  );
  const elapsed = (Date.now() - started) / 1000;
  const cpu = (await cpuSeconds(pid)) - cpu0;
  agent.destroy();
  return { perSecond: count / elapsed, cpuUs: (cpu * 1e6) / count };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const fmt = (n: number) => n.toFixed(0).padStart(6);

console.log(`catalog benchmark: ${os.cpus().length} cores, ${os.cpus()[0]?.model ?? ''}, Node ${process.version}`);
console.log(`${CONCURRENCY} keep-alive clients in the bench process, ${seconds} s per run, ${ROUNDS} interleaved rounds, medians\n`);
console.log('                                  |   200 req/s   static    CMS  ratio   µs/req static   CMS  ratio |   304 req/s   static    CMS  ratio   µs/req static   CMS  ratio');
console.log('items  endpoint          bytes   |');

for (const size of SIZES) {
  const data = await dataWith(size);
  const cms = await startChild(['--import', 'tsx', 'cms-server/src/main.ts'], {
    PORT: '0', HOST: '127.0.0.1', DATA_DIR: data.dir, LOG_LEVEL: 'warn', SAMPLE_VIDEOS: '0', SPEECH_PREWARM: '0',
  }, 'KETING_READY');
  const manifest: { path: string; file: string; etag: string; cacheControl: string }[] = [];
  for (const e of ENDPOINTS) {
    const res = await fetch(`${cms.url}${e.path}`);
    if (res.status !== 200) throw new Error(`${e.path}: ${res.status}`);
    const file = path.join(data.dir, `${manifest.length}.json`);
    await fs.writeFile(file, Buffer.from(await res.arrayBuffer()));
    manifest.push({ path: e.path, file, etag: res.headers.get('etag')!, cacheControl: res.headers.get('cache-control')! });
  }
  const manifestFile = path.join(data.dir, 'manifest.json');
  await fs.writeFile(manifestFile, JSON.stringify(manifest));
  const baseline = await startChild(['--import', 'tsx', 'bench/static-bytes-server.ts', manifestFile], {}, 'STATIC_READY');
  try {
    for (const [i, e] of ENDPOINTS.entries()) {
      const { etag } = manifest[i]!;
      const bytes = (await fs.stat(manifest[i]!.file)).size;
      const row: string[] = [];
      for (const [status, headers] of [
        [200, {}],
        [304, { 'If-None-Match': etag, 'Cache-Control': 'max-age=0' }],
      ] as const) {
        const runs = { static: [] as Run[], cms: [] as Run[] };
        const server = { static: baseline, cms };
        for (const who of ['static', 'cms'] as const) await load(`${server[who].url}${e.path}`, headers, status, 300, server[who].child.pid!); // warm-up
        for (let r = 0; r < ROUNDS; r++) {
          const order = r % 2 === 0 ? (['static', 'cms'] as const) : (['cms', 'static'] as const);
          for (const who of order) {
            runs[who].push(await load(`${server[who].url}${e.path}`, headers, status, seconds * 1000, server[who].child.pid!));
          }
        }
        const rate = { s: median(runs.static.map((x) => x.perSecond)), c: median(runs.cms.map((x) => x.perSecond)) };
        const us = { s: median(runs.static.map((x) => x.cpuUs)), c: median(runs.cms.map((x) => x.cpuUs)) };
        row.push(`${fmt(rate.s)} ${fmt(rate.c)}  ${(rate.c / rate.s).toFixed(2)}×   ${us.s.toFixed(0).padStart(6)} ${us.c.toFixed(0).padStart(5)}  ${(us.s / us.c).toFixed(2)}×`);
      }
      const kb = bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${(bytes / 1024).toFixed(1)} kB`;
      console.log(`${String(data.items).padStart(5)}  ${e.name.padEnd(16)} ${kb.padStart(8)} |        ${row[0]} |        ${row[1]}`);
    }
  } finally {
    await stop(baseline.child);
    await stop(cms.child);
    await fs.rm(data.dir, { recursive: true, force: true });
  }
}
