// tus finishes an upload after releasing its lock, so two requests (through one process or two) can both find
// every byte there and both finish it. Only one may: one asset, one packaging job, one audit row, and the source
// file the winner moved stays where it is (the loser used to remove it in its clean-up).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Upload } from '@tus/server';
import { pino } from 'pino';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../../cms-server/src/db/database.ts';
import { OWNER_KEY, UploadService } from '../../../cms-server/src/uploads/upload-service.ts';
import { makeVideo } from '../../helpers/videos.ts';

let dir: string;
let db: Db;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'keting-finish-'));
  db = openDatabase(path.join(dir, 'keting.sqlite'));
});
afterAll(() => {
  db?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

it('when two requests finish the same upload at once, then one asset and one job come of it and its source stays', async () => {
  const d = { db, log: pino({ level: 'silent' }), uploadsDir: path.join(dir, 'uploads'), sourcesDir: path.join(dir, 'sources'), mediaDir: path.join(dir, 'media') };
  fs.mkdirSync(d.uploadsDir, { recursive: true });
  const id = '4f0c2a4e-8d2b-4c55-9b1e-2f6a1c3d5e7f';
  const file = path.join(d.uploadsDir, id);
  await makeVideo(`${file}.mp4`, { seconds: 2, width: 320, height: 180 });
  fs.renameSync(`${file}.mp4`, file); // a tus upload's file has no extension
  fs.writeFileSync(`${file}.json`, '{}');
  const size = fs.statSync(file).size;
  const upload = { id, size, offset: size, metadata: { [OWNER_KEY]: 'u-1', filename: 'a.mp4' } } as unknown as Upload;

  // Two services stand for two processes: each finishes the upload it was sent the last bytes of.
  const results = await Promise.allSettled([new UploadService(d).finish(upload), new UploadService(d).finish(upload)]);
  const won = results.filter((r) => r.status === 'fulfilled');
  const lost = results.filter((r) => r.status === 'rejected') as PromiseRejectedResult[];
  expect(won).toHaveLength(1);
  expect(lost).toHaveLength(1);
  expect(lost[0]!.reason).toMatchObject({ status: 404, code: 'not_found' });
  expect(db.prepare('SELECT count(*) FROM assets WHERE id = ?').pluck().get(id)).toBe(1);
  expect(db.prepare('SELECT count(*) FROM jobs WHERE asset_id = ?').pluck().get(id)).toBe(1);
  expect(db.prepare("SELECT count(*) FROM audit_log WHERE action = 'asset_uploaded' AND target_id = ?").pluck().get(id)).toBe(1);
  expect(fs.statSync(path.join(d.sourcesDir, id)).size).toBe(size);
  expect(fs.existsSync(file)).toBe(false);
});
