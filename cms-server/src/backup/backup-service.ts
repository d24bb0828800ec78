// Backups that restore: the database through SQLite's online backup API (consistent while the server writes), made
// one self-contained file, plus the media folder copied into a content-addressed pool (BACKUP_DIR/media/<2 hex>/
// <sha256>: a file already there is never copied again, so an unchanged second backup costs little), and a manifest
// (BACKUP_DIR/keting-<YYYYMMDD-HHmmss>[-manual|-upgrade].json) written last, so a half-done backup is never listed.
// A retention rule per kind, then the pool files no manifest refers to are removed. One backup at a time per
// BACKUP_DIR, across processes (a lock file holding the taker's pid). Restoring verifies every hash first, never
// runs beside a live server on the data folder, and moves what it replaces aside instead of deleting it.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import Database from 'better-sqlite3';
import { z } from 'zod';
import { BACKUP_STALE_H, BACKUP_SYNC_PARALLEL, BACKUP_WHOLE_READ_MAX_BYTES, MANUAL_BACKUPS_KEPT, UPGRADE_BACKUPS_KEPT } from '../constants.ts';
import { schemaVersion, tableRowCounts, type Db } from '../db/database.ts';
import { AppError } from '../domain/errors.ts';
import { shanghaiTime } from '../domain/time.ts';
import { isAlive, runningServerPid } from './pid-file.ts';

export const BACKUP_KINDS = ['scheduled', 'manual', 'upgrade'] as const;
export type BackupKind = (typeof BACKUP_KINDS)[number];

export const MANIFEST_FORMAT = 1;
const SHA256 = /^[0-9a-f]{64}$/;
const MANIFEST_NAME = /^keting-\d{8}-\d{6}(?:-\d+)?(?:-manual|-upgrade)?\.json$/;
const LOCK_FILE = '.backup.lock';
const HASH_CACHE_FILE = '.hash-cache.json';
const POOL_DIR = 'media';
const STREAM_CHUNK = 1 << 20;

/** A media path inside the media folder: relative, '/'-separated, no '.', '..' or empty segments. */
function isSafeRelative(p: string): boolean {
  if (!p || p.startsWith('/') || p.includes('\\') || p.includes('\0') || /^[a-zA-Z]:/.test(p)) return false;
  return p.split('/').every((seg) => seg !== '' && seg !== '.' && seg !== '..');
}

const fileEntry = z.object({ sha256: z.string().regex(SHA256), bytes: z.number().int().min(0) }).strict();

export const manifestSchema = z
  .object({
    format: z.literal(MANIFEST_FORMAT),
    createdAt: z.string().refine((s) => Number.isFinite(Date.parse(s)), 'not a time'),
    kind: z.enum(BACKUP_KINDS),
    schemaVersion: z.number().int().min(0),
    database: fileEntry.extend({ file: z.string().regex(/^keting-[\w.-]+\.sqlite$/, 'a plain file name beside the manifest') }),
    tables: z.record(z.string(), z.number().int().min(0)),
    media: z.record(z.string().refine(isSafeRelative, 'a relative path inside the media folder'), fileEntry),
    totalBytes: z.number().int().min(0),
  })
  .strict();
export type BackupManifest = z.infer<typeof manifestSchema>;

export interface ListedBackup {
  /** The manifest's absolute path. */
  path: string;
  manifest: BackupManifest;
}

export interface Retention {
  scheduled: number;
  manual: number;
  upgrade: number;
}

export interface BackupOptions {
  dataDir: string;
  backupDir: string;
  kind: BackupKind;
  /** The media folder (default DATA_DIR/media); a symlink is followed. */
  mediaDir?: string;
  /** How many of each kind are kept: callers pass BACKUP_KEEP as `scheduled` (unset: all); the others default to constants.ts. */
  keep?: Partial<Retention>;
  now?: () => Date;
}

export interface BackupResult {
  manifestPath: string;
  manifest: BackupManifest;
  /** Bytes written to BACKUP_DIR by this backup (the database and the media new to the pool). */
  copiedBytes: number;
  durationMs: number;
  /** Manifests removed by the retention rule. */
  removed: string[];
}

export class RestoreRefused extends Error {
  constructor(
    readonly reason: 'server_running' | 'not_empty' | 'bad_manifest' | 'damaged',
    message: string,
  ) {
    super(message);
  }
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** "20261203-033000", Shanghai wall-clock time: the name an operator reads. */
function stampOf(at: Date): string {
  const s = shanghaiTime(at)!;
  return `${s.year}${pad(s.month)}${pad(s.day)}-${pad(s.hour)}${pad(s.minute)}${pad(s.second)}`;
}

export function poolPath(backupDir: string, sha256: string): string {
  return path.join(backupDir, POOL_DIR, sha256.slice(0, 2), sha256);
}

async function hashFile(file: string): Promise<{ sha256: string; bytes: number }> {
  const hash = createHash('sha256');
  // A segment-sized file in one read (a stream's overhead per chunk costs more than the hashing); big ones streamed.
  if ((await fsp.stat(file)).size <= BACKUP_WHOLE_READ_MAX_BYTES) {
    const bytes = await fsp.readFile(file);
    return { sha256: hash.update(bytes).digest('hex'), bytes: bytes.length };
  }
  let bytes = 0;
  for await (const chunk of fs.createReadStream(file, { highWaterMark: STREAM_CHUNK })) {
    hash.update(chunk as Buffer);
    bytes += (chunk as Buffer).length;
  }
  return { sha256: hash.digest('hex'), bytes };
}

/** Copies a file while hashing what is copied (one read), fsyncing the copy. */
async function copyHashed(src: string, dest: string): Promise<{ sha256: string; bytes: number }> {
  const hash = createHash('sha256');
  let bytes = 0;
  const tap = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      hash.update(chunk);
      bytes += chunk.length;
      cb(null, chunk);
    },
  });
  const out = fs.createWriteStream(dest, { flush: true });
  await pipeline(fs.createReadStream(src, { highWaterMark: STREAM_CHUNK }), tap, out);
  return { sha256: hash.digest('hex'), bytes };
}

/** fsyncs files, a few at a time (one by one, a disk's flush latency per file dominates a backup of many). */
async function syncAll(files: string[]): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < files.length) {
      const fd = await fsp.open(files[next++]!, 'r');
      try {
        await fd.sync();
      } finally {
        await fd.close();
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(BACKUP_SYNC_PARALLEL, files.length) }, worker));
}

async function writeAtomically(file: string, text: string): Promise<void> {
  const tmp = `${file}.${process.pid}.partial`;
  await fsp.writeFile(tmp, text, { flush: true });
  await fsp.rename(tmp, file);
}

/** Every file under a folder (following symbolic links, once per real folder), '/'-separated relative paths. */
async function walk(root: string): Promise<{ rel: string; abs: string }[]> {
  const out: { rel: string; abs: string }[] = [];
  const seen = new Set<string>();
  const visit = async (abs: string, rel: string): Promise<void> => {
    let real: string;
    try {
      real = await fsp.realpath(abs);
    } catch {
      return;
    }
    if (seen.has(real)) return;
    seen.add(real);
    let entries: fs.Dirent[];
    try {
      entries = await fsp.readdir(abs, { withFileTypes: true });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw e;
    }
    for (const d of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const childAbs = path.join(abs, d.name);
      const childRel = rel ? `${rel}/${d.name}` : d.name;
      let isDir = d.isDirectory();
      let isFile = d.isFile();
      if (d.isSymbolicLink()) {
        const st = await fsp.stat(childAbs).catch(() => undefined);
        isDir = st?.isDirectory() ?? false;
        isFile = st?.isFile() ?? false;
      }
      if (isDir) await visit(childAbs, childRel);
      else if (isFile) out.push({ rel: childRel, abs: childAbs });
    }
  };
  await visit(root, '');
  return out;
}

// ---- the lock: one backup at a time per BACKUP_DIR, whichever process takes it ----

async function acquireLock(backupDir: string): Promise<() => Promise<void>> {
  const file = path.join(backupDir, LOCK_FILE);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await fsp.writeFile(file, `${process.pid}\n`, { flag: 'wx' });
      return async () => {
        await fsp.rm(file, { force: true });
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const pid = Number((await fsp.readFile(file, 'utf8').catch(() => '')).trim());
      if (isAlive(pid)) {
        throw new AppError(409, 'backup_running', '已有一个备份正在进行（可能是定时备份或命令行），请稍后再试。');
      }
      await fsp.rm(file, { force: true }); // left by a process that died mid-backup
    }
  }
  throw new AppError(409, 'backup_running', '已有一个备份正在进行，请稍后再试。');
}

// ---- taking a backup ----

type HashCache = Record<string, { size: number; mtimeMs: number; sha256: string }>;

async function readHashCache(backupDir: string): Promise<HashCache> {
  try {
    return JSON.parse(await fsp.readFile(path.join(backupDir, HASH_CACHE_FILE), 'utf8')) as HashCache;
  } catch {
    return {};
  }
}

async function exists(p: string): Promise<boolean> {
  return fsp.access(p).then(
    () => true,
    () => false,
  );
}

/** The database, copied online into `dest`: one file (no WAL), checked, with its schema version and row counts. */
async function backupDatabase(source: Db | string, dest: string): Promise<{ schemaVersion: number; tables: Record<string, number> }> {
  const tmp = `${dest}.partial`;
  await fsp.rm(tmp, { force: true });
  const own = typeof source === 'string';
  const db = own ? new Database(source, { fileMustExist: true }) : source;
  try {
    if (own) db.pragma('busy_timeout = 5000');
    // The whole database in one step: a consistent snapshot even when another process writes meanwhile.
    await db.backup(tmp, { progress: ({ totalPages }) => Math.max(totalPages, 100) });
  } finally {
    if (own) db.close();
  }
  const copy = new Database(tmp);
  try {
    copy.pragma('journal_mode = DELETE');
    const check = copy.pragma('integrity_check', { simple: true });
    if (check !== 'ok') throw new Error(`the copied database fails its integrity check: ${String(check)}`);
    copy.exec('VACUUM');
    const info = { schemaVersion: schemaVersion(copy), tables: tableRowCounts(copy) };
    copy.close();
    const fd = await fsp.open(tmp, 'r+');
    await fd.sync();
    await fd.close();
    await fsp.rename(tmp, dest);
    return info;
  } catch (e) {
    if (copy.open) copy.close();
    await fsp.rm(tmp, { force: true });
    throw e;
  }
}

export async function takeBackup(source: Db | string, opts: BackupOptions): Promise<BackupResult> {
  const started = performance.now();
  const backupDir = path.resolve(opts.backupDir);
  const mediaDir = opts.mediaDir ?? path.join(opts.dataDir, 'media');
  await fsp.mkdir(path.join(backupDir, POOL_DIR), { recursive: true });
  const release = await acquireLock(backupDir);
  try {
    const now = (opts.now ?? (() => new Date()))();
    const suffix = opts.kind === 'scheduled' ? '' : `-${opts.kind}`;
    let base = `keting-${stampOf(now)}`;
    for (let n = 1; (await exists(path.join(backupDir, `${base}${suffix}.json`))) || (await exists(path.join(backupDir, `${base}${suffix}.sqlite`))); n++) {
      base = `keting-${stampOf(now)}-${n}`;
    }
    const name = `${base}${suffix}`;
    const dbFile = `${name}.sqlite`;
    const dbPath = path.join(backupDir, dbFile);
    const info = await backupDatabase(source, dbPath);
    const dbHash = await hashFile(dbPath);
    let copiedBytes = dbHash.bytes;

    // The media: each file's hash (from the cache when its size and time are unchanged), copied into the pool
    // only when the pool lacks it. A file copied is named by the hash of the bytes copied, so the pool never
    // holds a file under a wrong name even if the source changes meanwhile.
    const cache = await readHashCache(backupDir);
    const nextCache: HashCache = {};
    const media: BackupManifest['media'] = {};
    const fresh: string[] = [];
    for (const f of await walk(mediaDir)) {
      const st = await fsp.stat(f.abs).catch(() => undefined);
      if (!st?.isFile()) continue;
      const cached = cache[f.abs];
      let entry: { sha256: string; bytes: number } | undefined;
      if (cached && cached.size === st.size && cached.mtimeMs === st.mtimeMs && (await exists(poolPath(backupDir, cached.sha256)))) {
        entry = { sha256: cached.sha256, bytes: cached.size };
      } else {
        // Hashed where it lies (read once, however cold); copied only when the pool lacks it, by the kernel (a
        // reflink where the disk can). If the file changed meanwhile (size or time), the copy itself is hashed, so a
        // pool file is never kept under another content's name.
        const tmp = path.join(backupDir, POOL_DIR, `.incoming-${process.pid}`);
        try {
          entry = await hashFile(f.abs);
          if (!(await exists(poolPath(backupDir, entry.sha256)))) {
            await fsp.copyFile(f.abs, tmp, fs.constants.COPYFILE_FICLONE);
            const after = await fsp.stat(f.abs);
            if (after.size !== st.size || after.mtimeMs !== st.mtimeMs || entry.bytes !== st.size) entry = await hashFile(tmp);
            const dest = poolPath(backupDir, entry.sha256);
            if (await exists(dest)) {
              await fsp.rm(tmp, { force: true });
            } else {
              await fsp.mkdir(path.dirname(dest), { recursive: true });
              await fsp.rename(tmp, dest);
              fresh.push(dest);
              copiedBytes += entry.bytes;
            }
          }
        } catch (e) {
          await fsp.rm(tmp, { force: true });
          if ((e as NodeJS.ErrnoException).code === 'ENOENT') continue; // removed while we walked
          throw e;
        }
      }
      media[f.rel] = entry;
      nextCache[f.abs] = { size: st.size, mtimeMs: st.mtimeMs, sha256: entry.sha256 };
    }
    // The new pool files are on the disk before the manifest that lists them.
    await syncAll(fresh);
    const mediaBytes = Object.values(media).reduce((s, m) => s + m.bytes, 0);
    const manifest: BackupManifest = {
      format: MANIFEST_FORMAT,
      createdAt: now.toISOString(),
      kind: opts.kind,
      schemaVersion: info.schemaVersion,
      database: { file: dbFile, sha256: dbHash.sha256, bytes: dbHash.bytes },
      tables: info.tables,
      media,
      totalBytes: dbHash.bytes + mediaBytes,
    };
    const manifestPath = path.join(backupDir, `${name}.json`);
    await writeAtomically(manifestPath, `${JSON.stringify(manifest, null, 1)}\n`);
    await writeAtomically(path.join(backupDir, HASH_CACHE_FILE), JSON.stringify(nextCache));
    const removed = await applyRetention(backupDir, {
      scheduled: opts.keep?.scheduled ?? Number.POSITIVE_INFINITY,
      manual: opts.keep?.manual ?? MANUAL_BACKUPS_KEPT,
      upgrade: opts.keep?.upgrade ?? UPGRADE_BACKUPS_KEPT,
    });
    await collectGarbage(backupDir);
    return { manifestPath, manifest, copiedBytes, durationMs: Math.round(performance.now() - started), removed };
  } finally {
    await release();
  }
}

// ---- listing, retention, the pool's garbage ----

export async function readManifest(file: string): Promise<BackupManifest> {
  let raw: unknown;
  try {
    raw = JSON.parse(await fsp.readFile(file, 'utf8'));
  } catch (e) {
    throw new RestoreRefused('bad_manifest', `读不了备份清单 cannot read the manifest ${file}: ${(e as Error).message}`);
  }
  const parsed = manifestSchema.safeParse(raw);
  if (!parsed.success) {
    const what = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new RestoreRefused('bad_manifest', `备份清单格式不对 the manifest is not valid (${file}): ${what}`);
  }
  return parsed.data;
}

/** The backups in a folder, newest first; files that are not a valid manifest are left out. */
export async function listBackups(backupDir: string): Promise<ListedBackup[]> {
  const names = await fsp.readdir(backupDir).catch(() => [] as string[]);
  const out: ListedBackup[] = [];
  for (const name of names.filter((n) => MANIFEST_NAME.test(n))) {
    const file = path.join(path.resolve(backupDir), name);
    try {
      out.push({ path: file, manifest: await readManifest(file) });
    } catch {
      // a foreign or damaged file: not a backup
    }
  }
  return out.sort((a, b) => Date.parse(b.manifest.createdAt) - Date.parse(a.manifest.createdAt) || (a.path < b.path ? 1 : -1));
}

/**
 * When the newest backup was written (ms since the epoch) and its kind, or null: cheap enough for every metrics scrape — the
 * manifests' names sort by their Shanghai stamp and only the newest's mtime is read (a manifest is written last).
 */
export async function newestBackupTime(backupDir: string): Promise<{ at: number; kind: BackupKind } | null> {
  const names = (await fsp.readdir(backupDir).catch(() => [] as string[])).filter((n) => MANIFEST_NAME.test(n)).sort();
  const newest = names.at(-1);
  if (!newest) return null;
  const st = await fsp.stat(path.join(backupDir, newest)).catch(() => null);
  const kind: BackupKind = newest.endsWith('-manual.json') ? 'manual' : newest.endsWith('-upgrade.json') ? 'upgrade' : 'scheduled';
  return st ? { at: st.mtimeMs, kind } : null;
}

/** Keeps the newest `keep[kind]` backups of each kind; removes the older manifests, then their database files. */
export async function applyRetention(backupDir: string, keep: Retention): Promise<string[]> {
  const removed: string[] = [];
  const seen: Record<BackupKind, number> = { scheduled: 0, manual: 0, upgrade: 0 };
  for (const b of await listBackups(backupDir)) {
    if (++seen[b.manifest.kind] <= keep[b.manifest.kind]) continue;
    await fsp.rm(b.path, { force: true });
    await fsp.rm(path.join(path.dirname(b.path), b.manifest.database.file), { force: true });
    removed.push(b.path);
  }
  return removed;
}

/** Removes pool files and database copies no manifest refers to (and leftovers of an interrupted backup). */
async function collectGarbage(backupDir: string): Promise<void> {
  const backups = await listBackups(backupDir);
  const hashes = new Set(backups.flatMap((b) => Object.values(b.manifest.media).map((m) => m.sha256)));
  const dbFiles = new Set(backups.map((b) => b.manifest.database.file));
  for (const name of await fsp.readdir(backupDir)) {
    if (/^keting-.*\.sqlite(?:\.partial|-wal|-shm|-journal)?$/.test(name) && !dbFiles.has(name)) {
      await fsp.rm(path.join(backupDir, name), { force: true });
    }
  }
  const pool = path.join(backupDir, POOL_DIR);
  for (const sub of await fsp.readdir(pool).catch(() => [] as string[])) {
    const dir = path.join(pool, sub);
    if (sub.startsWith('.incoming-')) {
      await fsp.rm(dir, { force: true });
      continue;
    }
    const files = await fsp.readdir(dir).catch(() => [] as string[]);
    let left = files.length;
    for (const f of files) {
      if (!hashes.has(f)) {
        await fsp.rm(path.join(dir, f), { force: true });
        left--;
      }
    }
    if (left === 0) await fsp.rmdir(dir).catch(() => undefined);
  }
}

// ---- verifying and restoring ----

/** What is wrong with a backup's files (missing, wrong size or hash); empty when every file is whole. */
export async function verifyBackup(manifestPath: string, manifest?: BackupManifest): Promise<string[]> {
  const m = manifest ?? (await readManifest(manifestPath));
  const dir = path.dirname(path.resolve(manifestPath));
  const problems: string[] = [];
  const check = async (file: string, want: { sha256: string; bytes: number }, what: string) => {
    const st = await fsp.stat(file).catch(() => undefined);
    if (!st?.isFile()) return void problems.push(`缺少文件 missing: ${what}`);
    if (st.size !== want.bytes) return void problems.push(`大小不对 wrong size: ${what}`);
    if ((await hashFile(file)).sha256 !== want.sha256) problems.push(`内容被改动 hash mismatch: ${what}`);
  };
  await check(path.join(dir, m.database.file), m.database, m.database.file);
  const checked = new Set<string>();
  for (const [rel, entry] of Object.entries(m.media)) {
    if (checked.has(entry.sha256)) continue;
    checked.add(entry.sha256);
    await check(poolPath(dir, entry.sha256), entry, `media/${rel}`);
  }
  return problems;
}

async function isEmptyTree(dir: string): Promise<boolean> {
  const entries = await fsp.readdir(dir, { withFileTypes: true }).catch(() => [] as fs.Dirent[]);
  for (const e of entries) {
    if (!e.isDirectory() || !(await isEmptyTree(path.join(dir, e.name)))) return false;
  }
  return true;
}

export interface RestoreResult {
  manifest: BackupManifest;
  mediaFiles: number;
  /** What was in the way, moved aside (never deleted). */
  movedAside: string[];
}

/**
 * Restores a backup into a data folder. Refuses while a server runs on it, refuses to replace a database or media
 * without `force` (then moves them aside as *.before-restore-<stamp>), and checks every file's hash before copying.
 */
export async function restoreBackup(manifestPath: string, dataDir: string, opts: { force?: boolean; now?: () => Date } = {}): Promise<RestoreResult> {
  const target = path.resolve(dataDir);
  const pid = runningServerPid(target);
  if (pid !== undefined) {
    throw new RestoreRefused('server_running', `服务器正在使用这个数据目录（进程 ${pid}），请先停止它 a server (pid ${pid}) is running on ${target}; stop it first`);
  }
  const manifest = await readManifest(manifestPath);
  const source = path.dirname(path.resolve(manifestPath));
  const dbPath = path.join(target, 'keting.sqlite');
  const mediaPath = path.join(target, 'media');
  const inTheWay = [dbPath, `${dbPath}-wal`, `${dbPath}-shm`, `${dbPath}-journal`];
  const hasDb = await exists(dbPath);
  const mediaLink = await fsp.lstat(mediaPath).catch(() => undefined);
  const hasMedia = mediaLink !== undefined && (mediaLink.isSymbolicLink() || !(await isEmptyTree(mediaPath)));
  if ((hasDb || hasMedia) && !opts.force) {
    throw new RestoreRefused('not_empty', `数据目录里已有数据，加 --force 才会替换（旧数据会改名保留）${target} already holds data; add --force to replace it (the old files are kept aside)`);
  }
  const problems = await verifyBackup(manifestPath, manifest);
  if (problems.length) {
    throw new RestoreRefused('damaged', `备份已损坏，没有恢复 the backup is damaged, nothing was restored:\n  ${problems.join('\n  ')}`);
  }
  await fsp.mkdir(target, { recursive: true });
  const stamp = stampOf((opts.now ?? (() => new Date()))());
  const movedAside: string[] = [];
  for (const p of [...inTheWay, mediaPath]) {
    if (!(await fsp.lstat(p).catch(() => undefined))) continue;
    if (p === mediaPath && !hasMedia) {
      await fsp.rm(p, { recursive: true, force: true }); // only empty folders
      continue;
    }
    const aside = `${p}.before-restore-${stamp}`;
    await fsp.rename(p, aside);
    movedAside.push(aside);
  }
  // The media into a folder of its own first, renamed into place whole; the database last.
  const incoming = path.join(target, `media.restoring-${process.pid}`);
  await fsp.rm(incoming, { recursive: true, force: true });
  await fsp.mkdir(incoming, { recursive: true });
  for (const [rel, entry] of Object.entries(manifest.media)) {
    const dest = path.resolve(incoming, ...rel.split('/'));
    if (!dest.startsWith(incoming + path.sep)) throw new RestoreRefused('bad_manifest', `不安全的路径 unsafe path in the manifest: ${rel}`);
    await fsp.mkdir(path.dirname(dest), { recursive: true });
    await fsp.copyFile(poolPath(source, entry.sha256), dest, fs.constants.COPYFILE_FICLONE);
  }
  await fsp.rename(incoming, mediaPath);
  const dbTmp = `${dbPath}.restoring`;
  const copied = await copyHashed(path.join(source, manifest.database.file), dbTmp);
  if (copied.sha256 !== manifest.database.sha256) {
    await fsp.rm(dbTmp, { force: true });
    throw new RestoreRefused('damaged', '数据库文件在复制时改变了 the database file changed while being copied');
  }
  await fsp.rename(dbTmp, dbPath);
  return { manifest, mediaFiles: Object.keys(manifest.media).length, movedAside };
}

/** Whether the newest good backup is too old to count on (BACKUP_STALE_H), or missing. */
export function isStale(createdAt: string | undefined, now: Date): boolean {
  return createdAt === undefined || now.getTime() - Date.parse(createdAt) > BACKUP_STALE_H * 3_600_000;
}
