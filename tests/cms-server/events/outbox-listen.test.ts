// The hubs' wake-up across PostgreSQL nodes (cms-server/src/events/outbox-signal.ts, postgresListenSignal): a
// writer's transaction notifies; every listening node is woken when it commits, never when it rolls back; a
// listening connection the server drops is replaced, and the hub told to read once it listens again. On the run's
// throw-away PostgreSQL (tests/postgres-setup.ts).
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { OUTBOX_NOTIFY, postgresListenSignal, type OutboxSignal } from '../../../cms-server/src/events/outbox-signal.ts';
import { openPostgres, type PgPool } from '../../../cms-server/src/db/postgres.ts';
import { newPostgresDatabase } from '../../helpers/stores.ts';
import { until } from '../../helpers/until.ts';

const open: { signals: OutboxSignal[]; pools: PgPool[] } = { signals: [], pools: [] };
afterEach(async () => {
  for (const s of open.signals.splice(0)) s.stop();
  for (const p of open.pools.splice(0)) await p.end();
});

/** A listening node: counts its wake-ups and knows when it listens. */
function node(url: string) {
  const n = { wakes: 0, listening: 0, lost: 0 };
  const signal = postgresListenSignal(url, {
    fallbackMs: 60_000, // out of the way: only notifications wake it here
    reconnectMs: 100,
    onState: (s) => (s === 'listening' ? n.listening++ : n.lost++),
  });
  signal.start(() => n.wakes++);
  open.signals.push(signal);
  return n;
}

async function writer(url: string): Promise<PgPool> {
  const pool = openPostgres(url);
  open.pools.push(pool);
  return pool;
}

/** A transaction that appends to the outbox and notifies, committed or rolled back. */
async function append(pool: PgPool, outcome: 'COMMIT' | 'ROLLBACK'): Promise<void> {
  const c = await pool.connect();
  try {
    await c.query('BEGIN');
    await c.query("INSERT INTO tv_events (type, street_id, data, created_at) VALUES ('item_shown', NULL, '{}', 'now')");
    await c.query(OUTBOX_NOTIFY);
    await c.query(outcome);
  } finally {
    c.release();
  }
}

describe('the outbox signal on PostgreSQL (LISTEN/NOTIFY)', () => {
  it('when a writer on another connection commits, then every listening node wakes; when it rolls back, none does', async () => {
    const url = await newPostgresDatabase();
    const a = node(url);
    const b = node(url);
    await until('both nodes listening', 5000, () => (a.listening && b.listening ? true : undefined));
    const base = [a.wakes, b.wakes];
    const w = await writer(url);

    await append(w, 'ROLLBACK');
    await new Promise((r) => setTimeout(r, 300));
    expect([a.wakes, b.wakes]).toEqual(base);

    const t0 = Date.now();
    await append(w, 'COMMIT');
    await until('both woken', 2000, () => (a.wakes > base[0]! && b.wakes > base[1]! ? true : undefined));
    expect(Date.now() - t0).toBeLessThan(1000);
  });

  it('when the server drops the listening connection, then the node listens again, reads once, and later commits still wake it', async () => {
    const url = await newPostgresDatabase();
    const a = node(url);
    await until('listening', 5000, () => (a.listening ? true : undefined));
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    try {
      const killed = await admin.query(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'LISTEN%'",
      );
      expect(killed.rowCount).toBe(1);
    } finally {
      await admin.end();
    }
    const wakesBefore = a.wakes;
    await until('listening again', 5000, () => (a.lost === 1 && a.listening === 2 ? true : undefined));
    expect(a.wakes).toBeGreaterThan(wakesBefore); // told to read what may have been written meanwhile

    const w = await writer(url);
    const base = a.wakes;
    await append(w, 'COMMIT');
    await until('woken after reconnecting', 2000, () => (a.wakes > base ? true : undefined));
  });
});
