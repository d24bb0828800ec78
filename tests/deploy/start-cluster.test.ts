// `npm run start:cluster` for real: scripts/start-cluster.mjs started as a child process (its set-up, then two CMS
// nodes and nginx running deploy/nginx/keting.conf) on a temp copy of the seeded data folder and free ports on
// 127.0.0.1. Its printed URLs answer — the TV catalog, the TV app and the admin through nginx, each node on its own
// port — and SIGTERM leaves nothing it started: every process under it (nginx's master and workers, both nodes) is
// gone within a few seconds, the ports are closed and nginx's temp folder removed.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CatalogResponse, ItemDetail } from '../../cms-server/src/tv-api/contract.ts';
import { freePort, nginxMissing } from '../helpers/nginx.ts';
import { copySeededData, ROOT, testServerEnv } from '../helpers/server.ts';

/** A process as /proc tells it: its parent, its start time (to tell a reused pid apart) and its command line. */
interface Proc {
  pid: number;
  ppid: number;
  start: string;
  cmd: string;
}

function readProc(pid: number): Proc | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // "pid (comm) state ppid … starttime(22nd)": comm may hold spaces and parentheses, so split after the last ")".
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const cmd = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ').trim();
    return { pid, ppid: Number(fields[1]), start: fields[19]!, cmd };
  } catch {
    return undefined; // gone meanwhile
  }
}

/** Every process below `root` (children, their children…), read from /proc. */
function descendants(root: number): Proc[] {
  const all = fs
    .readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .flatMap((d) => readProc(Number(d)) ?? []);
  const found: Proc[] = [];
  const parents = new Set([root]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const p of all) {
      if (parents.has(p.ppid) && !parents.has(p.pid)) {
        parents.add(p.pid);
        found.push(p);
        grew = true;
      }
    }
  }
  return found;
}

/** True while that very process (same pid, same start time) still exists, zombies included. */
const stillThere = (p: Proc) => readProc(p.pid)?.start === p.start;

const listening = (port: number) =>
  new Promise<boolean>((resolve) => {
    const s = net.connect(port, '127.0.0.1', () => (s.destroy(), resolve(true)));
    s.once('error', () => resolve(false));
  });

const missing = nginxMissing();
it('has Debian\'s nginx for the cluster to run (scripts/install-system-deps.sh installs it)', () => {
  expect(missing, missing).toBeUndefined();
});

describe.runIf(!missing)('npm run start:cluster', () => {
  let dataDir: string;
  let launcher: ChildProcess;
  let out = '';
  let ports: { nginx: number; a: number; b: number };
  let urls: { nginx: string; a: string; b: string };
  /** What the launcher had started, as found under it once ready. */
  let started: Proc[] = [];

  beforeAll(async () => {
    dataDir = await copySeededData();
    const picked = new Set<number>();
    while (picked.size < 3) picked.add(await freePort());
    const [nginxPort, a, b] = [...picked] as [number, number, number];
    ports = { nginx: nginxPort, a, b };
    launcher = spawn(process.execPath, ['scripts/start-cluster.mjs'], {
      cwd: ROOT,
      // The seeded copy links the shared seeded media: nothing is made or written into it.
      env: { ...testServerEnv(dataDir), PORT: String(ports.nginx), NODE_PORTS: `${ports.a},${ports.b}` },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    launcher.stdout!.on('data', (b: Buffer) => (out += b.toString()));
    launcher.stderr!.on('data', (b: Buffer) => (out += b.toString()));
    const line = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`start:cluster did not say it was ready in 120 s:\n${out}`)), 120_000);
      launcher.stdout!.on('data', () => {
        const m = /^KETING_CLUSTER_READY (.+)$/m.exec(out);
        if (m) {
          clearTimeout(timer);
          resolve(m[1]!);
        }
      });
      launcher.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`start:cluster exited (${code ?? signal}) before it was ready:\n${out}`));
      });
    });
    const [nginxUrl, aUrl, bUrl] = line.split(' ') as [string, string, string];
    urls = { nginx: nginxUrl, a: aUrl, b: bUrl };
    started = descendants(launcher.pid!);
  });

  afterAll(async () => {
    // Whatever is still there after a failed test: the launcher first, then anything it left.
    if (launcher && launcher.exitCode === null && launcher.signalCode === null) {
      const exited = new Promise((r) => launcher.once('exit', r));
      launcher.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 15_000))]);
    }
    for (const p of [...started, ...(launcher?.pid ? descendants(launcher.pid) : [])]) {
      if (stillThere(p)) process.kill(p.pid, 'SIGKILL');
    }
    launcher?.kill('SIGKILL');
    if (dataDir) await fsp.rm(dataDir, { recursive: true, force: true });
  });

  it('when it has started, then it prints the URLs, and the TV app, the catalog and the admin answer through nginx, each node on its own port', async () => {
    expect(urls).toEqual({
      nginx: `http://127.0.0.1:${ports.nginx}`,
      a: `http://127.0.0.1:${ports.a}`,
      b: `http://127.0.0.1:${ports.b}`,
    });
    expect(out).toContain(`TV app 电视端:   ${urls.nginx}/tv/`);
    expect(out).toContain(`Admin 管理后台:  ${urls.nginx}/admin/`);
    expect(out).toMatch(new RegExp(`node a: +${urls.a}/`));
    expect(out).toMatch(new RegExp(`node b: +${urls.b}/`));
    // The one line about the store: SQLite, one file shared by both.
    expect(out).toContain(`storage: SQLite — both nodes share ${path.join(dataDir, 'keting.sqlite')}`);

    // The same seeded catalog through nginx and from each node.
    const viaNginx = await fetch(`${urls.nginx}/api/tv/v1/catalog`);
    expect(viaNginx.status).toBe(200);
    expect(viaNginx.headers.get('x-cache-status')).toMatch(/MISS|HIT|EXPIRED|UPDATING|REVALIDATED/);
    const catalog = (await viaNginx.json()) as CatalogResponse;
    expect(catalog.sections.length).toBe(10);
    for (const node of [urls.a, urls.b]) {
      const res = await fetch(`${node}/api/tv/v1/catalog`);
      expect(res.status, node).toBe(200);
      expect(((await res.json()) as CatalogResponse).sections.map((s) => s.id)).toEqual(catalog.sections.map((s) => s.id));
      expect((await fetch(`${node}/healthz`)).status, node).toBe(200);
    }
    for (const page of ['/tv/', '/admin/']) {
      const res = await fetch(`${urls.nginx}${page}`);
      expect(res.status, page).toBe(200);
      expect(res.headers.get('content-type'), page).toContain('text/html');
      expect(await res.text(), page).toContain('<script');
    }
    // Media straight from the data folder by nginx.
    const video = catalog.sections.flatMap((s) => s.items).find((i) => i.kind === 'video');
    expect(video).toBeDefined();
    const item = (await (await fetch(`${urls.nginx}/api/tv/v1/items/${video!.id}`)).json()) as ItemDetail;
    const playlist = await fetch(`${urls.nginx}${item.video!.hls}`);
    expect(playlist.status).toBe(200);
    expect(await playlist.text()).toContain('#EXTM3U');

    // What it started: nginx (master and its workers) and the two nodes, all below the launcher.
    expect(started.filter((p) => p.cmd.includes('nginx: master')).length).toBe(1);
    expect(started.filter((p) => p.cmd.includes('nginx: worker')).length).toBeGreaterThanOrEqual(1);
    expect(started.filter((p) => p.cmd.includes('cms-server/src/main.ts')).length).toBe(2);
  });

  it('when it is sent SIGTERM, then nginx and both nodes are gone within a few seconds, and their ports closed', async () => {
    const nginxDir = /rendered in (\S+)/.exec(out)?.[1];
    expect(nginxDir && fs.existsSync(nginxDir)).toBe(true);
    const before = descendants(launcher.pid!);
    expect(before.length).toBeGreaterThanOrEqual(4);
    const t0 = Date.now();
    const exited = new Promise<number | null>((r) => launcher.once('exit', (code) => r(code)));
    launcher.kill('SIGTERM');
    const code = await Promise.race([exited, new Promise<'late'>((r) => setTimeout(() => r('late'), 10_000))]);
    expect(code, out).toBe(0);
    // Everything below it: nginx's master and workers, both nodes, and the helpers they run (tsx's esbuild service,
    // which leaves once its parent has gone).
    const all = new Map([...started, ...before].map((p) => [p.pid, p]));
    let left = [...all.values()].filter(stillThere);
    while (left.length > 0 && Date.now() - t0 < 8000) {
      await new Promise((r) => setTimeout(r, 100));
      left = left.filter(stillThere);
    }
    expect(left.map((p) => `${p.pid} (parent ${p.ppid}) ${p.cmd}`)).toEqual([]);
    console.log(`start:cluster: launcher and ${all.size} processes under it gone ${Date.now() - t0} ms after SIGTERM`);
    for (const port of [ports.nginx, ports.a, ports.b]) expect(await listening(port), `port ${port}`).toBe(false);
    expect(fs.existsSync(nginxDir!)).toBe(false);
    expect(out).toContain('[keting] stopped.');
  });
});
