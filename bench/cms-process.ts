// A CMS in a process of its own for a benchmark (its memory and CPU are then its own): a fresh data dir, port 0
// on 127.0.0.1, ready when it prints KETING_READY; stop() ends it and removes the data dir.
import { spawn, type ChildProcess } from 'node:child_process';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '..');

export interface BenchCms {
  baseUrl: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

/** `prepare` runs on the fresh data dir before the CMS starts on it (e.g. to seed a database of its own). */
export async function startBenchCms(name: string, env: Record<string, string>, prepare?: (dataDir: string) => Promise<void>): Promise<BenchCms> {
  const dataDir = await fsp.mkdtemp(path.join(os.tmpdir(), `keting-bench-${name}-`));
  await prepare?.(dataDir);
  const child = spawn(process.execPath, ['--import', 'tsx', 'cms-server/src/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'warn', SAMPLE_VIDEOS: '0', SPEECH_PREWARM: '0', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  const baseUrl = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (b: Buffer) => {
      out += b.toString();
      const m = /KETING_READY (\S+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.once('exit', (code) => reject(new Error(`the CMS exited (${code})`)));
  });
  return {
    baseUrl,
    child,
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await new Promise((r) => child.once('exit', r));
      }
      await fsp.rm(dataDir, { recursive: true, force: true });
    },
  };
}
