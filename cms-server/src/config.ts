// Configuration comes from the environment only (twelve-factor); defaults suit one machine.
import path from 'node:path';
import { z } from 'zod';

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
  /** Seconds between scheduler ticks; undefined = SCHEDULER_TICK_S. */
  schedulerTickSeconds: number | undefined;
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
    schedulerTickSeconds: e.SCHEDULER_TICK_SECONDS,
  };
}
