// The study report (cms-server/src/study) over a district's year: 10,000 members in 100 branches, a year of study
// (about 100 days per member, 40 lessons each), on a real SQLite file. Measures the month report as a branch secretary
// reads it (one branch, 100 members) and as a district admin reads it (all 10,000), each against the same report on
// a street of 100 members and a month of study in the same run (the baseline). Target: ≤ 1 s.
// Run: node --import tsx bench/study-report.ts. Figures in docs/study.md.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase, type Db } from '../cms-server/src/db/database.ts';
import type { Actor } from '../cms-server/src/domain/scope.ts';
import { StudyService } from '../cms-server/src/study/study-service.ts';

const NOW = new Date('2026-12-20T04:00:00Z');
const admin: Actor = { userId: 'u-admin', username: 'admin', displayName: '管理员', role: 'admin', streetId: null, sessionId: 's' };

function build(members: number, branches: number, days: number): { db: Db; dir: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'keting-bench-study-'));
  const db = openDatabase(path.join(dir, 'keting.sqlite'));
  const at = NOW.toISOString();
  db.transaction(() => {
    db.prepare("INSERT INTO streets (id, name) VALUES ('s', '街道')").run();
    db.prepare("INSERT INTO users (id, username, display_name, password_hash, role, street_id, must_change_password, disabled, password_changed_at, created_at, updated_at) VALUES ('u-sec', 'sec', '书记', 'x', 'secretary', 's', 0, 0, ?, ?, ?)").run(at, at, at);
    const branch = db.prepare('INSERT INTO branches (id, street_id, name, created_at, updated_at, secretary_user_id) VALUES (?, ?, ?, ?, ?, ?)');
    for (let b = 0; b < branches; b++) branch.run(`b${b}`, 's', `第${b}支部`, at, at, b === 0 ? 'u-sec' : null);
    const home = db.prepare('INSERT INTO households (id, street_id, name, address, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)');
    const member = db.prepare('INSERT INTO members (id, household_id, position, name, branch_id, party_member, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 1, ?, ?)');
    const study = db.prepare('INSERT INTO member_study (member_id, item_id, watched_sec, furthest_sec, duration_sec, completed_at, first_at, last_at) VALUES (?, ?, 1800, 1800, 1800, ?, ?, ?)');
    const day = db.prepare('INSERT INTO member_study_days (member_id, day, seconds) VALUES (?, ?, ?)');
    let seed = 1;
    const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) % n);
    for (let m = 0; m < members; m++) {
      if (m % 3 === 0) home.run(`h${m}`, 's', `户${m}`, '', at, at);
      member.run(`m${m}`, `h${m - (m % 3)}`, (m % 3) + 1, `成员${m}`, `b${m % branches}`, at, at);
      for (let d = 0; d < days; d += 1 + rand(6)) {
        const date = new Date(NOW.getTime() - d * 86_400_000).toISOString().slice(0, 10);
        day.run(`m${m}`, date, 300 + rand(3000));
      }
      for (let i = 0; i < 40 * (days / 365); i++) {
        const done = new Date(NOW.getTime() - rand(days) * 86_400_000).toISOString();
        study.run(`m${m}`, `lesson-${i}`, done, done, done);
      }
    }
  })();
  db.pragma('optimize');
  return { db, dir };
}

function time(fn: () => unknown, runs = 7): number {
  fn(); // warm
  const t: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    t.push(performance.now() - t0);
  }
  return t.sort((a, b) => a - b)[Math.floor(runs / 2)]!;
}

const secretary: Actor = { userId: 'u-sec', username: 'sec', displayName: '书记', role: 'secretary', streetId: 's', sessionId: 's2' };
const month = { from: '2026-12-01', to: '2026-12-20' };

console.log('building: 100 members, a month (baseline) …');
const small = build(100, 1, 30);
console.log('building: 10,000 members in 100 branches, a year …');
const t0 = performance.now();
const large = build(10_000, 100, 365);
const rows = large.db.prepare('SELECT COUNT(*) FROM member_study_days').pluck().get() as number;
console.log(`  ${rows.toLocaleString()} member-day rows, built in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

const smallService = new StudyService(small.db, () => NOW);
const largeService = new StudyService(large.db, () => NOW);
if (process.env.PROFILE) {
  const { StudyRepository } = await import('../cms-server/src/study/study-repository.ts');
  const repo = new StudyRepository(large.db);
  const range = { from: month.from, to: month.to, fromAt: '2026-11-30T16:00:00.000Z', toAt: '2026-12-20T16:00:00.000Z' };
  console.log('memberTotals', time(() => repo.memberTotals({}, range)).toFixed(1), 'ms; days', time(() => repo.days({}, month.from, month.to)).toFixed(1), 'ms');
}
const base = time(() => smallService.report(admin, month));
const sec = time(() => largeService.report(secretary, month));
const all = time(() => largeService.report(admin, month));
const year = time(() => largeService.report(admin, { from: '2025-12-21', to: '2026-12-20' }), 3);
console.log(`baseline (100 members, month):               ${base.toFixed(1)} ms`);
console.log(`secretary, one branch of 100, month:         ${sec.toFixed(1)} ms  (${(sec / base).toFixed(2)}× baseline)`);
console.log(`district admin, all 10,000 members, month:   ${all.toFixed(1)} ms  (${(all / base).toFixed(2)}× baseline)`);
console.log(`district admin, all 10,000 members, a year:  ${year.toFixed(1)} ms  (${(year / base).toFixed(2)}× baseline)`);
console.log(all <= 1000 && sec <= 1000 ? 'target met: ≤ 1 s' : 'TARGET MISSED: > 1 s');
for (const { db, dir } of [small, large]) {
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
}
