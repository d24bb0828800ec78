// Durable jobs: rows that say what work is owed, who is doing it (a lease with an expiry) and how it went.
// A worker takes a job by writing its lease inside an IMMEDIATE transaction (SQLite's write lock), so two
// workers sharing the database never take the same job. On PostgreSQL the same select would read
// `... FOR UPDATE SKIP LOCKED`.
import crypto from 'node:crypto';
import type { Db } from '../db/database.ts';
import type { JobHold } from '../domain/vocabulary.ts';

export type { JobHold };

export type JobKind = 'package';
export type JobState = 'queued' | 'running' | 'done' | 'failed';

export interface JobRow {
  id: string;
  kind: JobKind;
  asset_id: string;
  state: JobState;
  attempts: number;
  max_attempts: number;
  lease_owner: string | null;
  lease_expires_at: string | null;
  progress: number;
  last_error: string | null;
  last_error_code: string | null;
  last_error_detail: string | null;
  run_after: string;
  created_at: string;
  updated_at: string;
  started_at: string | null;
  finished_at: string | null;
  /** What the queued job waits for besides its turn (migration 015): 'disk' = free space; null = nothing. */
  held_for: JobHold | null;
}

/** Why an attempt failed: a stable code, words for people (Chinese), and the detail for operators. */
export interface JobFailure {
  code: string;
  message: string;
  detail?: string;
}

const iso = (ms: number) => new Date(ms).toISOString();

export class JobRepository {
  constructor(
    private readonly db: Db,
    private readonly now: () => number = Date.now,
  ) {}

  enqueue(kind: JobKind, assetId: string, maxAttempts: number): JobRow {
    const id = crypto.randomUUID();
    const t = iso(this.now());
    this.db
      .prepare(
        `INSERT INTO jobs (id, kind, asset_id, state, attempts, max_attempts, progress, run_after, created_at, updated_at)
         VALUES (?, ?, ?, 'queued', 0, ?, 0, ?, ?, ?)`,
      )
      .run(id, kind, assetId, maxAttempts, t, t, t);
    return this.get(id)!;
  }

  get(id: string): JobRow | undefined {
    return this.db.prepare('SELECT * FROM jobs WHERE id = ?').get(id) as JobRow | undefined;
  }

  /** The newest job of an asset. */
  latestForAsset(assetId: string): JobRow | undefined {
    return this.db
      .prepare('SELECT * FROM jobs WHERE asset_id = ? ORDER BY created_at DESC, rowid DESC LIMIT 1')
      .get(assetId) as JobRow | undefined;
  }

  /** Jobs whose worker vanished (lease ran out) after their last allowed attempt. */
  expiredExhausted(): JobRow[] {
    return this.db
      .prepare(
        `SELECT * FROM jobs WHERE state = 'running' AND lease_expires_at <= ? AND attempts >= max_attempts
         ORDER BY created_at`,
      )
      .all(iso(this.now())) as JobRow[];
  }

  /**
   * Takes the next due job for `owner`: a queued one whose back-off has passed, or a running one whose
   * lease ran out (its worker crashed). Counts an attempt. Call inside an IMMEDIATE transaction.
   */
  leaseNext(owner: string, leaseMs: number): JobRow | undefined {
    const now = this.now();
    const due = this.db
      .prepare(
        `SELECT id FROM jobs
         WHERE attempts < max_attempts
           AND ((state = 'queued' AND run_after <= @now) OR (state = 'running' AND lease_expires_at <= @now))
         ORDER BY created_at, rowid LIMIT 1`,
      )
      .pluck()
      .get({ now: iso(now) }) as string | undefined;
    if (!due) return undefined;
    this.db
      .prepare(
        `UPDATE jobs SET state = 'running', lease_owner = ?, lease_expires_at = ?, attempts = attempts + 1,
           progress = 0, started_at = ?, updated_at = ? WHERE id = ?`,
      )
      .run(owner, iso(now + leaseMs), iso(now), iso(now), due);
    return this.get(due);
  }

  /** Renews the lease and records progress; false when the lease is no longer ours (or the job is gone). */
  heartbeat(id: string, owner: string, leaseMs: number, progress: number): boolean {
    const now = this.now();
    return (
      this.db
        .prepare(
          `UPDATE jobs SET lease_expires_at = ?, progress = ?, updated_at = ?
           WHERE id = ? AND state = 'running' AND lease_owner = ?`,
        )
        .run(iso(now + leaseMs), progress, iso(now), id, owner).changes === 1
    );
  }

  complete(id: string, owner: string): boolean {
    const t = iso(this.now());
    return (
      this.db
        .prepare(
          `UPDATE jobs SET state = 'done', progress = 100, lease_owner = NULL, lease_expires_at = NULL, held_for = NULL,
             last_error = NULL, last_error_code = NULL, last_error_detail = NULL, finished_at = ?, updated_at = ?
           WHERE id = ? AND state = 'running' AND lease_owner = ?`,
        )
        .run(t, t, id, owner).changes === 1
    );
  }

  /** Back to the queue after a failed attempt, not before `delayMs` has passed. */
  retryLater(id: string, owner: string, failure: JobFailure, delayMs: number): boolean {
    const now = this.now();
    return (
      this.db
        .prepare(
          `UPDATE jobs SET state = 'queued', lease_owner = NULL, lease_expires_at = NULL, progress = 0, held_for = NULL,
             last_error = ?, last_error_code = ?, last_error_detail = ?, run_after = ?, updated_at = ?
           WHERE id = ? AND state = 'running' AND lease_owner = ?`,
        )
        .run(failure.message, failure.code, failure.detail ?? null, iso(now + delayMs), iso(now), id, owner).changes === 1
    );
  }

  /** Fails the job for good. `owner` null fails a job whose lease has run out (its worker is gone). */
  fail(id: string, owner: string | null, failure: JobFailure): boolean {
    const t = iso(this.now());
    const ownerClause = owner === null ? 'lease_expires_at <= @t' : 'lease_owner = @owner';
    return (
      this.db
        .prepare(
          `UPDATE jobs SET state = 'failed', lease_owner = NULL, lease_expires_at = NULL, held_for = NULL,
             last_error = @message, last_error_code = @code, last_error_detail = @detail, finished_at = @t, updated_at = @t
           WHERE id = @id AND state = 'running' AND ${ownerClause}`,
        )
        .run({ id, owner, t, message: failure.message, code: failure.code, detail: failure.detail ?? null }).changes === 1
    );
  }

  /**
   * Gives a job back without counting the attempt (the server is shutting down in good order), so that
   * the next start takes it at once instead of waiting for the lease to run out.
   */
  release(id: string, owner: string): boolean {
    const t = iso(this.now());
    return (
      this.db
        .prepare(
          `UPDATE jobs SET state = 'queued', lease_owner = NULL, lease_expires_at = NULL, progress = 0,
             attempts = MAX(attempts - 1, 0), run_after = ?, updated_at = ?
           WHERE id = ? AND state = 'running' AND lease_owner = ?`,
        )
        .run(t, t, id, owner).changes === 1
    );
  }

  /**
   * Holds the job: back to the queue, waiting for `reason` (e.g. free disk space), looked at again after `delayMs`.
   * Not a failure: the attempt is not counted and the last error is left as it was.
   */
  hold(id: string, owner: string, reason: JobHold, delayMs: number): boolean {
    const now = this.now();
    return (
      this.db
        .prepare(
          `UPDATE jobs SET state = 'queued', lease_owner = NULL, lease_expires_at = NULL, progress = 0, held_for = ?,
             attempts = MAX(attempts - 1, 0), run_after = ?, updated_at = ?
           WHERE id = ? AND state = 'running' AND lease_owner = ?`,
        )
        .run(reason, iso(now + delayMs), iso(now), id, owner).changes === 1
    );
  }

  /** What it waited for is there now: the held job (running again under `owner`'s lease) is no longer held. */
  unhold(id: string, owner: string): boolean {
    return (
      this.db
        .prepare(
          `UPDATE jobs SET held_for = NULL, updated_at = ?
           WHERE id = ? AND state = 'running' AND lease_owner = ? AND held_for IS NOT NULL`,
        )
        .run(iso(this.now()), id, owner).changes === 1
    );
  }

  /** Packaging jobs waiting for free disk space (the metrics and the admin's system page). */
  countHeldForDisk(): number {
    return this.db.prepare(`SELECT COUNT(*) FROM jobs WHERE held_for = 'disk' AND state IN ('queued', 'running')`).pluck().get() as number;
  }

  /** Assets with a job that some worker is working on right now (a lease that has not run out). */
  assetsUnderLiveLease(): Set<string> {
    const ids = this.db
      .prepare(`SELECT asset_id FROM jobs WHERE state = 'running' AND lease_expires_at > ?`)
      .pluck()
      .all(iso(this.now())) as string[];
    return new Set(ids);
  }

  /** Assets whose job is still owed (queued or running): their source file must be kept. */
  assetsWithOpenJobs(): Set<string> {
    const ids = this.db
      .prepare(`SELECT asset_id FROM jobs WHERE state IN ('queued', 'running')`)
      .pluck()
      .all() as string[];
    return new Set(ids);
  }

  /** How many jobs are in each state (the metrics' packaging gauge); a state without jobs is 0. */
  countByState(): Record<JobState, number> {
    const rows = this.db.prepare('SELECT state, COUNT(*) AS n FROM jobs GROUP BY state').all() as { state: JobState; n: number }[];
    const counts: Record<JobState, number> = { queued: 0, running: 0, done: 0, failed: 0 };
    for (const r of rows) if (r.state in counts) counts[r.state] = r.n;
    return counts;
  }
}
