// Where the hub is in the outbox, when ids may commit out of order. On SQLite one writer at a time commits ids in
// order, so "everything after the newest id sent" was the whole bookmark. On PostgreSQL two transactions can take
// ids 41 and 42 and commit 42 first; a hub that jumped to 42 would never send 41. The cursor keeps a floor (every
// id at or below it was sent, or given up on) and the ids sent above it: the hub reads from the floor and sends
// only what it has not sent. An id missing below one already sent (a transaction still open, or one rolled back
// — its id is never used) is waited for OUTBOX_GAP_WAIT_MS, then passed over. Boxes still get each event once.
import { OUTBOX_GAP_WAIT_MS } from '../constants.ts';

export class OutboxCursor {
  /** Every id at or below this was sent, or waited for long enough. */
  private floor: number;
  private readonly sentAbove = new Set<number>();
  /** Ids missing above the floor, by when they were first seen missing. */
  private readonly missingSince = new Map<number, number>();
  private top: number;

  constructor(
    start: number,
    private readonly gapWaitMs = OUTBOX_GAP_WAIT_MS,
    private readonly now: () => number = Date.now,
  ) {
    this.floor = start;
    this.top = start;
  }

  /** Read the rows with an id greater than this. */
  get readFrom(): number {
    return this.floor;
  }

  /** The newest id sent (what a box's bookmark says). */
  get newest(): number {
    return this.top;
  }

  /** Ids passed over without being seen (e.g. rolled back), or waited for still. */
  get waitingFor(): number[] {
    return [...this.missingSince.keys()].sort((a, b) => a - b);
  }

  /** Of `rows` (read from `readFrom`, ascending), those not sent yet, in order; they count as sent from now on. */
  take<R extends { id: number }>(rows: R[]): R[] {
    const t = this.now();
    const fresh = rows.filter((r) => r.id > this.floor && !this.sentAbove.has(r.id));
    for (const r of fresh) {
      this.sentAbove.add(r.id);
      this.missingSince.delete(r.id);
      if (r.id > this.top) this.top = r.id;
    }
    for (let id = this.floor + 1; id < this.top; id++) {
      if (!this.sentAbove.has(id) && !this.missingSince.has(id)) this.missingSince.set(id, t);
    }
    for (;;) {
      const next = this.floor + 1;
      if (next > this.top) break;
      if (this.sentAbove.delete(next)) {
        this.floor = next;
        continue;
      }
      const since = this.missingSince.get(next);
      if (since === undefined || t - since < this.gapWaitMs) break;
      this.missingSince.delete(next);
      this.floor = next;
    }
    return fresh;
  }
}
