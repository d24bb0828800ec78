// Command line for the person who runs the server, for when nobody can sign in to the admin any more:
//   npm run admin -- reset-password <username>   prints a new one-time password (ends the user's sessions)
//   npm run admin -- list-users                  lists the accounts
// It opens the same database as the server (DATA_DIR), which may keep running meanwhile (SQLite WAL).
// Backups (BACKUP_DIR; see README "Backups"):
//   npm run admin -- backup                      takes a backup now (the server may keep running)
//   npm run admin -- list-backups                lists the backups, newest first
//   npm run admin -- restore <manifest> [--force] restores one into DATA_DIR (the server must be stopped)
import fs from 'node:fs';
import { listBackups, restoreBackup, RestoreRefused, takeBackup } from './backup/backup-service.ts';
import { AccountService } from './accounts/account-service.ts';
import { AuthService } from './auth/auth-service.ts';
import { UserRepository } from './auth/user-repository.ts';
import { loadConfig } from './config.ts';
import { openDatabase } from './db/database.ts';

const USAGE =
  'usage: npm run admin -- reset-password <username> | list-users | backup | list-backups | restore <manifest.json> [--force]';

const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

/** The backup commands: they never migrate DATA_DIR's database (a restore may target an empty folder). */
async function backupCommand(command: string, rest: string[], config: ReturnType<typeof loadConfig>): Promise<number> {
  if (command === 'backup') {
    if (rest.length) return usage();
    if (!fs.existsSync(config.dbPath)) {
      process.stderr.write(`没有数据库 no database at ${config.dbPath}\n`);
      return 1;
    }
    const b = await takeBackup(config.dbPath, {
      dataDir: config.dataDir,
      mediaDir: config.mediaDir,
      backupDir: config.backupDir,
      kind: 'manual',
      keep: { scheduled: config.backupKeep },
    });
    const m = b.manifest;
    process.stdout.write(
      `备份完成 backup done: ${b.manifestPath}\n` +
        `  数据库 database: schema ${m.schemaVersion}, ${Object.values(m.tables).reduce((s, n) => s + n, 0)} rows, ${mib(m.database.bytes)}\n` +
        `  媒体 media: ${Object.keys(m.media).length} files; 共 total ${mib(m.totalBytes)}, 新写入 written ${mib(b.copiedBytes)}\n` +
        `  用时 took ${(b.durationMs / 1000).toFixed(1)} s\n`,
    );
    return 0;
  }
  if (command === 'list-backups') {
    if (rest.length) return usage();
    const all = await listBackups(config.backupDir);
    if (!all.length) process.stdout.write(`还没有备份 no backups in ${config.backupDir}\n`);
    for (const b of all) {
      process.stdout.write(`${b.path}\t${b.manifest.createdAt}\t${b.manifest.kind}\tschema ${b.manifest.schemaVersion}\t${mib(b.manifest.totalBytes)}\n`);
    }
    return 0;
  }
  // restore
  const force = rest.includes('--force');
  const files = rest.filter((a) => a !== '--force');
  if (files.length !== 1 || files[0]!.startsWith('--')) return usage();
  try {
    const r = await restoreBackup(files[0]!, config.dataDir, { force });
    process.stdout.write(
      `已恢复 restored ${files[0]} into ${config.dataDir}\n` +
        `  ${r.manifest.createdAt}, schema ${r.manifest.schemaVersion}, ${r.mediaFiles} media files\n` +
        r.movedAside.map((p) => `  旧文件已改名保留 kept aside: ${p}\n`).join(''),
    );
    return 0;
  } catch (e) {
    if (!(e instanceof RestoreRefused)) throw e;
    process.stderr.write(`没有恢复 not restored: ${e.message}\n`);
    return 1;
  }
}

function usage(): number {
  process.stderr.write(`${USAGE}\n`);
  return 2;
}

async function main(args: string[]): Promise<number> {
  const [command, username] = args;
  const config = loadConfig();
  if (command === 'backup' || command === 'list-backups' || command === 'restore') {
    try {
      return await backupCommand(command, args.slice(1), config);
    } catch (e) {
      process.stderr.write(`失败 failed: ${(e as Error).message}\n`);
      return 1;
    }
  }
  const db = openDatabase(config.dbPath);
  try {
    const users = new UserRepository(db);
    if (command === 'list-users') {
      for (const u of users.list()) {
        process.stdout.write(`${u.username}\t${u.display_name}\t${u.role}\t${u.street_id ?? '(全区 district)'}${u.disabled ? '\t(停用 disabled)' : ''}\n`);
      }
      return 0;
    }
    if (command === 'reset-password' && username) {
      const user = users.byUsername(username);
      if (!user) {
        process.stderr.write(`没有这个用户 no such user: ${username}\n`);
        return 1;
      }
      const { oneTimePassword } = await new AccountService(db, new AuthService(db)).resetPassword(null, user.id);
      process.stdout.write(`${username} 的一次性密码 one-time password: ${oneTimePassword}\n（登录后须修改 must be changed at the next sign-in）\n`);
      return 0;
    }
    process.stderr.write(`${USAGE}\n`);
    return 2;
  } finally {
    db.close();
  }
}

process.exitCode = await main(process.argv.slice(2));
