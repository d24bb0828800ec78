// When the hub should read the outbox again. Rows written by this process wake it as soon as the transaction
// that wrote them is over (better-sqlite3 transactions are synchronous: a setImmediate callback runs after the
// commit or the rollback — a rollback leaves nothing to read, which is harmless); rows written by another
// process on the same database (the admin CLI, a second CMS) are found by a short poll of an indexed `id > ?`.
// Across PostgreSQL nodes, LISTEN/NOTIFY can take the poll's place behind the same interface.
import { EventEmitter } from 'node:events';
import { EVENTS_POLL_MS, OUTBOX_ID_RECHECK_MS } from '../constants.ts';

export interface OutboxSignal {
  start(onChange: () => void): void;
  stop(): void;
}

const written = new EventEmitter();
written.setMaxListeners(0);
let pending = false;
/** Told at once, inside the writing transaction (better-sqlite3's are synchronous: nothing reads in between). */
const appended = new Set<() => void>();

/** Called by the outbox on every append; coalesces a transaction's rows into one wake-up after it ends. */
export function outboxWritten(): void {
  for (const f of appended) f();
  if (pending) return;
  pending = true;
  setImmediate(() => {
    pending = false;
    written.emit('written');
  });
}

/** This process's appends at once, everyone else's within `ms`. */
export function localAndPollingSignal(ms = EVENTS_POLL_MS): OutboxSignal {
  let timer: ReturnType<typeof setInterval> | undefined;
  let listener: (() => void) | undefined;
  return {
    start(onChange) {
      listener = onChange;
      written.on('written', listener);
      timer = setInterval(onChange, ms);
      timer.unref();
    },
    stop() {
      clearInterval(timer);
      if (listener) written.off('written', listener);
    },
  };
}

/**
 * The outbox's newest id for a reader asking on every request (the TV API's kept answers): `read` again at once
 * after this process appended a row, and at most every `ms` for rows other processes wrote (the admin CLI, a
 * second CMS on the database) — so a busy server does not query it per request, and another writer's change is
 * seen within `ms`.
 */
export function outboxIdReader(read: () => number, ms = OUTBOX_ID_RECHECK_MS): () => number {
  let id = read();
  let at = Date.now();
  let stale = false;
  appended.add(() => (stale = true));
  return () => {
    const now = Date.now();
    if (stale || now - at >= ms) {
      stale = false;
      at = now;
      id = read();
    }
    return id;
  };
}
