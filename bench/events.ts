// Benchmark: the TVs' event stream with many boxes. A CMS process (its own, so its memory is its own) holds N
// streams on 127.0.0.1 (default 2,000); an admin publishes urgent district notices one after another, and every
// stream's arrival time is taken. Prints the delivery latency (publish request sent → message parsed by each
// box) p50/p99/max, against the same client's plain catalog request in the same run (the baseline: what one
// HTTP round trip costs here now), and the CMS's resident memory per stream.
//   node --import tsx bench/events.ts [streams, default 2000] [notices, default 5]
import fs from 'node:fs';
import http from 'node:http';
import { createParser } from 'eventsource-parser';
import { AdminClient } from '../tests/helpers/admin-client.ts';
import { startBenchCms } from './cms-process.ts';

const STREAMS = Math.min(Number(process.argv[2] ?? 2000), 10_000);
const NOTICES = Math.min(Number(process.argv[3] ?? 5), 50);
const PASSWORD = 'bench-admin-password';
const deadline = Date.now() + 10 * 60_000; // bounded in time, whatever happens

const cms = await startBenchCms('events', { KETING_ADMIN_PASSWORD: PASSWORD });
const { baseUrl, child } = cms;
const rssKiB = () => Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${child.pid}/status`, 'utf8'))![1]);
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Box {
  req: http.ClientRequest;
  got: Map<string, number>;
  ready: boolean;
  refused?: number;
}
const agent = new http.Agent({ keepAlive: false, maxSockets: Infinity });
/**
 * Box `i` connects from its own loopback address (127.0.1.x), as boxes of many homes would: the CMS bounds the
 * streams of one address (EVENTS_MAX_STREAMS_PER_ADDRESS).
 */
function connect(i: number): Box {
  const box: Box = { req: undefined as unknown as http.ClientRequest, got: new Map(), ready: false };
  const parser = createParser({
    onEvent: (m) => {
      if (m.event === 'catalog') box.ready = true;
      if (m.event === 'urgent') box.got.set((JSON.parse(m.data) as { item: { id: string } }).item.id, performance.now());
    },
  });
  const localAddress = `127.0.1.${1 + (i % 250)}`;
  box.req = http.get(`${baseUrl}/api/tv/v1/events`, { agent, localAddress, headers: { Accept: 'text/event-stream' } }, (res) => {
    if (res.statusCode !== 200) box.refused = res.statusCode;
    res.setEncoding('utf8');
    res.on('data', (s: string) => parser.feed(s));
  });
  box.req.on('error', () => undefined);
  return box;
}

try {
  const admin = await AdminClient.login(baseUrl, 'admin', PASSWORD);
  // The baseline: a plain catalog request from this client, warmed up.
  const catalogMs: number[] = [];
  for (let i = 0; i < 30; i++) {
    const t = performance.now();
    await (await fetch(`${baseUrl}/api/tv/v1/catalog`)).arrayBuffer();
    catalogMs.push(performance.now() - t);
  }
  await sleep(500);
  const rssBefore = rssKiB();

  const boxes: Box[] = [];
  for (let i = 0; i < STREAMS; i++) {
    boxes.push(connect(i));
    if (i % 200 === 199) await sleep(50); // a crowd, not a single burst of SYNs
  }
  while (boxes.some((b) => !b.ready && !b.refused) && Date.now() < deadline) await sleep(50);
  const refused = boxes.filter((b) => b.refused).length;
  const connected = boxes.filter((b) => b.ready).length;
  await sleep(1000);
  const rssAfter = rssKiB();

  const latencies: number[] = [];
  let missing = 0;
  for (let n = 0; n < NOTICES && Date.now() < deadline; n++) {
    const created = await admin.json('POST', '/api/admin/items', {
      kind: 'notice', sectionId: 'affairs', title: `压力测试紧急通知 ${n + 1}`, body: '正文', urgent: true, streetId: null,
    });
    const id = created.body.id as string;
    await admin.json('POST', `/api/admin/items/${id}/submit`);
    const t0 = performance.now();
    await admin.json('POST', `/api/admin/items/${id}/approve`, {});
    const until = Date.now() + 30_000;
    while (boxes.some((b) => b.ready && !b.got.has(id)) && Date.now() < until) await sleep(5);
    for (const b of boxes) {
      const at = b.got.get(id);
      if (at === undefined) missing++;
      else latencies.push(at - t0);
    }
    await sleep(300);
  }

  const perStreamKiB = (rssAfter - rssBefore) / connected;
  const result = {
    streams: { asked: STREAMS, connected, refused },
    notices: NOTICES,
    deliveries: latencies.length,
    missing,
    deliveryMs: { p50: +pct(latencies, 50).toFixed(1), p99: +pct(latencies, 99).toFixed(1), max: +Math.max(...latencies).toFixed(1) },
    baselineCatalogRequestMs: { p50: +pct(catalogMs, 50).toFixed(1) },
    ratio: { deliveryP50OverCatalogP50: +(pct(latencies, 50) / pct(catalogMs, 50)).toFixed(1) },
    cmsRssMiB: { before: +(rssBefore / 1024).toFixed(1), withStreams: +(rssAfter / 1024).toFixed(1) },
    rssPerStreamKiB: +perStreamKiB.toFixed(1),
  };
  console.log(JSON.stringify(result, null, 2));
  for (const b of boxes) b.req.destroy();
} finally {
  await cms.stop();
}
