// Benchmark: what a backup costs (cms-server/src/backup/backup-service.ts) against copying the data folder with
// `cp -r`, in the same run on the same disk. A data folder with a seeded database and MEDIA_MB of packaged-looking
// media (assets of several 1 MiB segments, random bytes), then, ROUNDS times, alternating: `cp -r` of the folder
// into a fresh place, flushed to the disk (sync -f); a first backup into an empty BACKUP_DIR (everything hashed and copied); a second, unchanged
// backup into the same BACKUP_DIR (only the database copied; the media's hashes come from the size+time cache).
// The median of each is kept; prints seconds and the ratios backup ÷ (cp + sync), and the load average (the
// machine may be shared). Not part of npm test.
//   npm run bench:backup [-- media-MiB [rounds]]      e.g. npm run bench:backup -- 300 3
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { takeBackup } from '../cms-server/src/backup/backup-service.ts';
import { openDatabase } from '../cms-server/src/db/database.ts';
import { loadContent } from '../cms-server/src/seed/load-content.ts';
import { seedIfEmpty } from '../cms-server/src/seed/seed.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const MEDIA_MB = Number(process.argv[2] ?? 300);
const ROUNDS = Number(process.argv[3] ?? 3);
const SEGMENTS_PER_ASSET = 10;

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'keting-bench-backup-'));
const dataDir = path.join(work, 'data');

function makeData(): void {
  const db = openDatabase(path.join(dataDir, 'keting.sqlite'));
  seedIfEmpty(db, loadContent(path.join(ROOT, 'content')));
  db.close();
  const chunk = Buffer.alloc(1 << 20);
  for (let i = 0; i < MEDIA_MB; i++) {
    const dir = path.join(dataDir, 'media', `asset-${Math.floor(i / SEGMENTS_PER_ASSET)}`, 'v0');
    fs.mkdirSync(dir, { recursive: true });
    crypto.randomFillSync(chunk);
    fs.writeFileSync(path.join(dir, `seg_${String(i % SEGMENTS_PER_ASSET).padStart(3, '0')}.ts`), chunk);
    if (i % SEGMENTS_PER_ASSET === 0) fs.writeFileSync(path.join(dir, '..', 'master.m3u8'), '#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1\nv0/index.m3u8\n');
  }
}

const time = async (fn: () => unknown): Promise<number> => {
  const t = performance.now();
  await fn();
  return (performance.now() - t) / 1000;
};
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

makeData();
const du = execFileSync('du', ['-sh', dataDir]).toString().split('\t')[0];
console.log(`load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}; ${os.cpus().length} CPUs`);
console.log(`data folder: ${du} (${MEDIA_MB} MiB of media in ${MEDIA_MB} files), ${ROUNDS} rounds, ${work}`);
const cp: number[] = [];
const cpCached: number[] = [];
const first: number[] = [];
const second: number[] = [];
const written: number[] = [];
for (let r = 0; r < ROUNDS; r++) {
  const copy = path.join(work, `cp-${r}`);
  // cp -r, then the copy flushed to the disk (a backup fsyncs what it writes; cp alone leaves it in the page cache).
  cp.push(await time(() => execFileSync('sh', ['-c', `cp -r "$1" "$2" && sync -f "$2"`, 'cp', dataDir, copy])));
  fs.rmSync(copy, { recursive: true, force: true });
  cpCached.push(await time(() => execFileSync('cp', ['-r', dataDir, copy])));
  execFileSync('sync', ['-f', copy]);
  fs.rmSync(copy, { recursive: true, force: true });
  const backupDir = path.join(work, `backups-${r}`);
  first.push(await time(() => takeBackup(path.join(dataDir, 'keting.sqlite'), { dataDir, backupDir, kind: 'manual' })));
  second.push(
    await time(async () => {
      const b = await takeBackup(path.join(dataDir, 'keting.sqlite'), { dataDir, backupDir, kind: 'manual' });
      written.push(b.copiedBytes);
    }),
  );
  fs.rmSync(backupDir, { recursive: true, force: true });
}
const c = median(cp);
const f = median(first);
const s = median(second);
console.log(`cp -r + sync                ${c.toFixed(2)} s   (cp -r alone, into the page cache: ${median(cpCached).toFixed(2)} s)`);
console.log(`first backup (all copied)   ${f.toFixed(2)} s   ${(f / c).toFixed(2)}× cp`);
console.log(`second backup (unchanged)   ${s.toFixed(2)} s   ${(s / c).toFixed(2)}× cp   (${(median(written) / 1024 / 1024).toFixed(1)} MiB written: the database)`);
fs.rmSync(work, { recursive: true, force: true });
