// Two CMS processes started at the same moment on a NEW, empty data folder: both start; the database is migrated
// once, seeded once and gets one first admin (each step is an IMMEDIATE transaction that looks again inside:
// db/database.ts, seed/seed.ts, auth/auth-service.ts). Before, the second process could stop with "database is
// locked" (a deferred transaction that read, then wrote, beside another writer).
import Database from 'better-sqlite3';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';
import { currentSchemaVersion } from '../../../cms-server/src/db/database.ts';
import { startKeting } from '../../helpers/server.ts';

it('when two processes start together on an empty data folder, then both run, on one migrated and seeded database with one admin', async () => {
  for (let round = 0; round < 3; round++) {
    const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'keting-together-'));
    try {
      const [a, b] = await Promise.all([startKeting({ dataDir }), startKeting({ dataDir })]);
      try {
        for (const node of [a, b]) expect((await fetch(`${node.baseUrl}/healthz`)).status).toBe(200);
        const db = new Database(path.join(dataDir, 'keting.sqlite'), { readonly: true });
        try {
          const count = (sql: string) => db.prepare(sql).pluck().get() as number;
          expect(count('SELECT count(*) FROM schema_migrations')).toBe(currentSchemaVersion());
          expect(count('SELECT count(*) FROM users')).toBe(1);
          expect(count("SELECT count(*) FROM audit_log WHERE action = 'user_created'")).toBe(1);
          expect(count('SELECT count(*) FROM sections')).toBe(10);
        } finally {
          db.close();
        }
      } finally {
        await Promise.all([a.stop(), b.stop()]);
      }
    } finally {
      await fs.rm(dataDir, { recursive: true, force: true });
    }
  }
});
