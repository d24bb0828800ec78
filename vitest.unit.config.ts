// The fast tier (`npm run test:unit`): tests that need no server, no browser, no ffmpeg and no build — pure
// logic and the real SQLite in memory. Seconds, not minutes; `npm test` runs these and everything else.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      'tests/architecture.test.ts',
      'tests/cms-server/config.test.ts',
      'tests/cms-server/db/**/*.test.ts',
      'tests/cms-server/backup/backup-service.test.ts',
      'tests/cms-server/domain/**/*.test.ts',
      'tests/cms-server/storage/disk-space.test.ts',
      'tests/cms-server/jobs/held-for-disk.test.ts',
      'tests/cms-server/limits/**/*.test.ts',
      'tests/cms-server/events/outbox-listen.test.ts',
      'tests/cms-server/events/outbox-cursor.test.ts',
      'tests/cms-server/events/event-hub.test.ts',
      'tests/cms-server/uploads/upload-lock.test.ts',
      'tests/cms-server/metrics/server-metrics.test.ts',
      'tests/cms-server/publishing/publishing-service.test.ts',
      'tests/cms-server/scheduler/scheduler.test.ts',
      'tests/cms-server/seed/load-content.test.ts',
      'tests/cms-server/tv-api/*-service.test.ts',
      'tests/cms-server/boxes/*-service.test.ts',
      'tests/cms-server/study/*-service.test.ts',
      'tests/cms-server/admin-web/format.test.ts',
      'tests/cms-server/broadcasts/live-playlist.test.ts',
      'tests/cms-server/broadcasts/recurrence.test.ts',
      'tests/cms-server/broadcasts/relay-playlist.test.ts',
      'tests/tv-app/keymap.test.ts',
      'tests/tv-app/theme/**/*.test.ts',
      'tests/tv-app/data/**/*.test.ts',
      'tests/tv-app/player/**/*.test.ts',
      'tests/tv-app/voice/**/*.test.ts',
    ],
    globalSetup: ['tests/postgres-setup.ts'],
    pool: 'forks',
    maxWorkers: 2,
  },
});
