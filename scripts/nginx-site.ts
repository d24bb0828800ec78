// Runs the production nginx site (deploy/nginx/keting.conf) on this machine: the very same file, with only the lines a
// machine decides rewritten (the upstream's servers, `listen`, the media folder, the cache folder), inside a small
// nginx.conf like Debian's, under a temp prefix (pid, logs, temp and cache folders). Used by `npm run start:cluster`
// (scripts/start-cluster.mjs: two CMS nodes behind it) and by the tests (tests/helpers/nginx.ts re-exports it), so
// both run the file that goes to production, not a copy of it.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { freePort } from './free-port.ts';

export { freePort };

const ROOT = path.resolve(import.meta.dirname, '..');
export const SITE_FILE = path.join(ROOT, 'deploy/nginx/keting.conf');
/** Debian's nginx (scripts/install-system-deps.sh installs it). */
export const NGINX_BIN = '/usr/sbin/nginx';

/** Why nginx cannot run here, or undefined when it can. */
export function nginxMissing(): string | undefined {
  if (!fs.existsSync(NGINX_BIN)) {
    return `nginx is not installed (${NGINX_BIN} is missing): run scripts/install-system-deps.sh as root (CI runs it), or apt-get install nginx`;
  }
  const r = spawnSync(NGINX_BIN, ['-v'], { encoding: 'utf8' });
  if (r.status !== 0) return `${NGINX_BIN} -v failed: ${r.stderr}${r.stdout}; reinstall it with scripts/install-system-deps.sh`;
  return undefined;
}

export interface SiteOptions {
  /** host:port of each CMS, in order (the site's `server` lines). */
  upstreams: string[];
  /** The folder /media/ is served from (DATA_DIR/media). */
  mediaDir: string;
  /** What nginx listens on, e.g. 127.0.0.1:8181 (IPv6 dropped). */
  listen: string;
  /** proxy_cache_path's folder. */
  cacheDir: string;
}

/** The site file with the machine's lines rewritten; throws when a line to rewrite is not there as expected. */
export function renderSite(site: string, o: SiteOptions): string {
  let text = site;
  const rewrite = (re: RegExp, by: (m: RegExpExecArray) => string, what: string) => {
    const found = [...text.matchAll(new RegExp(re.source, `${re.flags.replace('g', '')}g`))];
    if (found.length !== 1) throw new Error(`${SITE_FILE}: expected one ${what} line to rewrite, found ${found.length}`);
    text = text.replace(re, (...args) => by(args as unknown as RegExpExecArray));
  };
  // The one active server line of the upstream (commented ones stay comments).
  rewrite(/^([ \t]*)server 127\.0\.0\.1:8080( [^;\n]*)?;$/m, (m) => o.upstreams.map((u) => `${m[1]}server ${u}${m[2] ?? ''};`).join('\n'), 'upstream server');
  rewrite(/^([ \t]*)listen 80;$/m, (m) => `${m[1]}listen ${o.listen};`, '`listen 80`');
  rewrite(/^[ \t]*listen \[::\]:80;\n/m, () => '', '`listen [::]:80`');
  rewrite(/^([ \t]*)alias \/var\/lib\/keting\/media\/;$/m, (m) => `${m[1]}alias ${o.mediaDir.replace(/\/?$/, '/')};`, 'media alias');
  rewrite(/^proxy_cache_path \/var\/cache\/nginx\/keting /m, () => `proxy_cache_path ${o.cacheDir} `, 'proxy_cache_path');
  return text;
}

export interface NginxProcess {
  baseUrl: string;
  port: number;
  /** The temp prefix: nginx.conf, the rendered site, logs (access.log names the upstream of each answer), cache. */
  dir: string;
  child: ChildProcess;
  /** The error log so far (and what nginx printed). */
  errors(): string;
  /** The access log so far: one line per finished request, with `upstream=<host:port>` of the CMS that answered. */
  accessLog(): string;
  stop(): Promise<void>;
}

export interface StartNginxOptions {
  /** host:port of each CMS (the upstream's `server` lines). */
  upstreams: string[];
  /** DATA_DIR/media. */
  mediaDir: string;
  /** The address nginx listens on (default 127.0.0.1). */
  host?: string;
  /** Its port (default: a free one). */
  port?: number;
  /** Its own process group (`detached`): a terminal's Ctrl-C then reaches only the parent, which stops it in turn. */
  ownProcessGroup?: boolean;
}

/** Starts nginx in the foreground on the rendered site; resolves once it accepts connections. */
export async function startNginx(o: StartNginxOptions): Promise<NginxProcess> {
  const missing = nginxMissing();
  if (missing) throw new Error(missing);
  const host = o.host ?? '127.0.0.1';
  const port = o.port ?? (await freePort());
  const dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'keting-nginx-'));
  const fail = async (message: string): Promise<never> => {
    await fsp.rm(dir, { recursive: true, force: true });
    throw new Error(message);
  };
  const site = renderSite(await fsp.readFile(SITE_FILE, 'utf8'), {
    upstreams: o.upstreams,
    mediaDir: o.mediaDir,
    listen: `${host}:${port}`,
    cacheDir: path.join(dir, 'cache'),
  });
  await fsp.writeFile(path.join(dir, 'keting.conf'), site);
  const errorLog = path.join(dir, 'error.log');
  const accessLog = path.join(dir, 'access.log');
  // Debian's /etc/nginx/nginx.conf, cut to what matters, everything written under the temp prefix. As root the
  // workers stay root: the temp folders (mkdtemp, 0700) are not readable by www-data. The access log adds which
  // CMS answered (upstream=…; two addresses when nginx skipped a dead one) and the cache status.
  const conf = `${process.getuid?.() === 0 ? 'user root;\n' : ''}worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${errorLog} info;
events { worker_connections 1024; }
http {
    sendfile on;
    tcp_nopush on;
    types_hash_max_size 2048;
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    log_format keting '$remote_addr [$time_local] "$request" $status $body_bytes_sent upstream=$upstream_addr cache=$upstream_cache_status';
    access_log ${accessLog} keting;
    gzip on;
    client_body_temp_path ${dir}/client_body;
    proxy_temp_path ${dir}/proxy_temp;
    fastcgi_temp_path ${dir}/fastcgi_temp;
    uwsgi_temp_path ${dir}/uwsgi_temp;
    scgi_temp_path ${dir}/scgi_temp;
    include ${dir}/keting.conf;
}
`;
  const confFile = path.join(dir, 'nginx.conf');
  await fsp.writeFile(confFile, conf);
  const test = spawnSync(NGINX_BIN, ['-p', dir, '-e', errorLog, '-c', confFile, '-t'], { encoding: 'utf8' });
  if (test.status !== 0) await fail(`nginx -t refused the rendered site (${SITE_FILE} for ${host}:${port}):\n${test.stderr}${test.stdout}`);

  const child = spawn(NGINX_BIN, ['-p', dir, '-e', errorLog, '-c', confFile, '-g', 'daemon off;'], {
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: o.ownProcessGroup ?? false,
  });
  let out = '';
  child.stdout!.on('data', (b: Buffer) => (out += b.toString()));
  child.stderr!.on('data', (b: Buffer) => (out += b.toString()));
  const read = (file: string) => (fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '');
  const errors = () => `${out}${read(errorLog)}`;
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM'); // fast shutdown: open event streams are cut, not waited for
      await exited;
    }
    await fsp.rm(dir, { recursive: true, force: true });
  };
  const probeHost = host === '0.0.0.0' ? '127.0.0.1' : host;
  const until = Date.now() + 10_000;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) await fail(`nginx exited (${child.exitCode ?? child.signalCode}) at start:\n${errors()}`);
    const up = await new Promise<boolean>((resolve) => {
      const s = net.connect(port, probeHost, () => (s.destroy(), resolve(true)));
      s.once('error', () => resolve(false));
    });
    if (up) break;
    if (Date.now() > until) {
      const why = errors();
      await stop();
      throw new Error(`nginx did not listen on ${host}:${port} in 10 s:\n${why}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    baseUrl: `http://${probeHost}:${port}`,
    port,
    dir,
    child,
    errors,
    accessLog: () => read(accessLog),
    stop,
  };
}
