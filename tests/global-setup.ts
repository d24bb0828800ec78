// Once per `npm test`: a data directory seeded with the content and real packaged sample videos (short
// ones, to keep the run fast), which each test server copies. Also makes sure the TV app and the web
// admin are built.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { loadConfig } from '../cms-server/src/config.ts';
import { createLogger } from '../cms-server/src/logger.ts';
import { prepareData } from '../cms-server/src/server.ts';
import { ensureBuilds } from '../scripts/setup.mjs';

export const SAMPLE_SECONDS = 8;

declare module 'vitest' {
  export interface ProvidedContext {
    seededDataDir: string;
  }
}

export default async function setup(project: TestProject) {
  ensureBuilds();
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'keting-seeded-'));
  const config = loadConfig({ ...process.env, DATA_DIR: dataDir, SAMPLE_VIDEO_SECONDS: String(SAMPLE_SECONDS), LOG_LEVEL: 'warn' });
  const db = await prepareData(config, createLogger('warn'));
  db.close();
  project.provide('seededDataDir', dataDir);
  return async () => {
    await fs.rm(dataDir, { recursive: true, force: true });
  };
}
