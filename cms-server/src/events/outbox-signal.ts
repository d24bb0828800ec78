// When the hub should read the outbox again. Rows written by this process wake it as soon as the transaction
// that wrote them is over (better-sqlite3 transactions are synchronous: a setImmediate callback runs after the
// commit or the rollback — a rollback leaves nothing to read, which is harmless); rows written by another
// process on the same database (the admin CLI, a second CMS) are found by a short poll of an indexed `id > ?`.
// Across PostgreSQL nodes, LISTEN/NOTIFY takes the poll's place behind the same interface (`postgresListenSignal`):
// the writer's transaction sends `pg_notify` (`OUTBOX_NOTIFY`), which PostgreSQL delivers to every listening node
// only when that transaction commits — a rolled-back change wakes nobody.
import { EventEmitter } from 'node:events';
import pg from 'pg';
import {
  EVENTS_NOTIFY_FALLBACK_POLL_MS,
  EVENTS_NOTIFY_RECONNECT_MS,
  EVENTS_POLL_MS,
  OUTBOX_ID_RECHECK_MS,
} from '../constants.ts';

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

/** The channel the outbox's writers notify and the hubs listen on. */
export const OUTBOX_CHANNEL = 'keting_outbox';
/** What a writer runs inside its transaction after appending to the outbox (PostgreSQL; delivered at commit). */
export const OUTBOX_NOTIFY = `SELECT pg_notify('${OUTBOX_CHANNEL}', '')`;

export interface ListenOptions {
  /** The slow read that covers a notification lost while the connection was replaced. */
  fallbackMs?: number;
  /** The first wait before connecting again (doubles up to 30 s). */
  reconnectMs?: number;
  /** Told when the listening connection is lost and when it listens again. */
  onState?: (state: 'listening' | 'lost', err?: Error) => void;
}

/**
 * Wakes the hub on every outbox notification from any node, over one connection of its own that LISTENs (a pool's
 * connections come and go; a listener must stay). A lost connection is replaced, and the hub told to read once it
 * listens again (rows written meanwhile are found by the read: the rows are the truth, notifications only wake).
 */
export function postgresListenSignal(url: string, o: ListenOptions = {}): OutboxSignal {
  const fallbackMs = o.fallbackMs ?? EVENTS_NOTIFY_FALLBACK_POLL_MS;
  const firstDelay = o.reconnectMs ?? EVENTS_NOTIFY_RECONNECT_MS;
  let client: pg.Client | undefined;
  let stopped = false;
  let retry: ReturnType<typeof setTimeout> | undefined;
  let poll: ReturnType<typeof setInterval> | undefined;

  const connect = (onChange: () => void, delay: number): void => {
    if (stopped) return;
    const c = new pg.Client({ connectionString: url });
    client = c;
    let lost = false;
    const lose = (err?: Error) => {
      if (lost || stopped) return;
      lost = true;
      o.onState?.('lost', err);
      c.removeAllListeners('notification');
      void c.end().catch(() => undefined);
      retry = setTimeout(() => connect(onChange, Math.min(delay * 2, 30_000)), delay);
      retry.unref();
    };
    c.on('error', lose);
    c.on('end', () => lose());
    c.on('notification', (n) => {
      if (n.channel === OUTBOX_CHANNEL) onChange();
    });
    c.connect()
      .then(() => c.query(`LISTEN ${OUTBOX_CHANNEL}`))
      .then(() => {
        if (stopped) return void c.end().catch(() => undefined);
        delay = firstDelay;
        o.onState?.('listening');
        onChange(); // whatever was written while nobody listened
      })
      .catch((e: Error) => lose(e));
  };

  return {
    start(onChange) {
      stopped = false;
      connect(onChange, firstDelay);
      poll = setInterval(onChange, fallbackMs);
      poll.unref();
    },
    stop() {
      stopped = true;
      clearTimeout(retry);
      clearInterval(poll);
      void client?.end().catch(() => undefined);
    },
  };
}
