// Viewing progress reported by the boxes: where a video was left, and how much of it was really watched.
// A box reports every ~15 s while playing, on pause and on leaving the player (tv-app/src/data/progress.ts).
import {
  PROGRESS_CLOCK_SLACK_S,
  PROGRESS_LIST_MAX,
  PROGRESS_WATCH_CAP_PER_REPORT_S,
} from '../constants.ts';
import type { Db } from '../db/database.ts';
import type { ProgressPosition } from './contract.ts';
import { ProgressRepository, type ProgressRow } from './progress-repository.ts';

export interface ProgressReport {
  deviceId: string;
  itemId: string;
  positionSec: number;
  durationSec: number;
}

/**
 * Seconds of real watching a report adds: the forward move of the position, but never more than the wall-clock
 * time since the last report (a seek forward is not watching) nor more than the per-report cap (a report after a
 * long pause or a box whose clock jumped). A move backwards (rewind) adds nothing.
 */
export function watchedDelta(prev: Pick<ProgressRow, 'position_sec' | 'last_seen_at'>, positionSec: number, now: Date): number {
  const moved = positionSec - prev.position_sec;
  if (!(moved > 0)) return 0;
  const elapsed = Math.max(0, (now.getTime() - Date.parse(prev.last_seen_at)) / 1000) + PROGRESS_CLOCK_SLACK_S;
  return Math.min(moved, elapsed, PROGRESS_WATCH_CAP_PER_REPORT_S);
}

export class ProgressService {
  private readonly repo: ProgressRepository;

  constructor(
    private readonly db: Db,
    private readonly clock: () => Date = () => new Date(),
  ) {
    this.repo = new ProgressRepository(db);
  }

  /** Stores a report; the caller has checked that the item is one the box may see. */
  record(report: ProgressReport): void {
    const now = this.clock();
    const at = now.toISOString();
    // Read and write in one IMMEDIATE transaction: two reports of the same box cannot both add the same seconds.
    this.db
      .transaction(() => {
        const prev = this.repo.get(report.deviceId, report.itemId);
        this.repo.put({
          device_id: report.deviceId,
          item_id: report.itemId,
          position_sec: report.positionSec,
          duration_sec: report.durationSec,
          watched_sec: prev ? prev.watched_sec + watchedDelta(prev, report.positionSec, now) : 0,
          first_seen_at: prev?.first_seen_at ?? at,
          last_seen_at: at,
        });
      })
      .immediate();
  }

  /** A box's positions, most recent first. */
  positions(deviceId: string): ProgressPosition[] {
    return this.repo.listByDevice(deviceId, PROGRESS_LIST_MAX).map((r) => ({
      itemId: r.item_id,
      positionSec: r.position_sec,
      durationSec: r.duration_sec,
      watchedSec: Math.round(r.watched_sec * 10) / 10,
      firstSeenAt: r.first_seen_at,
      lastSeenAt: r.last_seen_at,
    }));
  }
}
