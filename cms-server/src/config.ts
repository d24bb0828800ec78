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
});

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  dbPath: string;
  mediaDir: string;
  contentDir: string;
  tvAppDir: string;
  logLevel: z.infer<typeof envSchema>['LOG_LEVEL'];
  sampleVideoSeconds: number | undefined;
  makeSampleVideos: boolean;
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
    contentDir: path.resolve(cwd, e.CONTENT_DIR),
    tvAppDir: path.resolve(cwd, e.TV_APP_DIR),
    logLevel: e.LOG_LEVEL,
    sampleVideoSeconds: e.SAMPLE_VIDEO_SECONDS,
    makeSampleVideos: e.SAMPLE_VIDEOS === '1',
  };
}
