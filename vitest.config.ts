import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    globalSetup: ['tests/global-setup.ts', 'tests/postgres-setup.ts'],
    // Each file runs in its own process; two at a time suits the 2-core machines (a browser test
    // already keeps chromium, the CMS and ffmpeg busy).
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 180_000,
    reporters: ['default'],
  },
});
