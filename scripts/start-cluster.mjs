// `npm run start:cluster`: what several CMS nodes behind one address look like, on one machine. The same set-up as
// `npm start` (scripts/setup.mjs: system packages, npm dependencies, the web app builds), then TWO CMS nodes on the
// same data folder, each on its own loopback port, and Debian's nginx running the production site
// (deploy/nginx/keting.conf, rendered for this machine by scripts/nginx-site.ts) with both as its upstreams. Prints
// the URLs; Ctrl-C, SIGTERM or SIGHUP stops nginx, then both nodes. docs/operations.md, "Trying several nodes on
// one machine", says what it is for and which variables it reads.
// Plain JavaScript like start.mjs, because the set-up runs on a fresh clone before tsx is installed; once it has run,
// tsx is registered so that the TypeScript nginx runner can be imported.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { root, say, setup } from './setup.mjs';

setup();

const { register } = await import('tsx/esm/api');
register();
/** @type {typeof import('./nginx-site.ts')} */
const { nginxMissing, startNginx } = await import('./nginx-site.ts');

/** Reads a port from the environment: an integer 1–65535. */
function portFrom(name, value) {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 65535) {
    process.stderr.write(`[keting] ${name}=${value} is not a port (1–65535).\n`);
    process.exit(1);
  }
  return n;
}

// PORT and HOST are nginx's, the address people and boxes open (npm start's CMS uses the same defaults); the nodes
// always listen on 127.0.0.1, reached by nginx only (and by whoever wants to ask one node directly).
const host = process.env.HOST ?? '127.0.0.1';
const port = portFrom('PORT', process.env.PORT ?? '8080');
const nodePorts = (process.env.NODE_PORTS ?? '8081,8082').split(',').map((p) => portFrom('NODE_PORTS', p.trim()));
if (nodePorts.length !== 2 || new Set([port, ...nodePorts]).size !== 3) {
  process.stderr.write(`[keting] NODE_PORTS must be two ports, different from each other and from PORT (${port}).\n`);
  process.exit(1);
}
// As npm start: ./data in the checkout unless DATA_DIR says otherwise.
const dataDir = path.resolve(root, process.env.DATA_DIR ?? './data');

const missing = nginxMissing();
if (missing) {
  process.stderr.write(`[keting] ${missing}\n`);
  process.exit(1);
}

/**
 * The environment of node `name`. Node a is the first to start: it migrates, seeds and makes the sample videos on a
 * new folder, and runs the scheduled backups; node b comes up on what a made, with BACKUP_CRON off (one process only
 * should back up: docs/operations.md, "Several processes on one data folder") and no sample videos or speech to make.
 */
function nodeEnv(name, nodePort) {
  const env = {
    ...process.env,
    HOST: '127.0.0.1',
    PORT: String(nodePort),
    DATA_DIR: dataDir,
    // nginx is their only client: the boxes' own addresses come in X-Forwarded-For (rate limits, the audit log).
    TRUST_PROXY: process.env.TRUST_PROXY ?? 'loopback',
  };
  delete env.NODE_PORTS;
  // The store: SQLite today, one keting.sqlite in DATA_DIR shared by both nodes (WAL; what holds across them is in
  // docs/operations.md). When the PostgreSQL store lands, DATABASE_URL goes here — passed to both nodes, e.g.
  //   env.DATABASE_URL = process.env.DATABASE_URL;
  // with the "storage:" line below saying so. This launcher does not start PostgreSQL: point it at one that runs.
  if (name === 'b') Object.assign(env, { BACKUP_CRON: 'off', SAMPLE_VIDEOS: '0', SPEECH_PREWARM: '0' });
  return env;
}

/** Passes a child's output on, each line marked with whose it is. */
function relay(stream, to, prefix) {
  let rest = '';
  stream.on('data', (b) => {
    const lines = (rest + b.toString()).split('\n');
    rest = lines.pop() ?? '';
    for (const line of lines) to.write(`${prefix}${line}\n`);
  });
  stream.on('end', () => rest && to.write(`${prefix}${rest}\n`));
}

/** @type {{ name: string, port: number, child: import('node:child_process').ChildProcess, url?: string, exited: Promise<void> }[]} */
const nodes = [];
/** @type {Awaited<ReturnType<typeof startNginx>> | undefined} */
let nginx;
/** @type {Promise<Awaited<ReturnType<typeof startNginx>>> | undefined} */
let nginxStarting;
let stopping = false;
let ready = false;

/** Starts node `name` (the CMS, as npm start runs it); resolves with its URL once it says it is ready. */
function startNode(name, nodePort) {
  // Its own process group: a terminal's Ctrl-C reaches this launcher only, which stops nginx first, then the nodes.
  const child = spawn(process.execPath, ['--import', 'tsx', 'cms-server/src/main.ts'], {
    cwd: root,
    env: nodeEnv(name, nodePort),
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const node = { name, port: nodePort, child, exited: new Promise((r) => child.once('exit', () => r())) };
  nodes.push(node);
  relay(child.stdout, process.stdout, `[node ${name}] `);
  relay(child.stderr, process.stderr, `[node ${name}] `);
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (b) => {
      out += b.toString();
      const m = /KETING_READY (\S+)/.exec(out);
      if (m && !node.url) {
        node.url = m[1];
        resolve(node.url);
      }
    });
    child.once('exit', (code, signal) => {
      if (!node.url) reject(new Error(`node ${name} (port ${nodePort}) exited (${code ?? signal}) before it was ready`));
      else if (!stopping) onNodeLost(node, code, signal);
    });
  });
}

function onNodeLost(node, code, signal) {
  const alive = nodes.filter((n) => n.child.exitCode === null && n.child.signalCode === null);
  if (alive.length === 0) {
    say(`node ${node.name} exited (${code ?? signal}), and no node is left: stopping nginx.`);
    void shutdown(1);
    return;
  }
  say(`node ${node.name} exited (${code ?? signal}); nginx sends its requests to node ${alive.map((n) => n.name).join(', ')}.`);
}

/** Stops one node: SIGTERM (it closes its streams, gives back its job lease and exits within 5 s), SIGKILL after 10 s. */
async function stopNode(node) {
  if (node.child.exitCode !== null || node.child.signalCode !== null) return;
  node.child.kill('SIGTERM');
  const killer = setTimeout(() => node.child.kill('SIGKILL'), 10_000);
  await node.exited;
  clearTimeout(killer);
}

/** Stops nginx (no new requests), then both nodes, and exits with `code`. */
async function shutdown(code) {
  if (stopping) return;
  stopping = true;
  say(ready ? 'stopping nginx and both nodes…' : 'stopping what was started…');
  try {
    const n = nginx ?? (await nginxStarting?.catch(() => undefined));
    await n?.stop();
  } catch (e) {
    process.stderr.write(`[keting] stopping nginx: ${e.message}\n`);
  }
  await Promise.all(nodes.map(stopNode));
  say('stopped.');
  process.exit(code);
}
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, () => void shutdown(0));

try {
  say(`starting node a on 127.0.0.1:${nodePorts[0]} (on a new data folder it seeds the database and makes sample videos with ffmpeg)…`);
  // One after the other: the first migrates (with its pre-upgrade backup), seeds and makes the admin alone.
  const urlA = await startNode('a', nodePorts[0]);
  if (stopping) await new Promise(() => {}); // shutdown exits
  say(`starting node b on 127.0.0.1:${nodePorts[1]} on the same data folder…`);
  const urlB = await startNode('b', nodePorts[1]);
  if (stopping) await new Promise(() => {});
  nginxStarting = startNginx({ upstreams: nodePorts.map((p) => `127.0.0.1:${p}`), mediaDir: path.join(dataDir, 'media'), host, port, ownProcessGroup: true });
  nginx = await nginxStarting;
  if (stopping) await new Promise(() => {}); // shutdown stops it
  nginx.child.once('exit', (code, signal) => {
    if (stopping) return;
    say(`nginx exited (${code ?? signal}):\n${nginx?.errors() ?? ''}`);
    void shutdown(1);
  });
  ready = true;
  const base = nginx.baseUrl;
  process.stdout.write(
    [
      '',
      `Keting 客厅 cluster is running: nginx in front of two CMS nodes on one data folder (${dataDir})`,
      `  TV app 电视端:   ${base}/tv/`,
      `  Admin 管理后台:  ${base}/admin/`,
      `  TV API:          ${base}/api/tv/v1/catalog`,
      `  node a:          ${urlA}/  (pid ${nodes[0].child.pid}; runs the scheduled backups)`,
      `  node b:          ${urlB}/  (pid ${nodes[1].child.pid})`,
      `  nginx:           pid ${nginx.child.pid}, deploy/nginx/keting.conf rendered in ${nginx.dir} (access.log names the node of each answer)`,
      `  storage: SQLite — both nodes share ${path.join(dataDir, 'keting.sqlite')} (WAL) and its media/ folder, as docs/operations.md ("Several processes on one data folder") describes`,
      '  Ctrl-C stops nginx and both nodes.',
      `KETING_CLUSTER_READY ${base} ${urlA} ${urlB}`,
      '',
    ].join('\n'),
  );
} catch (e) {
  process.stderr.write(`[keting] the cluster could not start: ${e.message}\n`);
  await shutdown(1);
}
