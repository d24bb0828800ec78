// `node --import tsx cms-server/src/main.ts` — the CMS process (npm start runs it after set-up).
import { loadConfig } from './config.ts';
import { createLogger } from './logger.ts';
import { startServer } from './server.ts';

const config = loadConfig();
const log = createLogger(config.logLevel);

try {
  const server = await startServer(config, log);
  const shownHost = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
  const base = server.url.replace(config.host, shownHost);
  // Plain lines, so a person (and the tests) can read where everything is.
  process.stdout.write(
    [
      '',
      `Keting 客厅 is running (data in ${config.dataDir})`,
      `  TV app 电视端:   ${base}/tv/`,
      `  Admin 管理后台:  ${base}/admin/`,
      `  TV API:          ${base}/api/tv/v1/catalog`,
      `  Health:          ${base}/healthz`,
      `KETING_READY ${base}`,
      '',
    ].join('\n'),
  );
  if (server.firstAdmin?.oneTimePassword) {
    // Shown once, here only: the database keeps just its hash, and the first login must replace it.
    process.stdout.write(
      [
        '首次启动：已创建管理员账号 First start: an admin account was created',
        `  用户名 username: ${server.firstAdmin.username}`,
        `  一次性密码 one-time password: ${server.firstAdmin.oneTimePassword}`,
        '  请在管理后台登录并立即修改密码。Sign in to the admin and change it.',
        '',
      ].join('\n'),
    );
  }
  const stop = (signal: string) => {
    log.info(`${signal}: shutting down`);
    void server.close().then(() => process.exit(0));
    setTimeout(() => process.exit(1), 5000).unref();
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
} catch (e) {
  log.fatal({ err: e }, 'Keting could not start');
  process.stderr.write(`\nKeting could not start: ${(e as Error).message}\n`);
  process.exit(1);
}
