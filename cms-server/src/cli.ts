// Command line for the person who runs the server, for when nobody can sign in to the admin any more:
//   npm run admin -- reset-password <username>   prints a new one-time password (ends the user's sessions)
//   npm run admin -- list-users                  lists the accounts
// It opens the same database as the server (DATA_DIR), which may keep running meanwhile (SQLite WAL).
import { AccountService } from './accounts/account-service.ts';
import { AuthService } from './auth/auth-service.ts';
import { UserRepository } from './auth/user-repository.ts';
import { loadConfig } from './config.ts';
import { openDatabase } from './db/database.ts';

const USAGE = 'usage: npm run admin -- reset-password <username> | list-users';

async function main(args: string[]): Promise<number> {
  const [command, username] = args;
  const config = loadConfig();
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
