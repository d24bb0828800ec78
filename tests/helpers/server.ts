// Starts the real CMS as its own process on 127.0.0.1 and a free port, on a private copy of the seeded
// data (the database is copied, the packaged media linked), and stops it afterwards.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { inject } from 'vitest';
import { TEST_ADMIN_PASSWORD } from './admin-client.ts';

export const ROOT = path.resolve(import.meta.dirname, '../..');

export interface KetingProcess {
  baseUrl: string;
  dataDir: string;
  child: ChildProcess;
  /** Everything the process printed so far. */
  output(): string;
  /** Stops the process; `keepData` leaves its data dir for a next process to start on. */
  stop(opts?: { keepData?: boolean }): Promise<void>;
}

/**
 * A fresh data dir holding a copy of the seeded database and a link to its (read-only) media. With
 * `ownMedia` the media folder is a copy instead, for tests that add or delete media (uploads).
 */
export async function copySeededData(opts: { ownMedia?: boolean } = {}): Promise<string> {
  const seeded = inject('seededDataDir');
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'keting-test-'));
  await fs.copyFile(path.join(seeded, 'keting.sqlite'), path.join(dir, 'keting.sqlite'));
  if (opts.ownMedia) await fs.cp(path.join(seeded, 'media'), path.join(dir, 'media'), { recursive: true });
  else await fs.symlink(path.join(seeded, 'media'), path.join(dir, 'media'));
  return dir;
}

/** Starts cms-server/src/main.ts; the first admin's password is TEST_ADMIN_PASSWORD (admin-client.ts). */
/** The environment of a CMS a test starts on `dataDir`: loopback, quiet, nothing made at start, the test's admin. */
export function testServerEnv(dataDir: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    SAMPLE_VIDEOS: '0',
    SPEECH_PREWARM: '0',
    KETING_ADMIN_PASSWORD: TEST_ADMIN_PASSWORD,
    // Backups stay inside the test's own folder (never the checkout's ./backups), and none is scheduled.
    BACKUP_DIR: path.join(dataDir, 'backups'),
    BACKUP_CRON: 'off',
  };
}

export async function startKeting(opts: { dataDir?: string; env?: Record<string, string> } = {}): Promise<KetingProcess> {
  const ownDir = opts.dataDir === undefined;
  const dataDir = opts.dataDir ?? (await copySeededData());
  const child = spawn(process.execPath, ['--import', 'tsx', 'cms-server/src/main.ts'], {
    cwd: ROOT,
    env: { ...testServerEnv(dataDir), PORT: '0', ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (b: Buffer) => (out += b.toString()));
  child.stderr!.on('data', (b: Buffer) => (out += b.toString()));
  const baseUrl = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the CMS did not start in 60 s:\n${out}`)), 60_000);
    const onData = () => {
      const m = /KETING_READY (\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    };
    child.stdout!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the CMS exited (${code}) before it was ready:\n${out}`));
    });
  });
  return {
    baseUrl,
    dataDir,
    child,
    output: () => out,
    async stop({ keepData = false } = {}) {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      if (ownDir && !keepData) await fs.rm(dataDir, { recursive: true, force: true });
    },
  };
}
