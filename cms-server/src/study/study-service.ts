// Study records (学习记录): crediting household members from their box's progress reports, and the reports a branch
// secretary (支部书记) and admins read.
//
// Crediting (called by the progress service inside the report's own transaction): the box's credit for a report is
// already honest for the box (wall clock, video length, rewinds add nothing — tv-api/progress-service.ts): it covers
// a span of wall-clock time. Each member the box says is watching (谁在看, the digits 1–9 of its household) gets
// the part of that span not yet credited to them (members.credited_until): a member "watching" on two boxes at
// once is credited once. Per item the
// watched seconds never exceed the video; the day's seconds grow by exactly what the item's total grew by, so
// seeking back and watching again adds nothing once the video is fully credited. Completed: ≥ 90 % watched.
//
// Reading: admins (a street admin its street's members), and secretaries the members of the branches they serve
// (branches.secretary_user_id). Operators, editors and reviewers do not read members' study.
import { STUDY_COMPLETED_FRACTION, STUDY_REPORT_MAX_DAYS } from '../constants.ts';
import type { Db } from '../db/database.ts';
import { AppError } from '../domain/errors.ts';
import type { Actor, Role } from '../domain/scope.ts';
import { isoDateOf, shanghaiTime } from '../domain/time.ts';
import type { StudyReport } from '../admin/contract.ts';
import type { TvStudySummary } from '../tv-api/contract.ts';
import { StudyRepository, type ReportScope } from './study-repository.ts';

export const STUDY_READERS: readonly Role[] = ['admin', 'secretary'];

const DAY_MS = 86_400_000;
const shanghaiDay = (at: Date): string => isoDateOf(shanghaiTime(at)!);
/** Noon UTC of a "YYYY-MM-DD": whole-day arithmetic without time zones. */
const dayMs = (day: string): number => Date.parse(`${day}T12:00:00Z`);
const dayOf = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
/** The Monday of a day's week. */
const mondayOf = (day: string): string => {
  const ms = dayMs(day);
  return dayOf(ms - ((new Date(ms).getUTCDay() + 6) % 7) * DAY_MS);
};
/** The instant a Shanghai day starts (UTC ISO). */
const startOfShanghaiDay = (day: string): string => new Date(Date.parse(`${day}T00:00:00+08:00`)).toISOString();

export interface StudyQuery {
  from?: string;
  to?: string;
  street?: string;
  branch?: string;
}

export class StudyService {
  private readonly repo: StudyRepository;

  constructor(
    db: Db,
    private readonly clock: () => Date = () => new Date(),
  ) {
    this.repo = new StudyRepository(db);
  }

  /**
   * Credits the members watching on `deviceId` (their digits) for `itemId` with the span of wall-clock time the box
   * was just credited for ([startMs, endMs]), at `positionSec` of a video `videoDurationSec` long: each member gets
   * the part of that span not already credited to them (members.credited_until), so one member reported by two
   * boxes at once is credited once. Runs inside the caller's transaction.
   */
  credit(report: { deviceId: string; itemId: string; positionSec: number; members: number[] }, span: { startMs: number; endMs: number }, videoDurationSec: number, now: Date): void {
    const at = now.toISOString();
    for (const m of this.repo.watching(report.deviceId, report.members)) {
      const memberUntil = m.credited_until ? Date.parse(m.credited_until) : 0;
      const credit = Math.max(0, span.endMs - Math.max(span.startMs, memberUntil)) / 1000;
      const prev = this.repo.get(m.id, report.itemId);
      const watched = Math.min((prev?.watched_sec ?? 0) + credit, videoDurationSec);
      const grew = watched - (prev?.watched_sec ?? 0);
      const completed = prev?.completed_at ?? (watched >= STUDY_COMPLETED_FRACTION * videoDurationSec ? at : null);
      this.repo.put(
        {
          member_id: m.id,
          item_id: report.itemId,
          watched_sec: Math.max(prev?.watched_sec ?? 0, watched),
          furthest_sec: Math.max(prev?.furthest_sec ?? 0, Math.min(report.positionSec, videoDurationSec)),
          duration_sec: videoDurationSec,
          completed_at: completed,
          first_at: prev?.first_at ?? at,
          last_at: at,
        },
        prev !== undefined,
      );
      if (grew > 0) this.repo.addDay(m.id, shanghaiDay(now), grew);
      if (span.endMs > memberUntil) this.repo.credit(m.id, new Date(span.endMs).toISOString());
    }
  }

  /** What the TV says after a lesson: each watching member's study this month (Shanghai). */
  summary(deviceId: string, members: number[]): TvStudySummary {
    const today = shanghaiDay(this.clock());
    const monthStart = `${today.slice(0, 8)}01`;
    return {
      members: this.repo.watching(deviceId, members).map((m) => ({ position: m.position, name: m.name, monthSeconds: Math.round(this.repo.secondsBetween(m.id, monthStart, today)) })),
    };
  }

  report(actor: Actor, q: StudyQuery): StudyReport {
    const today = shanghaiDay(this.clock());
    const from = q.from ?? `${today.slice(0, 8)}01`;
    const to = q.to ?? today;
    if (to < from) throw new AppError(400, 'invalid_range', '结束日期不能早于开始日期。');
    if ((dayMs(to) - dayMs(from)) / DAY_MS + 1 > STUDY_REPORT_MAX_DAYS) {
      throw new AppError(400, 'invalid_range', `一次最多统计 ${STUDY_REPORT_MAX_DAYS} 天。`);
    }
    const scope = this.scopeOf(actor, q);
    const rows = this.repo.memberTotals(scope, { from, to, fromAt: startOfShanghaiDay(from), toAt: startOfShanghaiDay(dayOf(dayMs(to) + DAY_MS)) });

    const branches = new Map<string, StudyReport['branches'][number]>();
    for (const r of rows) {
      const key = r.branch_id ?? '';
      const b = branches.get(key) ?? { branchId: r.branch_id, name: r.branch_name ?? '未分支部', members: 0, active: 0, seconds: 0, participation: 0 };
      b.members++;
      if (r.seconds > 0) b.active++;
      b.seconds += r.seconds;
      branches.set(key, b);
    }
    for (const b of branches.values()) {
      b.seconds = Math.round(b.seconds);
      b.participation = b.members === 0 ? 0 : Math.round((b.active / b.members) * 1000) / 1000;
    }

    const weeks = new Map<string, StudyReport['weeks'][number]>();
    for (const d of this.repo.days(scope, from, to)) {
      const week = mondayOf(d.day);
      const key = `${week}\n${d.branch_id ?? ''}`;
      const w = weeks.get(key) ?? { week, branchId: d.branch_id, seconds: 0 };
      w.seconds += d.seconds;
      weeks.set(key, w);
    }

    return {
      from,
      to,
      members: rows.map((r) => ({
        memberId: r.member_id,
        name: r.name,
        household: r.household_name,
        branchId: r.branch_id,
        branchName: r.branch_name,
        partyMember: r.party_member === 1,
        seconds: Math.round(r.seconds),
        completed: r.completed,
      })),
      branches: [...branches.values()],
      weeks: [...weeks.values()].map((w) => ({ ...w, seconds: Math.round(w.seconds) })),
    };
  }

  /** Whose records the actor reads: a secretary their branches', a street admin their street's, a district admin any. */
  private scopeOf(actor: Actor, q: StudyQuery): ReportScope {
    if (actor.role === 'secretary') return { secretary: actor.userId, branch: q.branch };
    if (actor.role !== 'admin') throw new AppError(403, 'forbidden', '你的账号没有查看学习记录的权限。');
    return { street: actor.streetId ?? q.street, branch: q.branch };
  }
}
