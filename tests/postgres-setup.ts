// Once per vitest run: one throw-away PostgreSQL (scripts/throwaway-postgres.ts) for every suite that runs its
// storage on both databases; each test file takes databases of its own on it (tests/helpers/stores.ts). Without
// PostgreSQL installed, those suites fail with the reason (scripts/install-system-deps.sh installs it).
import type { TestProject } from 'vitest/node';
import { postgresMissing, startPostgres } from '../scripts/throwaway-postgres.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The throw-away cluster's maintenance database URL, or `missing:<why>`. */
    postgresUrl: string;
  }
}

export default async function setup(project: TestProject) {
  const missing = postgresMissing();
  if (missing) {
    project.provide('postgresUrl', `missing:${missing}`);
    return;
  }
  const pg = await startPostgres();
  project.provide('postgresUrl', pg.url());
  return () => pg.stop();
}
