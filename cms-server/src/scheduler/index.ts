// The scheduler: node-cron is only the clock. Every tick (and once at boot, so that anything due while the
// server was down happens at once) reconciles the database with the time (publishing-tick.ts).
import cron from 'node-cron';
import type { Config } from '../config.ts';
import { SCHEDULER_TICK_S } from '../constants.ts';
import type { Db } from '../db/database.ts';
import type { Logger } from '../logger.ts';
import { reconcilePublishing, type TickResult } from './publishing-tick.ts';

export interface Scheduler {
  /** Runs one reconciliation now (the cron task calls the same). */
  tick(): TickResult;
  stop(): Promise<void>;
}

/** A six-field cron pattern (seconds first) firing every `seconds`; config.ts allows only divisors of 60 s. */
export function tickPattern(seconds: number): string {
  if (!Number.isInteger(seconds) || seconds < 1 || 60 % seconds !== 0) {
    throw new Error(`scheduler tick must divide a minute evenly, got ${seconds} s`);
  }
  return seconds === 60 ? '0 * * * * *' : `*/${seconds} * * * * *`;
}

export function startScheduler(deps: {
  db: Db;
  log: Logger;
  config: Pick<Config, 'schedulerTickSeconds'>;
  clock?: () => Date;
}): Scheduler {
  const clock = deps.clock ?? (() => new Date());
  const log = deps.log.child({ part: 'scheduler' });
  const tick = (): TickResult => {
    const result = reconcilePublishing(deps.db, clock());
    if (result.published.length || result.unpublished.length) {
      log.info({ published: result.published, unpublished: result.unpublished }, 'publishing window applied');
    }
    return result;
  };
  // A tick that fails (a locked database) is logged and retried by the next one; it never stops the clock.
  const safeTick = () => {
    try {
      tick();
    } catch (err) {
      log.error({ err }, 'scheduler tick failed');
    }
  };
  safeTick();
  const seconds = deps.config.schedulerTickSeconds ?? SCHEDULER_TICK_S;
  // node-cron's own notices (a missed tick while the event loop was busy) go to our log, not the console.
  const cronLog = {
    info: (m: string) => log.debug(m),
    warn: (m: string) => log.warn(m),
    error: (m: string | Error, err?: Error) => log.error({ err: err ?? m }, 'node-cron'),
    debug: (m: string | Error) => log.debug(String(m)),
  };
  const task = cron.schedule(tickPattern(seconds), safeTick, { name: 'publishing', noOverlap: true, logger: cronLog });
  return {
    tick,
    async stop() {
      await task.destroy();
    },
  };
}
