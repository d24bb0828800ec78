// Benchmark: does packaging a video slow the TV API down? The catalog's latency (p50, p95, max) is measured
// with the server idle (the baseline) and again while ffmpeg packages an uploaded 1080p video, in the same
// process against the same server; prints both and their ratios. Packaging runs as a niced child process, so
// the ratio should stay small even on 2 cores.
//   node --import tsx bench/api-during-packaging.ts [video seconds, default 30]
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../cms-server/src/config.ts';
import { createLogger } from '../cms-server/src/logger.ts';
import { startServer } from '../cms-server/src/server.ts';
import type { AssetView } from '../cms-server/src/admin/contract.ts';
import { AdminClient } from '../tests/helpers/admin-client.ts';
import { TUS, uploadFile } from '../tests/helpers/tus.ts';
import { makeVideo } from '../tests/helpers/videos.ts';

const videoSeconds = Number(process.argv[2] ?? 30);
const PASSWORD = 'bench-admin-password';
const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'keting-bench-'));
const config = loadConfig({ ...process.env, DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'silent', SAMPLE_VIDEOS: '0', KETING_ADMIN_PASSWORD: PASSWORD });
const server = await startServer(config, createLogger('silent'));
const catalogUrl = `${server.url}/api/tv/v1/catalog`;

/** Sequential catalog requests (as one box would send them) until `done()`; latencies in ms. */
async function sample(done: () => boolean): Promise<number[]> {
  const out: number[] = [];
  while (!done()) {
    const t = performance.now();
    const res = await fetch(catalogUrl);
    await res.arrayBuffer();
    out.push(performance.now() - t);
    await new Promise((r) => setTimeout(r, 20));
  }
  return out;
}

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;
const describe = (xs: number[]) => ({ n: xs.length, p50: pct(xs, 50), p95: pct(xs, 95), max: Math.max(...xs) });

try {
  const source = path.join(dataDir, 'meeting.mp4');
  process.stdout.write(`making a ${videoSeconds} s 1080p source…\n`);
  await makeVideo(source, { seconds: videoSeconds, width: 1920, height: 1080 });

  const warmUntil = Date.now() + 2000; // JIT and the first SQLite reads: not part of either measurement
  await sample(() => Date.now() > warmUntil);
  const idleUntil = Date.now() + 5000;
  const idle = describe(await sample(() => Date.now() > idleUntil));

  const admin = await AdminClient.login(server.url, 'admin', PASSWORD);
  const up = await uploadFile(server.url, { ...TUS, ...admin.headers() }, source, { filename: 'meeting.mp4', filetype: 'video/mp4' });
  const id = up.assetId!;
  const t0 = Date.now();
  let state: AssetView['status'] = 'pending';
  const watcher = (async () => {
    while (state !== 'ready' && state !== 'failed') {
      state = (await admin.json<AssetView>('GET', `/api/admin/assets/${id}`)).body.status;
      await new Promise((r) => setTimeout(r, 250));
    }
  })();
  const busy = describe(await sample(() => state === 'ready' || state === 'failed'));
  await watcher;
  const packSeconds = (Date.now() - t0) / 1000;

  const f = (x: number) => x.toFixed(1).padStart(7);
  process.stdout.write(
    [
      `packaging ${videoSeconds} s of 1080p: ${state} in ${packSeconds.toFixed(1)} s (${(packSeconds / videoSeconds).toFixed(2)} s per video second)`,
      `catalog latency (ms)      n     p50     p95     max`,
      `idle (baseline)      ${String(idle.n).padStart(5)} ${f(idle.p50)} ${f(idle.p95)} ${f(idle.max)}`,
      `during packaging     ${String(busy.n).padStart(5)} ${f(busy.p50)} ${f(busy.p95)} ${f(busy.max)}`,
      `ratio (busy / idle)        ${f(busy.p50 / idle.p50)} ${f(busy.p95 / idle.p95)} ${f(busy.max / idle.max)}`,
      '',
    ].join('\n'),
  );
} finally {
  await server.close();
  await fs.rm(dataDir, { recursive: true, force: true });
}
