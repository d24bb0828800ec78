// Two CMS processes on ONE data folder: the same SQLite file (WAL), the same media, sources and uploads folders —
// what several CMS nodes behind one address look like on one machine. Each is a real process (helpers/server.ts);
// the folder is the test's own (copySeededData), removed by `stop`.
import Database from 'better-sqlite3';
import fs from 'node:fs/promises';
import path from 'node:path';
import { addStreets } from '../../helpers/admin-client.ts';
import { copySeededData, startKeting, type KetingProcess } from '../../helpers/server.ts';

export interface TwoNodes {
  dataDir: string;
  a: KetingProcess;
  b: KetingProcess;
  /** Reads the shared database directly (read-only), as an operator would. */
  query<T>(sql: string, ...params: unknown[]): T[];
  stop(): Promise<void>;
}

/** Starts two nodes at the same moment on one fresh copy of the seeded data (street taiping added). */
export async function startTwoNodes(env: Record<string, string> = {}, opts: { ownMedia?: boolean } = {}): Promise<TwoNodes> {
  const dataDir = await copySeededData({ ownMedia: opts.ownMedia ?? false });
  addStreets(dataDir, [{ id: 'taiping', name: '太平街道' }]);
  const started = await Promise.allSettled([startKeting({ dataDir, env }), startKeting({ dataDir, env })]);
  const up = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  const failed = started.find((s) => s.status === 'rejected');
  if (failed) {
    for (const n of up) await n.stop();
    await fs.rm(dataDir, { recursive: true, force: true });
    throw (failed as PromiseRejectedResult).reason;
  }
  const [a, b] = up as [KetingProcess, KetingProcess];
  return {
    dataDir,
    a,
    b,
    query<T>(sql: string, ...params: unknown[]): T[] {
      const db = new Database(path.join(dataDir, 'keting.sqlite'), { readonly: true });
      try {
        return db.prepare(sql).all(...params) as T[];
      } finally {
        db.close();
      }
    },
    async stop() {
      await Promise.all([a.stop(), b.stop()]);
      await fs.rm(dataDir, { recursive: true, force: true });
    },
  };
}

export { until } from '../../helpers/until.ts';
