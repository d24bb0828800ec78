// Held, not failed (jobs/worker.ts, jobs/job-repository.ts, migration 015): a job that cannot run for want of disk
// space waits with held_for = 'disk', its attempt not counted, is looked at again after the recheck interval, and
// runs once its handler finds room — whether the want showed before it started or in the middle of its run.
// The real SQLite in memory and a handler that stands in for packaging; the clock is the test's.
import { describe, expect, it } from 'vitest';
import type { Db } from '../../../cms-server/src/db/database.ts';
import { openDatabase } from '../../../cms-server/src/db/database.ts';
import { JobRepository, type JobRow } from '../../../cms-server/src/jobs/job-repository.ts';
import { JobHeld, JobWorker, type JobHandler } from '../../../cms-server/src/jobs/worker.ts';
import { createLogger } from '../../../cms-server/src/logger.ts';
import { AssetRepository } from '../../../cms-server/src/media/asset-repository.ts';

const RECHECK_MS = 30_000;

function setUp(maxAttempts = 3) {
  const db: Db = openDatabase(':memory:');
  let t = Date.parse('2026-12-03T08:00:00Z');
  const now = () => t;
  const assets = new AssetRepository(db);
  assets.create('a1', 'lesson.mp4');
  const jobs = new JobRepository(db, now);
  const job = jobs.enqueue('package', 'a1', maxAttempts);
  const calls: string[] = [];
  const plan = { ready: [] as (JobHeld | undefined)[], run: [] as (Error | undefined)[] };
  const handler: JobHandler = {
    async ready() {
      return plan.ready.shift();
    },
    async run() {
      calls.push('run');
      const e = plan.run.shift();
      if (e) throw e;
    },
    started(j: JobRow) {
      calls.push(j.held_for ? `started(held ${j.held_for})` : 'started');
    },
    held(_j, reason) {
      calls.push(`held(${reason})`);
    },
    progressed() {},
    succeeded() {
      calls.push('succeeded');
    },
    retrying() {
      calls.push('retrying');
    },
    failed() {
      calls.push('failed');
    },
    async settled(_j, outcome) {
      calls.push(`settled(${outcome})`);
    },
    describe: (e) => ({ code: 'packaging_error', message: '出错了', detail: String(e) }),
  };
  const worker = new JobWorker({
    db,
    log: createLogger('silent'),
    handlers: { package: handler },
    leaseMs: 10_000,
    heartbeatMs: 60_000,
    holdRecheckMs: RECHECK_MS,
    now,
  });
  return { db, jobs, job, calls, plan, worker, advance: (ms: number) => (t += ms) };
}

describe('a job held for disk space', () => {
  it('when there is no room before it starts, then it waits (no attempt counted) and runs once there is', async () => {
    const { jobs, job, calls, plan, worker, advance } = setUp();
    plan.ready.push(new JobHeld('disk', 'needs 2 GB, 1 GB free'), new JobHeld('disk'));

    expect(await worker.tick()).toBe(true);
    let row = jobs.get(job.id)!;
    expect(row).toMatchObject({ state: 'queued', held_for: 'disk', attempts: 0, last_error: null, lease_owner: null });
    expect(jobs.countHeldForDisk()).toBe(1);
    expect(calls).toEqual(['started', 'held(disk)']);

    // Not looked at again before the recheck interval; then, still no room, still held, still no attempt.
    advance(RECHECK_MS - 1000);
    expect(await worker.tick()).toBe(false);
    advance(1000);
    expect(await worker.tick()).toBe(true);
    row = jobs.get(job.id)!;
    expect(row).toMatchObject({ state: 'queued', held_for: 'disk', attempts: 0 });
    // Looked at again while held, the handler is told it was held (packaging leaves the video as the hold left it).
    expect(calls.slice(2)).toEqual(['started(held disk)', 'held(disk)']);

    // Room at last: no longer held, started for real, run, done — one attempt in all.
    advance(RECHECK_MS);
    expect(await worker.tick()).toBe(true);
    row = jobs.get(job.id)!;
    expect(row).toMatchObject({ state: 'done', held_for: null, attempts: 1 });
    expect(jobs.countHeldForDisk()).toBe(0);
    expect(calls.slice(4)).toEqual(['started(held disk)', 'started', 'run', 'succeeded', 'settled(done)']);
  });

  it('when the disk fills up during its last allowed attempt, then it is held, not failed, and completes later', async () => {
    const { jobs, job, calls, plan, worker, advance } = setUp(1);
    plan.run.push(new JobHeld('disk', 'ran out of space while packaging'));

    await worker.tick();
    expect(jobs.get(job.id)).toMatchObject({ state: 'queued', held_for: 'disk', attempts: 0, last_error: null });
    expect(calls).toEqual(['started', 'run', 'held(disk)']);

    advance(RECHECK_MS);
    await worker.tick();
    expect(jobs.get(job.id)).toMatchObject({ state: 'done', held_for: null, attempts: 1 });
    expect(calls).not.toContain('failed');
    expect(calls).not.toContain('retrying');
  });

  it('when a held job meets an ordinary failure once it runs, then it is retried as usual and no longer counted as held', async () => {
    const { jobs, job, plan, worker, advance } = setUp();
    plan.ready.push(new JobHeld('disk'));
    await worker.tick();
    advance(RECHECK_MS);
    plan.run.push(new Error('ffmpeg crashed'));
    await worker.tick();
    expect(jobs.get(job.id)).toMatchObject({ state: 'queued', held_for: null, attempts: 1, last_error_code: 'packaging_error' });
    expect(jobs.countHeldForDisk()).toBe(0);
  });

  it('when something other than "disk" is written as what a job waits for, then the database refuses it', () => {
    const { db, job } = setUp();
    expect(() => db.prepare("UPDATE jobs SET held_for = 'cpu' WHERE id = ?").run(job.id)).toThrow(/CHECK constraint failed/);
  });
});
