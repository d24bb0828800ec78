// The job worker: a loop in the CMS process that leases due jobs from the database and runs them, one at a
// time (JOB_CONCURRENCY). The heavy lifting happens in child processes (ffmpeg), so the event loop that
// answers the API and the TVs is never blocked; the worker only waits on them and writes progress.
//
// Durability: the job row is the truth. While a job runs the
// worker renews its lease every JOB_HEARTBEAT_MS; after a kill -9 the lease runs out and the next worker
// (this process after its restart, or another node) takes the job again and restarts it from the top.
// Attempts are capped; a job that keeps dying fails with a reason in words.
//
// Held, not failed: a job that cannot run for want of something that will come back by itself — room on the
// disk — is held (`JobHeld`, from the handler's `ready` check before it starts or thrown mid-run): queued again
// with jobs.held_for saying what it waits for, its attempt not counted, looked at again every `holdRecheckMs`
// (DISK_RECHECK_S) until the handler finds it can run.
import crypto from 'node:crypto';
import os from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { DISK_RECHECK_S, JOB_HEARTBEAT_MS, JOB_POLL_MS, JOB_RETRY_DELAY_S } from '../constants.ts';
import { inTransaction, type Db } from '../db/database.ts';
import type { Logger } from '../logger.ts';
import { JobRepository, type JobFailure, type JobHold, type JobKind, type JobRow } from './job-repository.ts';

/** A failure of one attempt. `permanent` skips the remaining attempts (retrying cannot help). */
export class JobError extends Error {
  constructor(
    readonly code: string,
    /** Words for people, in Chinese. */
    readonly userMessage: string,
    readonly detail = '',
    readonly permanent = false,
  ) {
    super(`${code}: ${detail || userMessage}`);
  }
}

/** The job cannot run now and is not at fault: it waits for `reason` (e.g. free disk space), no attempt counted. */
export class JobHeld extends Error {
  constructor(
    readonly reason: JobHold,
    /** For operators: what was missing (e.g. bytes needed and free). */
    readonly detail = '',
  ) {
    super(`held for ${reason}${detail ? `: ${detail}` : ''}`);
  }
}

export interface JobContext {
  signal: AbortSignal;
  /** Percent done, 0–100; written to the database with the next heartbeat. */
  progress(percent: number): void;
}

/**
 * What one kind of job does. `run` does the work; the other hooks are synchronous database writes made in
 * the same transaction as the job's own state change, and `settled` tidies files once the job has ended.
 */
export interface JobHandler {
  /**
   * Asked before `run`: whether the job can run now, or what it must wait for (a `JobHeld`). A job `run` throws
   * a JobHeld from is held the same way.
   */
  ready?(job: JobRow): Promise<JobHeld | undefined>;
  run(job: JobRow, ctx: JobContext): Promise<void>;
  /** The job was leased; `job.held_for` says it was held until now (and may be held again by `ready`). */
  started(job: JobRow): void;
  /** The job waits (`held_for`) again; written in the hold's transaction. */
  held?(job: JobRow, reason: JobHold): void;
  progressed(job: JobRow, percent: number): void;
  succeeded(job: JobRow): void;
  retrying(job: JobRow, failure: JobFailure): void;
  failed(job: JobRow, failure: JobFailure): void;
  /** After the job ended (done, failed) or was taken from us (deleted, lease lost). */
  settled(job: JobRow, outcome: 'done' | 'failed' | 'lost'): Promise<void>;
  /** Words for a failure that is not a JobError (a crash of our own code, a full disk, …). */
  describe(error: unknown): JobFailure;
}

export interface WorkerOptions {
  db: Db;
  log: Logger;
  handlers: Record<JobKind, JobHandler>;
  leaseMs: number;
  pollMs?: number;
  heartbeatMs?: number;
  retryDelayMs?: number;
  /** How long a held job waits before it is looked at again (DISK_RECHECK_S). */
  holdRecheckMs?: number;
  now?: () => number;
}

/** The words stored when a job's worker died on its last allowed attempt. */
export const INTERRUPTED_TOO_OFTEN: JobFailure = {
  code: 'packaging_interrupted',
  message: '处理多次被中断（服务器重启或出错），已停止重试。请重新上传，或联系管理员查看服务器。',
  detail: 'the lease ran out on the last allowed attempt',
};

class LeaseLost extends Error {}
class ShuttingDown extends Error {}

export class JobWorker {
  readonly owner = `${os.hostname()}:${process.pid}:${crypto.randomBytes(4).toString('hex')}`;
  private readonly jobs: JobRepository;
  private running: Promise<void> | undefined;
  private current: AbortController | undefined;
  private stopping = false;
  private wakeUp: AbortController | undefined;
  private readonly endedListeners: ((e: { kind: JobKind; outcome: string; seconds: number }) => void)[] = [];

  constructor(private readonly o: WorkerOptions) {
    this.jobs = new JobRepository(o.db, o.now);
  }

  start(): void {
    if (this.running) return;
    this.stopping = false;
    this.running = this.loop();
  }

  /** Told of every job this worker ran, when it has ended: its outcome and how long it ran (the metrics). */
  onJobEnded(listener: (e: { kind: JobKind; outcome: string; seconds: number }) => void): void {
    this.endedListeners.push(listener);
  }

  /** Look for work now rather than at the next poll (e.g. right after an upload queued a job). */
  wake(): void {
    this.wakeUp?.abort();
  }

  /** Stops taking jobs; a running job is cancelled and given back to the queue (not counted as an attempt). */
  async stop(): Promise<void> {
    this.stopping = true;
    this.current?.abort(new ShuttingDown());
    this.wake();
    await this.running;
    this.running = undefined;
  }

  private async loop(): Promise<void> {
    while (!this.stopping) {
      let worked = false;
      try {
        worked = await this.tick();
      } catch (e) {
        this.o.log.error({ err: e }, 'job worker: tick failed');
      }
      if (worked || this.stopping) continue;
      this.wakeUp = new AbortController();
      await sleep(this.o.pollMs ?? JOB_POLL_MS, undefined, { signal: this.wakeUp.signal, ref: false }).catch(() => {});
    }
  }

  /** Fails jobs that died too often, then takes and runs one due job. True when a job was run. */
  async tick(): Promise<boolean> {
    const { db, handlers } = this.o;
    const exhausted: JobRow[] = [];
    const job = inTransaction(db, () => {
      for (const j of this.jobs.expiredExhausted()) {
        if (this.jobs.fail(j.id, null, INTERRUPTED_TOO_OFTEN)) {
          handlers[j.kind].failed(j, INTERRUPTED_TOO_OFTEN);
          exhausted.push(j);
        }
      }
      const leased = this.jobs.leaseNext(this.owner, this.o.leaseMs);
      if (leased) handlers[leased.kind].started(leased);
      return leased;
    });
    for (const j of exhausted) {
      this.o.log.warn({ job: j.id, asset: j.asset_id }, 'job failed: interrupted on its last attempt');
      await handlers[j.kind].settled(j, 'failed');
    }
    if (!job) return exhausted.length > 0;
    await this.runJob(job);
    return true;
  }

  private async runJob(job: JobRow): Promise<void> {
    const { db, log } = this.o;
    const handler = this.o.handlers[job.kind];
    const started = Date.now();
    // A held job looked at again is told only when it starts for real (or is held afresh), not at every look.
    if (!job.held_for) log.info({ job: job.id, asset: job.asset_id, attempt: job.attempts }, `job ${job.kind} started`);
    let stillHeld = false;
    let heldFor = job.held_for;
    const ac = new AbortController();
    this.current = ac;
    let percent = 0;
    let reported = -1;
    const beat = () => {
      const p = percent;
      let ours: boolean;
      try {
        ours = inTransaction(db, () => {
          const ok = this.jobs.heartbeat(job.id, this.owner, this.o.leaseMs, p);
          if (ok && p !== reported) handler.progressed(job, p);
          return ok;
        });
      } catch (e) {
        // The database could not be written (a full disk: SQLITE_FULL): the next beat tries again; a timer
        // that threw would end the process.
        log.warn({ job: job.id, err: e }, 'job heartbeat could not be written');
        return;
      }
      reported = p;
      if (!ours) ac.abort(new LeaseLost());
    };
    const timer = setInterval(beat, this.o.heartbeatMs ?? JOB_HEARTBEAT_MS);
    let outcome: 'done' | 'failed' | 'lost' | 'released' = 'lost';
    try {
      const wait = await handler.ready?.(job);
      if (wait) throw wait;
      if (job.held_for) {
        // What it waited for is there: no longer held, and it starts for real.
        const unheld = { ...job, held_for: null };
        inTransaction(db, () => {
          if (this.jobs.unhold(job.id, this.owner)) handler.started(unheld);
        });
        heldFor = null;
        log.info({ job: job.id, asset: job.asset_id, was: job.held_for }, `job ${job.kind} no longer held`);
      }
      await handler.run(job, { signal: ac.signal, progress: (p) => (percent = Math.max(0, Math.min(100, Math.round(p)))) });
      clearInterval(timer);
      const ours = inTransaction(db, () => {
        const ok = this.jobs.complete(job.id, this.owner);
        if (ok) handler.succeeded(job);
        return ok;
      });
      outcome = ours ? 'done' : 'lost';
    } catch (e) {
      clearInterval(timer);
      const reason: unknown = ac.signal.aborted ? ac.signal.reason : undefined;
      if (reason instanceof ShuttingDown) {
        this.jobs.release(job.id, this.owner);
        outcome = 'released';
      } else if (reason instanceof LeaseLost) {
        outcome = 'lost';
      } else if (e instanceof JobHeld) {
        let ours = false;
        try {
          ours = inTransaction(db, () => {
            const ok = this.jobs.hold(job.id, this.owner, e.reason, this.o.holdRecheckMs ?? DISK_RECHECK_S * 1000);
            if (ok) handler.held?.(job, e.reason);
            return ok;
          });
        } catch (err) {
          // Not even the hold could be written (SQLITE_FULL): the lease runs out and the job is taken again.
          log.error({ job: job.id, err }, 'job could not be held');
        }
        outcome = ours ? 'released' : 'lost';
        stillHeld = ours && heldFor === e.reason;
        if (!stillHeld) {
          log.warn({ job: job.id, asset: job.asset_id, reason: e.reason, detail: e.detail }, `job ${job.kind} held: waiting for ${e.reason}`);
        }
      } else {
        const failure: JobFailure =
          e instanceof JobError ? { code: e.code, message: e.userMessage, detail: e.detail } : handler.describe(e);
        const final = (e instanceof JobError && e.permanent) || job.attempts >= job.max_attempts;
        const delayMs = (this.o.retryDelayMs ?? JOB_RETRY_DELAY_S * 1000) * job.attempts;
        const ours = inTransaction(db, () => {
          const ok = final
            ? this.jobs.fail(job.id, this.owner, failure)
            : this.jobs.retryLater(job.id, this.owner, failure, delayMs);
          if (ok) (final ? handler.failed : handler.retrying).call(handler, job, failure);
          return ok;
        });
        outcome = !ours ? 'lost' : final ? 'failed' : 'released';
        log.warn(
          { job: job.id, asset: job.asset_id, attempt: job.attempts, code: failure.code, detail: failure.detail },
          final ? `job ${job.kind} failed` : `job ${job.kind} attempt failed; will retry`,
        );
      }
    } finally {
      clearInterval(timer);
      this.current = undefined;
    }
    if (stillHeld) return; // still waiting: nothing happened
    if (outcome !== 'released') await handler.settled(job, outcome);
    const seconds = (Date.now() - started) / 1000;
    log.info({ job: job.id, asset: job.asset_id, outcome, seconds: Math.round(seconds * 10) / 10 }, `job ${job.kind} ${outcome}`);
    for (const listener of this.endedListeners) listener({ kind: job.kind, outcome, seconds });
  }
}
