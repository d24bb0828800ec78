// The job worker: a loop in the CMS process that leases due jobs from the database and runs them, one at a
// time (JOB_CONCURRENCY). The heavy lifting happens in child processes (ffmpeg), so the event loop that
// answers the API and the TVs is never blocked; the worker only waits on them and writes progress.
//
// Durability: the job row is the truth. While a job runs the
// worker renews its lease every JOB_HEARTBEAT_MS; after a kill -9 the lease runs out and the next worker
// (this process after its restart, or another node) takes the job again and restarts it from the top.
// Attempts are capped; a job that keeps dying fails with a reason in words.
import crypto from 'node:crypto';
import os from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { JOB_HEARTBEAT_MS, JOB_POLL_MS, JOB_RETRY_DELAY_S } from '../constants.ts';
import type { Db } from '../db/database.ts';
import type { Logger } from '../logger.ts';
import { JobRepository, type JobFailure, type JobKind, type JobRow } from './job-repository.ts';

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
  run(job: JobRow, ctx: JobContext): Promise<void>;
  started(job: JobRow): void;
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

  constructor(private readonly o: WorkerOptions) {
    this.jobs = new JobRepository(o.db, o.now);
  }

  start(): void {
    if (this.running) return;
    this.stopping = false;
    this.running = this.loop();
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
    const job = db
      .transaction(() => {
        for (const j of this.jobs.expiredExhausted()) {
          if (this.jobs.fail(j.id, null, INTERRUPTED_TOO_OFTEN)) {
            handlers[j.kind].failed(j, INTERRUPTED_TOO_OFTEN);
            exhausted.push(j);
          }
        }
        const leased = this.jobs.leaseNext(this.owner, this.o.leaseMs);
        if (leased) handlers[leased.kind].started(leased);
        return leased;
      })
      .immediate();
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
    log.info({ job: job.id, asset: job.asset_id, attempt: job.attempts }, `job ${job.kind} started`);
    const ac = new AbortController();
    this.current = ac;
    let percent = 0;
    let reported = -1;
    const beat = () => {
      const p = percent;
      const ours = db.transaction(() => {
        const ok = this.jobs.heartbeat(job.id, this.owner, this.o.leaseMs, p);
        if (ok && p !== reported) handler.progressed(job, p);
        return ok;
      })();
      reported = p;
      if (!ours) ac.abort(new LeaseLost());
    };
    const timer = setInterval(beat, this.o.heartbeatMs ?? JOB_HEARTBEAT_MS);
    let outcome: 'done' | 'failed' | 'lost' | 'released' = 'lost';
    try {
      await handler.run(job, { signal: ac.signal, progress: (p) => (percent = Math.max(0, Math.min(100, Math.round(p)))) });
      clearInterval(timer);
      const ours = db.transaction(() => {
        const ok = this.jobs.complete(job.id, this.owner);
        if (ok) handler.succeeded(job);
        return ok;
      })();
      outcome = ours ? 'done' : 'lost';
    } catch (e) {
      clearInterval(timer);
      const reason: unknown = ac.signal.aborted ? ac.signal.reason : undefined;
      if (reason instanceof ShuttingDown) {
        this.jobs.release(job.id, this.owner);
        outcome = 'released';
      } else if (reason instanceof LeaseLost) {
        outcome = 'lost';
      } else {
        const failure: JobFailure =
          e instanceof JobError ? { code: e.code, message: e.userMessage, detail: e.detail } : handler.describe(e);
        const final = (e instanceof JobError && e.permanent) || job.attempts >= job.max_attempts;
        const delayMs = (this.o.retryDelayMs ?? JOB_RETRY_DELAY_S * 1000) * job.attempts;
        const ours = db.transaction(() => {
          const ok = final
            ? this.jobs.fail(job.id, this.owner, failure)
            : this.jobs.retryLater(job.id, this.owner, failure, delayMs);
          if (ok) (final ? handler.failed : handler.retrying).call(handler, job, failure);
          return ok;
        })();
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
    if (outcome !== 'released') await handler.settled(job, outcome);
    log.info(
      { job: job.id, asset: job.asset_id, outcome, seconds: Math.round((Date.now() - started) / 100) / 10 },
      `job ${job.kind} ${outcome}`,
    );
  }
}
