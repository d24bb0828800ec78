// Benchmark: what building queries with Kysely costs on SQLite (db/kysely.ts: Kysely compiles, better-sqlite3 runs)
// against the hand-written prepared statement it replaced, in one run on one in-memory database: a lookup by
// primary key (users.get), a filtered list (sessions of a user) and a single-row write (sessions.touch).
//   node --import tsx bench/query-builder.ts [iterations, default 50000]
import { performance } from 'node:perf_hooks';
import { openDatabase } from '../cms-server/src/db/database.ts';
import { all, first, kyselyOf, run } from '../cms-server/src/db/kysely.ts';

const N = Math.min(Number(process.argv[2] ?? 50_000), 1_000_000);
const db = openDatabase(':memory:');
const k = kyselyOf(db);
const now = new Date().toISOString();
db.prepare(
  `INSERT INTO users (id, username, display_name, password_hash, role, password_changed_at, created_at, updated_at)
   VALUES ('u1', 'admin', '管理员', 'x', 'admin', ?, ?, ?)`,
).run(now, now, now);
for (let i = 0; i < 20; i++) {
  db.prepare(
    `INSERT INTO sessions (id, user_id, csrf_token, created_at, last_seen_at, expires_at) VALUES (?, 'u1', 'c', ?, ?, ?)`,
  ).run(`s${i}`, now, now, now);
}

function time(label: string, f: (i: number) => unknown): number {
  for (let i = 0; i < 2000; i++) f(i); // warm up
  const t0 = performance.now();
  for (let i = 0; i < N; i++) f(i);
  const us = ((performance.now() - t0) * 1000) / N;
  console.log(`${label.padEnd(52)} ${us.toFixed(2).padStart(7)} µs/query`);
  return us;
}

const cases: [string, (i: number) => unknown, (i: number) => unknown][] = [
  [
    'users by id',
    () => db.prepare('SELECT * FROM users WHERE id = ?').get('u1'),
    () => first(db, k.selectFrom('users').selectAll().where('id', '=', 'u1')),
  ],
  [
    'sessions of a user, newest first',
    () => db.prepare('SELECT id, last_seen_at FROM sessions WHERE user_id = ? ORDER BY last_seen_at DESC').all('u1'),
    () => all(db, k.selectFrom('sessions').select(['id', 'last_seen_at']).where('user_id', '=', 'u1').orderBy('last_seen_at', 'desc')),
  ],
  [
    'touch a session',
    (i) => db.prepare('UPDATE sessions SET last_seen_at = ? WHERE id = ?').run(String(i), 's3'),
    (i) => run(db, k.updateTable('sessions').set({ last_seen_at: String(i) }).where('id', '=', 's3')),
  ],
];
console.log(`${N} iterations each, SQLite in memory, one process (the baseline: the hand-written statement, prepared on each call as the repositories did)`);
for (const [label, raw, built] of cases) {
  const a = time(`${label}: hand-written`, raw);
  const b = time(`${label}: Kysely`, built);
  console.log(`${''.padEnd(52)} Kysely / hand-written: ${(b / a).toFixed(2)}× (${b >= a ? '+' : ''}${(b - a).toFixed(2)} µs)`);
}
db.close();
