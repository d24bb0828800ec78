// A throw-away PostgreSQL (tests, `npm run db:types`, the cluster on one machine): Debian's server binaries (scripts/install-system-deps.sh installs them),
// a new cluster in a temp folder (initdb, trust auth for loopback only), listening on 127.0.0.1 and a free port,
// its socket in the same folder; durability off (fsync, synchronous_commit, full_page_writes) since the cluster is
// deleted on stop. As root, PostgreSQL refuses to run: the folder is given to the `postgres` user the package made,
// and the server runs as that user. Each test takes a database of its own (`createDatabase`).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { freePort } from './free-port.ts';

/** The newest installed server's bin folder, or undefined. */
export function postgresBin(): string | undefined {
  const root = '/usr/lib/postgresql';
  if (!fs.existsSync(root)) return undefined;
  const versions = fs
    .readdirSync(root)
    .filter((v) => fs.existsSync(path.join(root, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] === undefined ? undefined : path.join(root, versions[0], 'bin');
}

/** Why PostgreSQL cannot run here, or undefined when it can. */
export function postgresMissing(): string | undefined {
  if (postgresBin() === undefined) {
    return 'PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb): run scripts/install-system-deps.sh as root (CI runs it), or apt-get install postgresql';
  }
  if (process.getuid?.() === 0 && spawnSync('id', ['-u', 'postgres']).status !== 0) {
    return 'running as root, and there is no `postgres` user to run PostgreSQL as (Debian\'s postgresql package makes it)';
  }
  return undefined;
}

export interface ThrowawayPostgres {
  port: number;
  /** The cluster's folder (data/, the socket, the log). */
  dir: string;
  /** postgres://keting@127.0.0.1:<port>/<database> */
  url(database?: string): string;
  /** A new empty database with a unique name; returns its URL. */
  createDatabase(prefix?: string): Promise<string>;
  /** The server's log so far. */
  log(): string;
  stop(): Promise<void>;
}

/** As root: the uid and gid of the `postgres` user, for spawn (so the child is the server itself, and signals reach it). */
function runAs(): { uid: number; gid: number } | Record<string, never> {
  if (process.getuid?.() !== 0) return {};
  const id = (flag: string) => Number(spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' }).stdout.trim());
  return { uid: id('-u'), gid: id('-g') };
}

function run(bin: string, args: string[]): void {
  const r = spawnSync(bin, args, { encoding: 'utf8', ...runAs() });
  if (r.status !== 0) throw new Error(`${path.basename(bin)} failed (${r.status}): ${r.stderr}${r.stdout}`);
}

/** Makes and starts a new cluster; resolves once it accepts connections. */
export async function startPostgres(): Promise<ThrowawayPostgres> {
  const missing = postgresMissing();
  if (missing) throw new Error(missing);
  const bin = postgresBin()!;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'keting-pg-'));
  const as = runAs();
  if ('uid' in as) fs.chownSync(dir, as.uid, as.gid);
  const data = path.join(dir, 'data');
  run(path.join(bin, 'initdb'), ['-D', data, '-U', 'keting', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8', '--no-sync']);

  const port = await freePort();
  const logFile = path.join(dir, 'server.log');
  const out = fs.openSync(logFile, 'a');
  const args = ['-D', data, '-p', String(port), '-k', dir, '-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off',
    '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off', '-c', 'max_connections=200'];
  const postgres = path.join(bin, 'postgres');
  const child: ChildProcess = spawn(postgres, args, { stdio: ['ignore', out, out], ...as });
  fs.closeSync(out);
  const log = () => (fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8') : '');
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = (database = 'postgres') => `postgres://keting@127.0.0.1:${port}/${database}`;

  // A run that ends without calling stop() (a test process that crashed or was ended) takes its cluster with it.
  const onExit = () => {
    child.kill('SIGKILL');
    fs.rmSync(dir, { recursive: true, force: true });
  };
  process.once('exit', onExit);
  const stop = async () => {
    process.off('exit', onExit);
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGINT'); // PostgreSQL's fast shutdown
      await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
    fs.rmSync(dir, { recursive: true, force: true });
  };

  try {
    const deadline = Date.now() + 20_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`PostgreSQL exited (${child.exitCode}):\n${log()}`);
      const c = new pg.Client({ connectionString: url() });
      const up = await c.connect().then(() => true, () => false);
      await c.end().catch(() => undefined);
      if (up) break;
      if (Date.now() > deadline) throw new Error(`PostgreSQL did not accept connections in 20 s:\n${log()}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  } catch (e) {
    await stop();
    throw e;
  }

  return {
    port,
    dir,
    url,
    log,
    stop,
    async createDatabase(prefix = 't') {
      const name = `${prefix}_${crypto.randomBytes(6).toString('hex')}`;
      const c = new pg.Client({ connectionString: url() });
      await c.connect();
      try {
        await c.query(`CREATE DATABASE ${name}`);
      } finally {
        await c.end();
      }
      return url(name);
    },
  };
}
