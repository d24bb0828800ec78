// Configuration comes from the environment only (twelve-factor); defaults suit one machine.
import { isIP } from 'node:net';
import path from 'node:path';
import { z } from 'zod';

/** Express's names for address ranges (proxy-addr). */
const TRUST_PROXY_NAMES = ['loopback', 'linklocal', 'uniquelocal'];

/** One entry of TRUST_PROXY's list: a name, an address, or address/prefix within the address's bits. */
function isProxyAddress(entry: string): boolean {
  if (TRUST_PROXY_NAMES.includes(entry)) return true;
  const [address = '', prefix, ...rest] = entry.split('/');
  const version = isIP(address);
  if (!version || rest.length) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (version === 4 ? 32 : 128);
}

/**
 * Which reverse proxies may report the client's address (X-Forwarded-For) and scheme: false (none, the
 * default: the connection's address counts), a hop count, or names/addresses/CIDR ranges as Express's
 * `trust proxy` accepts them. `true` (trust everyone) is refused: any client could then pick its own address.
 */
export type TrustProxy = false | number | string[];

const trustProxySchema = z
  .string()
  .optional()
  .transform((v, ctx): TrustProxy => {
    const s = (v ?? '').trim();
    if (['', 'false', '0', 'off', 'none'].includes(s)) return false;
    if (/^\d{1,2}$/.test(s)) return Number(s);
    const list = s.split(',').map((e) => e.trim());
    const bad = list.find((e) => !isProxyAddress(e));
    if (bad === undefined) return list;
    ctx.addIssue({
      code: 'custom',
      message:
        s === 'true'
          ? '"true" would trust every sender\'s X-Forwarded-For; give the proxy\'s address (e.g. loopback) or a hop count'
          : `"${bad}" is neither a hop count, loopback/linklocal/uniquelocal, an IP address nor a CIDR range (e.g. 10.0.0.0/8)`,
    });
    return z.NEVER;
  });

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATA_DIR: z.string().min(1).default('./data'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Where the seed content lives (sections, items, sample-video recipes). */
  CONTENT_DIR: z.string().min(1).default('./content'),
  /** The built TV app. */
  TV_APP_DIR: z.string().min(1).default('./tv-app/dist'),
  /** Length of each generated sample video, overriding the recipe (tests use short ones). */
  SAMPLE_VIDEO_SECONDS: z.coerce.number().int().min(2).max(120).optional(),
  /** "0" skips making sample videos at boot (they are made once and then kept in DATA_DIR). */
  SAMPLE_VIDEOS: z.enum(['0', '1']).default('1'),
  /** "0" skips rendering the phrases boxes say most at start (speech for boxes without a voice); tests set it. */
  SPEECH_PREWARM: z.enum(['0', '1']).default('1'),
  /** Seconds between two scheduler ticks (constants.ts SCHEDULER_TICK_S); a divisor of 60. Tests shorten it. */
  SCHEDULER_TICK_SECONDS: z.coerce
    .number()
    .int()
    .min(1)
    .max(60)
    .refine((s) => 60 % s === 0, 'must divide 60 (1, 2, 3, 4, 5, 6, 10, 12, 15, 20, 30 or 60)')
    .optional(),
  /** Seconds a packaging job's lease lasts (constants.ts JOB_LEASE_S); tests shorten it to restart sooner. */
  JOB_LEASE_SECONDS: z.coerce.number().int().min(2).max(3600).optional(),
  /**
   * Test only: feed ffmpeg its input at this multiple of real time (ffmpeg -readrate), so that a test can
   * kill the server while a short video is still being packaged. Never set it in production.
   */
  TEST_PACKAGE_READRATE: z.coerce.number().positive().max(100).optional(),
  /** The reverse proxies trusted to report the client's address (see TrustProxy); unset = none. */
  TRUST_PROXY: trustProxySchema,
  /**
   * "1" lets a broadcast relay an upstream on a loopback or private address (tests, a meeting room's encoder on the
   * office network); by default only public http(s) addresses are accepted.
   */
  RELAY_ALLOW_PRIVATE: z.enum(['0', '1']).default('0'),
  /** The built web admin. */
  ADMIN_WEB_DIR: z.string().min(1).default('./cms-server/admin-web/dist'),
  /**
   * The first admin's password, used only when the database has no account yet. Unset: a random one-time
   * password is printed at the first start and must be changed at the first login.
   */
  KETING_ADMIN_PASSWORD: z
    .string()
    .max(128)
    .optional()
    .transform((v) => v || undefined)
    .refine((v) => v === undefined || v.length >= 8, 'at least 8 characters'),
  /** Free space (MiB) kept on DATA_DIR's disk beyond what an upload or a packaging job needs. */
  DISK_RESERVE_MB: z.coerce.number().int().min(0).max(1_048_576).default(512),
  /** Seconds between two looks at the free space while packaging waits for the disk (DISK_RECHECK_S); tests shorten it. */
  DISK_RECHECK_SECONDS: z.coerce.number().int().min(1).max(3600).optional(),
  /**
   * Who may read /metrics: names/addresses/CIDR ranges as TRUST_PROXY takes them (default: loopback only);
   * "off" answers 404 to everyone.
   */
  METRICS_ALLOW: z.string().default('loopback'),
  /** Where backups are written (a folder, ideally on another disk); relative to the working directory. */
  BACKUP_DIR: z.string().min(1).default('./backups'),
  /** When the scheduled backup runs (cron, Asia/Shanghai), or "off". */
  BACKUP_CRON: z.string().min(1).default('30 3 * * *'),
  /** How many scheduled backups are kept (the newest); manual and pre-upgrade ones have their own rule. */
  BACKUP_KEEP: z.coerce.number().int().min(1).max(3650).default(14),
});

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  dbPath: string;
  mediaDir: string;
  /** Partial and finished tus uploads (the tus file store), before validation. */
  uploadsDir: string;
  /** Validated source videos waiting for (or being) packaged; removed when their job ends. */
  sourcesDir: string;
  jobLeaseSeconds: number | undefined;
  testPackageReadrate: number | undefined;
  contentDir: string;
  tvAppDir: string;
  adminWebDir: string;
  initialAdminPassword: string | undefined;
  logLevel: z.infer<typeof envSchema>['LOG_LEVEL'];
  sampleVideoSeconds: number | undefined;
  makeSampleVideos: boolean;
  /** Where the spoken phrases are kept (DATA_DIR/speech), and whether the common ones are made at start. */
  speechDir: string;
  speechPrewarm: boolean;
  /** Seconds between scheduler ticks; undefined = SCHEDULER_TICK_S. */
  schedulerTickSeconds: number | undefined;
  /** Express's `trust proxy`: which proxies' X-Forwarded-For counts (rate-limit keys, audit addresses). */
  trustProxy: TrustProxy;
  /** Whether a relay URL may point at a loopback or private address (RELAY_ALLOW_PRIVATE). */
  relayAllowPrivate: boolean;
  /** Bytes kept free on DATA_DIR's disk beyond what a job needs (DISK_RESERVE_MB). */
  diskReserveBytes: number;
  /** Seconds between looks at the free space for held packaging jobs; undefined = DISK_RECHECK_S. */
  diskRecheckSeconds: number | undefined;
  /** Addresses allowed to read /metrics; empty = nobody (METRICS_ALLOW=off). */
  metricsAllow: string[];
  backupDir: string;
  /** The backup schedule (cron), or undefined when BACKUP_CRON=off. */
  backupCron: string | undefined;
  backupKeep: number;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const dataDir = path.resolve(cwd, e.DATA_DIR);
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir,
    dbPath: path.join(dataDir, 'keting.sqlite'),
    mediaDir: path.join(dataDir, 'media'),
    uploadsDir: path.join(dataDir, 'uploads'),
    sourcesDir: path.join(dataDir, 'sources'),
    jobLeaseSeconds: e.JOB_LEASE_SECONDS,
    testPackageReadrate: e.TEST_PACKAGE_READRATE,
    contentDir: path.resolve(cwd, e.CONTENT_DIR),
    tvAppDir: path.resolve(cwd, e.TV_APP_DIR),
    adminWebDir: path.resolve(cwd, e.ADMIN_WEB_DIR),
    initialAdminPassword: e.KETING_ADMIN_PASSWORD,
    logLevel: e.LOG_LEVEL,
    sampleVideoSeconds: e.SAMPLE_VIDEO_SECONDS,
    makeSampleVideos: e.SAMPLE_VIDEOS === '1',
    speechDir: path.join(dataDir, 'speech'),
    speechPrewarm: e.SPEECH_PREWARM === '1',
    schedulerTickSeconds: e.SCHEDULER_TICK_SECONDS,
    trustProxy: e.TRUST_PROXY,
    relayAllowPrivate: e.RELAY_ALLOW_PRIVATE === '1',
    diskReserveBytes: e.DISK_RESERVE_MB * 1024 * 1024,
    diskRecheckSeconds: e.DISK_RECHECK_SECONDS,
    metricsAllow: ['off', 'none', ''].includes(e.METRICS_ALLOW.trim()) ? [] : e.METRICS_ALLOW.split(',').map((a) => a.trim()),
    backupDir: path.resolve(cwd, e.BACKUP_DIR),
    backupCron: e.BACKUP_CRON.trim() === 'off' ? undefined : e.BACKUP_CRON.trim(),
    backupKeep: e.BACKUP_KEEP,
  };
}
