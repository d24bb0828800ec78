// An express-rate-limit Store whose counters live in the database (limit-repository.ts), so that every CMS process
// on one database counts against the same limit: with a store in each process's memory, N processes behind one
// address would let an attacker multiply his tries by N. Fixed windows, exactly as express-rate-limit's own memory
// store counts them (a window starts at a key's first hit and lasts windowMs; a hit after it starts a new one).
import type { ClientRateLimitInfo, Options, Store } from 'express-rate-limit';
import type { Kdb } from '../db/kysely.ts';
import { LimitRepository } from './limit-repository.ts';

/** Makes the store of one limiter, named once in the code (its counters are kept under `<name>:<key>`). */
export type LimitStores = (name: string) => Store;

export class DatabaseLimitStore implements Store {
  /** Counters are shared with the other processes on this database (express-rate-limit's double-count check). */
  readonly localKeys = false;
  readonly prefix: string;
  private readonly repo: LimitRepository;
  private windowMs = 60_000;
  private lastPurge: number;

  constructor(
    db: Kdb,
    readonly name: string,
    private readonly now: () => number = Date.now,
  ) {
    if (!/^[a-z0-9-]+$/.test(name)) throw new Error(`a rate limiter's name is lowercase words with dashes, got "${name}"`);
    this.prefix = `${name}:`;
    this.repo = new LimitRepository(db);
    this.lastPurge = now();
  }

  init(options: Options): void {
    this.windowMs = options.windowMs;
  }

  async get(key: string): Promise<ClientRateLimitInfo | undefined> {
    const c = await this.repo.get(this.prefix + key, this.now());
    return c && { totalHits: c.hits, resetTime: new Date(c.resetAt) };
  }

  async increment(key: string): Promise<ClientRateLimitInfo> {
    const now = this.now();
    // Expired rows go as the memory store's go, about once a window (here on access rather than by a timer).
    if (now - this.lastPurge >= this.windowMs) {
      this.lastPurge = now;
      await this.repo.purgeExpired(now);
    }
    const c = await this.repo.increment(this.prefix + key, now, this.windowMs);
    return { totalHits: c.hits, resetTime: new Date(c.resetAt) };
  }

  async decrement(key: string): Promise<void> {
    await this.repo.decrement(this.prefix + key, this.now());
  }

  async resetKey(key: string): Promise<void> {
    await this.repo.reset(this.prefix + key);
  }

  async resetAll(): Promise<void> {
    await this.repo.resetPrefix(this.prefix);
  }
}

/** The stores of every limiter of one server: counted in its database, shared with every process on it. */
export function databaseLimitStores(db: Kdb, now?: () => number): LimitStores {
  return (name) => new DatabaseLimitStore(db, name, now);
}
