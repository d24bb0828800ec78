// Durable jobs: rows that say what work is owed, who is doing it (a lease with an expiry) and how it went.
// A worker takes a job by writing its lease inside an IMMEDIATE transaction (SQLite's write lock), so two
// workers sharing the database never take the same job; every later step is one conditional UPDATE that applies
// only while the lease is the worker's. On PostgreSQL the same select would read `... FOR UPDATE SKIP LOCKED`.
// Queries built with Kysely (db/kysely.ts), run on SQLite at once.
import crypto from 'node:crypto';
import type { ExpressionBuilder } from 'kysely';
import type { Db } from '../db/database.ts';
import { all, first, kyselyOf, run, type Kdb } from '../db/kysely.ts';
import type { DB } from '../db/schema.ts';
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
  private readonly k: Kdb;

  constructor(
    private readonly db: Db,
    private readonly now: () => number = Date.now,
  ) {
    this.k = kyselyOf(db);
  }

  private select() {
    return this.k.selectFrom('jobs').selectAll().$castTo<JobRow>();
  }

  /** A change of the running job `id` that applies only while `owner` holds its lease (a conditional UPDATE). */
  private underLease(id: string, owner: string) {
    return this.k.updateTable('jobs').where('id', '=', id).where('state', '=', 'running').where('lease_owner', '=', owner);
  }

  enqueue(kind: JobKind, assetId: string, maxAttempts: number): JobRow {
    const id = crypto.randomUUID();
    const t = iso(this.now());
    run(
      this.db,
      this.k.insertInto('jobs').values({
        id,
        kind,
        asset_id: assetId,
        state: 'queued',
        attempts: 0,
        max_attempts: maxAttempts,
        progress: 0,
        run_after: t,
        created_at: t,
        updated_at: t,
      }),
    );
    return this.get(id)!;
  }

  get(id: string): JobRow | undefined {
    return first(this.db, this.select().where('id', '=', id));
  }

  /** The newest job of an asset (jobs made in the same millisecond: the greatest id). */
  latestForAsset(assetId: string): JobRow | undefined {
    return first(this.db, this.select().where('asset_id', '=', assetId).orderBy('created_at', 'desc').orderBy('id', 'desc').limit(1));
  }

  /** Jobs whose worker vanished (lease ran out) after their last allowed attempt. */
  expiredExhausted(): JobRow[] {
    return all(
      this.db,
      this.select()
        .where('state', '=', 'running')
        .where('lease_expires_at', '<=', iso(this.now()))
        .whereRef('attempts', '>=', 'max_attempts')
        .orderBy('created_at'),
    );
  }

  /**
   * Takes the next due job for `owner`: a queued one whose back-off has passed, or a running one whose
   * lease ran out (its worker crashed). Counts an attempt. Call inside an IMMEDIATE transaction. (Jobs made in
   * the same millisecond are taken in the order of their ids.) The UPDATE re-checks that the job is still due,
   * so that without the transaction's lock a second taker finds nothing rather than the first one's job.
   */
  leaseNext(owner: string, leaseMs: number): JobRow | undefined {
    const now = this.now();
    const t = iso(now);
    const isDue = (eb: ExpressionBuilder<DB, 'jobs'>) =>
      eb.and([
        eb('attempts', '<', eb.ref('max_attempts')),
        eb.or([
          eb.and([eb('state', '=', 'queued'), eb('run_after', '<=', t)]),
          eb.and([eb('state', '=', 'running'), eb('lease_expires_at', '<=', t)]),
        ]),
      ]);
    const due = first(this.db, this.k.selectFrom('jobs').select('id').where(isDue).orderBy('created_at').orderBy('id').limit(1))?.id;
    if (!due) return undefined;
    const taken = run(
      this.db,
      this.k
        .updateTable('jobs')
        .set((eb) => ({
          state: 'running',
          lease_owner: owner,
          lease_expires_at: iso(now + leaseMs),
          attempts: eb('attempts', '+', eb.lit(1)),
          progress: 0,
          started_at: t,
          updated_at: t,
        }))
        .where('id', '=', due)
        .where(isDue),
    );
    return taken === 1 ? this.get(due) : undefined;
  }

  /** Renews the lease and records progress; false when the lease is no longer ours (or the job is gone). */
  heartbeat(id: string, owner: string, leaseMs: number, progress: number): boolean {
    const now = this.now();
    return run(this.db, this.underLease(id, owner).set({ lease_expires_at: iso(now + leaseMs), progress, updated_at: iso(now) })) === 1;
  }

  complete(id: string, owner: string): boolean {
    const t = iso(this.now());
    return (
      run(
        this.db,
        this.underLease(id, owner).set({
          state: 'done',
          progress: 100,
          lease_owner: null,
          lease_expires_at: null,
          held_for: null,
          last_error: null,
          last_error_code: null,
          last_error_detail: null,
          finished_at: t,
          updated_at: t,
        }),
      ) === 1
    );
  }

  /** Back to the queue after a failed attempt, not before `delayMs` has passed. */
  retryLater(id: string, owner: string, failure: JobFailure, delayMs: number): boolean {
    const now = this.now();
    return (
      run(
        this.db,
        this.underLease(id, owner).set({
          state: 'queued',
          lease_owner: null,
          lease_expires_at: null,
          progress: 0,
          held_for: null,
          last_error: failure.message,
          last_error_code: failure.code,
          last_error_detail: failure.detail ?? null,
          run_after: iso(now + delayMs),
          updated_at: iso(now),
        }),
      ) === 1
    );
  }

  /** Fails the job for good. `owner` null fails a job whose lease has run out (its worker is gone). */
  fail(id: string, owner: string | null, failure: JobFailure): boolean {
    const t = iso(this.now());
    return (
      run(
        this.db,
        this.k
          .updateTable('jobs')
          .set({
            state: 'failed',
            lease_owner: null,
            lease_expires_at: null,
            held_for: null,
            last_error: failure.message,
            last_error_code: failure.code,
            last_error_detail: failure.detail ?? null,
            finished_at: t,
            updated_at: t,
          })
          .where('id', '=', id)
          .where('state', '=', 'running')
          .$if(owner === null, (q) => q.where('lease_expires_at', '<=', t))
          .$if(owner !== null, (q) => q.where('lease_owner', '=', owner)),
      ) === 1
    );
  }

  /**
   * Gives a job back without counting the attempt (the server is shutting down in good order), so that
   * the next start takes it at once instead of waiting for the lease to run out.
   */
  release(id: string, owner: string): boolean {
    const t = iso(this.now());
    return this.requeue(id, owner, t, t, {});
  }

  /**
   * Holds the job: back to the queue, waiting for `reason` (e.g. free disk space), looked at again after `delayMs`.
   * Not a failure: the attempt is not counted and the last error is left as it was.
   */
  hold(id: string, owner: string, reason: JobHold, delayMs: number): boolean {
    const now = this.now();
    return this.requeue(id, owner, iso(now + delayMs), iso(now), { held_for: reason });
  }

  /** Back to the queue from under `owner`'s lease, to run after `runAfter`, the attempt not counted. */
  private requeue(id: string, owner: string, runAfter: string, at: string, also: { held_for?: JobHold }): boolean {
    return (
      run(
        this.db,
        this.underLease(id, owner).set((eb) => ({
          state: 'queued',
          lease_owner: null,
          lease_expires_at: null,
          progress: 0,
          ...also,
          attempts: attemptUncounted(eb),
          run_after: runAfter,
          updated_at: at,
        })),
      ) === 1
    );
  }

  /** What it waited for is there now: the held job (running again under `owner`'s lease) is no longer held. */
  unhold(id: string, owner: string): boolean {
    return run(this.db, this.underLease(id, owner).set({ held_for: null, updated_at: iso(this.now()) }).where('held_for', 'is not', null)) === 1;
  }

  /** Packaging jobs waiting for free disk space (the metrics and the admin's system page). */
  countHeldForDisk(): number {
    return first(
      this.db,
      this.k
        .selectFrom('jobs')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('held_for', '=', 'disk')
        .where('state', 'in', ['queued', 'running']),
    )!.n;
  }

  /** Assets with a job that some worker is working on right now (a lease that has not run out). */
  assetsUnderLiveLease(): Set<string> {
    const rows = all(
      this.db,
      this.k.selectFrom('jobs').select('asset_id').where('state', '=', 'running').where('lease_expires_at', '>', iso(this.now())),
    );
    return new Set(rows.map((r) => r.asset_id));
  }

  /** Assets whose job is still owed (queued or running): their source file must be kept. */
  assetsWithOpenJobs(): Set<string> {
    const rows = all(this.db, this.k.selectFrom('jobs').select('asset_id').where('state', 'in', ['queued', 'running']));
    return new Set(rows.map((r) => r.asset_id));
  }

  /** How many jobs are in each state (the metrics' packaging gauge); a state without jobs is 0. */
  countByState(): Record<JobState, number> {
    const rows = all(
      this.db,
      this.k
        .selectFrom('jobs')
        .select((eb) => ['state', eb.fn.countAll<number>().as('n')])
        .groupBy('state')
        .$castTo<{ state: JobState; n: number }>(),
    );
    const counts: Record<JobState, number> = { queued: 0, running: 0, done: 0, failed: 0 };
    for (const r of rows) if (r.state in counts) counts[r.state] = r.n;
    return counts;
  }
}

/** One attempt fewer, never below 0 (a CASE: SQLite's two-argument MAX is PostgreSQL's GREATEST). */
function attemptUncounted(eb: ExpressionBuilder<DB, 'jobs'>) {
  return eb.case().when('attempts', '>', eb.lit(0)).then(eb('attempts', '-', eb.lit(1))).else(eb.lit(0)).end();
}
