// Benchmark: 1,000 boxes on one relayed channel. A local ffmpeg produces live HLS (1 s segments, 640×360) served on
// 127.0.0.1 as the upstream (tests/helpers/live-upstream.ts); a CMS process of its own (RELAY_ALLOW_PRIVATE=1 for that
// loopback upstream) relays it in a slot on the district channel. N boxes (default 1,000) each reload the channel's
// 720p playlist every second and fetch every relayed segment it lists that they do not have yet, for D seconds
// (default 30) after 10 s of joining and warming up. Prints the upstream pulls per segment (must stay 1), the boxes' playlist and segment requests with
// their latency p50/p99, and what went wrong.
//   node --import tsx bench/relay.ts [boxes, default 1000] [seconds, default 30]
import os from 'node:os';
import { parse, types } from 'hls-parser';
import http from 'node:http';
import { AdminClient } from '../tests/helpers/admin-client.ts';
import { startBenchCms } from './cms-process.ts';
import { startLiveUpstream } from '../tests/helpers/live-upstream.ts';

const BOXES = Math.min(Number(process.argv[2] ?? 1000), 5000);
const SECONDS = Math.min(Number(process.argv[3] ?? 30), 300);
const PASSWORD = 'bench-admin-password';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))] ?? NaN;

const upstream = await startLiveUpstream();
await upstream.start('up');
const cms = await startBenchCms('relay', { KETING_ADMIN_PASSWORD: PASSWORD, RELAY_ALLOW_PRIVATE: '1' });
const { baseUrl } = cms;

try {
  const admin = await AdminClient.login(baseUrl, 'admin', PASSWORD);
  const starts = new Date(Date.now() + 1000);
  const made = await admin.json('POST', '/api/admin/broadcasts', {
    channelId: 'district',
    title: '压力测试转播',
    relayUrl: upstream.url,
    startsAt: starts.toISOString().replace(/\.\d+Z$/, 'Z'),
    endsAt: new Date(starts.getTime() + (SECONDS + 120) * 1000).toISOString().replace(/\.\d+Z$/, 'Z'),
  });
  if (made.status !== 201) throw new Error(`broadcast not made: ${JSON.stringify(made.body)}`);
  // Kept-alive connections, as many as the boxes want (a box holds its own, like a set-top box's player).
  const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity });
  const get = (p: string) =>
    new Promise<{ status: number; body: Buffer }>((resolve, reject) => {
      http
        .get(`${baseUrl}${p}`, { agent }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks) }));
          res.on('error', reject);
        })
        .on('error', reject);
    });
  for (let t = Date.now(); ; await sleep(200)) {
    const text = (await get('/live/district/720p.m3u8')).body.toString();
    if (text.includes('/relay/')) break;
    if (Date.now() - t > 20_000) throw new Error('no relayed segment in 20 s');
  }
  const playlistMs: number[] = [];
  const segmentMs: number[] = [];
  const served = new Set<string>();
  let errors = 0;
  let segments = 0;
  let bytes = 0;
  // Boxes join over RAMP_S (a thousand connections at once overflow the listen backlog, and the retried SYNs would
  // measure TCP's back-off, not the relay); latencies count after WARMUP_S.
  const RAMP_S = 5;
  const WARMUP_S = 10;
  const measureFrom = Date.now() + WARMUP_S * 1000;
  const until = Date.now() + (WARMUP_S + SECONDS) * 1000;
  const box = async (i: number) => {
    await sleep((i / BOXES) * RAMP_S * 1000);
    const have = new Set<string>();
    while (Date.now() < until) {
      const t0 = performance.now();
      const counted = Date.now() >= measureFrom; // requests started after the warm-up
      try {
        const res = await get('/live/district/720p.m3u8');
        const p = parse(res.body.toString()) as types.MediaPlaylist;
        if (counted) playlistMs.push(performance.now() - t0);
        for (const s of p.segments) {
          if (!s.uri.startsWith('/relay/') || have.has(s.uri)) continue;
          const t1 = performance.now();
          const seg = await get(s.uri);
          if (seg.status !== 200) errors++;
          bytes += seg.body.length;
          if (counted) segmentMs.push(performance.now() - t1);
          segments++;
          have.add(s.uri);
          served.add(s.uri);
        }
      } catch {
        errors++;
      }
      await sleep(Math.max(0, 1000 - (performance.now() - t0)));
    }
  };
  const started = Date.now();
  await Promise.all(Array.from({ length: BOXES }, (_, i) => box(i)));
  const elapsed = (Date.now() - started) / 1000;
  const measured = (Date.now() - measureFrom) / 1000;
  const pulls = [...upstream.requests].filter(([name]) => name.endsWith('.ts')).map(([, n]) => n);
  console.log(`boxes ${BOXES}, ${elapsed.toFixed(0)} s, ${os.cpus().length} cores, Node ${process.version}`);
  console.log(`upstream segments pulled: ${pulls.length}, pulls per segment max ${Math.max(...pulls)} (sum ${pulls.reduce((a, b) => a + b, 0)})`);
  console.log(`relayed segments the boxes fetched: ${served.size}; segment requests ${segments} (${(bytes / 1e6 / elapsed).toFixed(0)} MB/s)`);
  console.log(`after ${WARMUP_S} s of warm-up, over ${measured.toFixed(0)} s:`);
  console.log(`playlist requests ${playlistMs.length} (${(playlistMs.length / measured).toFixed(0)}/s): p50 ${pct(playlistMs, 50).toFixed(1)} ms, p99 ${pct(playlistMs, 99).toFixed(1)} ms`);
  console.log(`segment latency p50 ${pct(segmentMs, 50).toFixed(1)} ms, p99 ${pct(segmentMs, 99).toFixed(1)} ms; errors ${errors}`);
  agent.destroy();
} finally {
  await cms.stop();
  await upstream.stop();
}
