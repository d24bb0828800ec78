// The one rule of honest study time, shared by boxes (tv-api/progress-service.ts) and members (study/): how many
// seconds a report may add given what is already credited up to when.
import { PROGRESS_CLOCK_SLACK_S, PROGRESS_WATCH_CAP_PER_REPORT_S } from '../constants.ts';

/**
 * Seconds of real watching a report adds, and the box's new credit line. The forward move of the position
 * counts, but never more than the wall-clock time not yet credited to this box (a seek forward is not watching;
 * a burst of reports, or reports of two items at once, cannot add up to more than the time that passed), nor
 * more than the per-report cap (a report after a long pause). A move backwards (rewind) adds nothing.
 */
export function watchedCredit(
  moved: number,
  creditedUntilMs: number,
  nowMs: number,
): { credit: number; creditedUntilMs: number } {
  // Credit never reaches further back than the cap: a box idle for an hour gets at most the cap, not the hour.
  const from = Math.max(creditedUntilMs, nowMs - PROGRESS_WATCH_CAP_PER_REPORT_S * 1000);
  const available = Math.max(0, (nowMs + PROGRESS_CLOCK_SLACK_S * 1000 - from) / 1000);
  const credit = moved > 0 ? Math.min(moved, available, PROGRESS_WATCH_CAP_PER_REPORT_S) : 0;
  return { credit, creditedUntilMs: credit > 0 ? from + credit * 1000 : creditedUntilMs };
}
