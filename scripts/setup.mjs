// Set-up shared by `npm start` and `npm test`: system packages, npm dependencies, the web app builds.
// Plain JavaScript on purpose: it runs on a fresh clone, before TypeScript tooling is installed.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export function say(msg) {
  process.stdout.write(`[keting] ${msg}\n`);
}

function sh(cmd, args, what) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: process.env });
  if (r.status !== 0) {
    process.stderr.write(`\n[keting] ${what} failed (exit ${r.status ?? r.signal}).\n`);
    process.exit(r.status || 1);
  }
}

function checkNode() {
  const [major, minor] = process.versions.node.split('.').map(Number);
  if (major < 20 || (major === 20 && minor < 19)) {
    process.stderr.write(`[keting] Node ${process.versions.node} is too old: Keting needs Node 20.19 or newer.\n`);
    process.exit(1);
  }
}

const newest = (dir) => {
  let t = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : fs.statSync(p).mtimeMs);
  }
  return t;
};
const mtime = (p) => (fs.existsSync(p) ? fs.statSync(p).mtimeMs : 0);

function ensureNodeModules() {
  const marker = path.join(root, 'node_modules', '.package-lock.json');
  const sqliteBinary = path.join(root, 'node_modules/better-sqlite3/build/Release/better_sqlite3.node');
  const stale = mtime(marker) < mtime(path.join(root, 'package-lock.json'));
  if (!fs.existsSync(marker) || stale) {
    say('installing npm dependencies (npm ci; the first time this compiles better-sqlite3, about 2 minutes)…');
    sh('npm', ['ci', '--no-audit', '--no-fund'], 'npm ci');
  }
  if (!fs.existsSync(sqliteBinary)) {
    say('building better-sqlite3…');
    sh('npm', ['rebuild', 'better-sqlite3'], 'building better-sqlite3');
  }
}

/** The web apps Vite builds: where their sources are, and their Vite config (its outDir is `dist`). */
const APPS = [
  { name: 'the TV app', dir: 'tv-app', config: 'tv-app/vite.config.ts' },
  { name: 'the web admin', dir: 'cms-server/admin-web', config: 'cms-server/admin-web/vite.config.ts' },
];

/** Builds each app's dist when it is missing or older than any of the app's sources. */
export function ensureBuilds({ force = false } = {}) {
  for (const app of APPS) {
    const dir = path.join(root, app.dir);
    const built = mtime(path.join(dir, 'dist/index.html'));
    let sources = Math.max(mtime(path.join(root, app.config)), mtime(path.join(root, 'package-lock.json')));
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      if (e.name === 'dist' || e.name === 'node_modules' || e.name.startsWith('.dist-')) continue;
      const p = path.join(dir, e.name);
      sources = Math.max(sources, e.isDirectory() ? newest(p) : mtime(p));
    }
    if (!force && built > sources) continue;
    say(`building ${app.name} (vite)…`);
    // Built beside dist and swapped in, so that a server (or another test run on this machine) serving
    // dist meanwhile never meets a half-emptied folder.
    const dist = path.join(dir, 'dist');
    const fresh = path.join(dir, `.dist-build-${process.pid}`);
    const old = path.join(dir, `.dist-old-${process.pid}`);
    sh('npx', ['vite', 'build', '--config', app.config, '--logLevel', 'warn', '--outDir', fresh, '--emptyOutDir'], `building ${app.name}`);
    try {
      fs.renameSync(dist, old);
    } catch {
      /* no dist yet, or another run moved it a moment ago */
    }
    try {
      fs.renameSync(fresh, dist);
    } catch {
      // Another run swapped in its build first: it is as new as this one.
    }
    fs.rmSync(fresh, { recursive: true, force: true });
    fs.rmSync(old, { recursive: true, force: true });
  }
}

/** The older name (tests/global-setup.ts): builds every app, not only the TV's. */
export const ensureTvBuild = ensureBuilds;

export function setup() {
  checkNode();
  say('checking system packages (ffmpeg, chromium, CJK fonts, WPE WebKit)…');
  sh('bash', [path.join(root, 'scripts/install-system-deps.sh')], 'installing system packages');
  ensureNodeModules();
  ensureBuilds();
}
