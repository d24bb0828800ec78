// Benchmark: the TV API catalog, full answers (200) against revalidations (304 with If-None-Match), which
// is what a district's boxes send most of the time. Prints requests/s of each and their ratio; the 200
// run is the baseline, measured in the same process against the same server.
//   node --import tsx bench/catalog.ts [seconds per run, default 5]
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../cms-server/src/config.ts';
import { createLogger } from '../cms-server/src/logger.ts';
import { startServer } from '../cms-server/src/server.ts';

const seconds = Number(process.argv[2] ?? 5);
const CONCURRENCY = 16;
const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'keting-bench-'));
const config = loadConfig({ ...process.env, DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'silent', SAMPLE_VIDEOS: '0' });
const server = await startServer(config, createLogger('silent'));
const url = `${server.url}/api/tv/v1/catalog`;

async function load(headers: Record<string, string>, expectStatus: number): Promise<number> {
  const until = Date.now() + seconds * 1000;
  let count = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (Date.now() < until) {
        const res = await fetch(url, { headers });
        await res.arrayBuffer();
        if (res.status !== expectStatus) throw new Error(`expected ${expectStatus}, got ${res.status}`);
        count++;
      }
    }),
  );
  return count / seconds;
}

try {
  const first = await fetch(url);
  const etag = first.headers.get('etag')!;
  const bytes = (await first.arrayBuffer()).byteLength;
  await load({}, 200); // warm-up
  const full = await load({}, 200);
  const revalidate = await load({ 'If-None-Match': etag, 'Cache-Control': 'max-age=0' }, 304);
  console.log(`catalog: ${(bytes / 1024).toFixed(1)} KiB, ${CONCURRENCY} concurrent clients, ${seconds} s per run`);
  console.log(`  200 full answer (baseline): ${full.toFixed(0)} req/s`);
  console.log(`  304 revalidation:           ${revalidate.toFixed(0)} req/s  (${(revalidate / full).toFixed(2)}× baseline)`);
} finally {
  await server.close();
  await fs.rm(dataDir, { recursive: true, force: true });
}
