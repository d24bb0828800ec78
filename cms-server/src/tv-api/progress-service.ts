// Viewing progress reported by the boxes: where a video was left, and how much of it was really watched.
// A box reports every ~15 s while playing, on pause and on leaving the player (tv-app/src/data/progress.ts).
//
// Study time must be honest, whatever a box (or someone posing as one) sends:
// - watched seconds never exceed the wall-clock time that passed between a box's reports, across all its items
//   (the box's `credited_until` in tv_devices; a burst of reports shares one small clock slack), nor the
//   video's real length as packaged (not the duration the box states);
// - a box never heard of is registered on its first report, within bounds (new boxes per address per day, boxes
//   in all: boxes/box-registry.ts), so invented device ids cannot grow the tables without limit; the route
//   rate-limits reports.
import { knownBox } from '../boxes/box-registry.ts';
import { PROGRESS_LIST_MAX } from '../constants.ts';
import { inTransaction, type Db } from '../db/database.ts';
import type { ProgressPosition } from './contract.ts';
import { DeviceRepository } from './device-repository.ts';
import { ProgressRepository, type ProgressRow } from './progress-repository.ts';
import { StudyService } from '../study/study-service.ts';
import { watchedCredit } from './watched-credit.ts';

export { watchedCredit };

export interface ProgressReport {
  deviceId: string;
  itemId: string;
  positionSec: number;
  durationSec: number;
  /** Who is watching (谁在看): the digits of the box's household members; credited with the box's time. */
  members?: number[];
}

/** What the server knows of the reported item and the reporting box, beside the report itself. */
export interface ReportContext {
  /** The video's length as packaged, in seconds. */
  videoDurationSec: number;
  /** The address the report came from (the rate-limit key of the route, for the new-box bound). */
  address: string;
}

export class ProgressService {
  private readonly repo: ProgressRepository;
  private readonly devices: DeviceRepository;
  private readonly study: StudyService;

  constructor(
    private readonly db: Db,
    private readonly clock: () => Date = () => new Date(),
  ) {
    this.repo = new ProgressRepository(db);
    this.devices = new DeviceRepository(db);
    this.study = new StudyService(db, clock);
  }

  /**
   * Stores a report; the caller has checked that the item is a playable video the box may see. Refuses a box
   * never heard of when the bounds on new boxes are reached (429 / 503), storing nothing.
   */
  record(report: ProgressReport, ctx: ReportContext): void {
    const now = this.clock();
    const at = now.toISOString();
    // Read and write in one IMMEDIATE transaction: two reports of the same box cannot both add the same seconds.
    inTransaction(this.db, () => {
      const device = knownBox(this.devices, report.deviceId, ctx.address, now);
      const prev = this.repo.get(report.deviceId, report.itemId);
      const { credit, creditedUntilMs } = watchedCredit(
        prev ? report.positionSec - prev.position_sec : 0,
        Date.parse(device.credited_until),
        now.getTime(),
      );
      const watched = Math.min((prev?.watched_sec ?? 0) + credit, ctx.videoDurationSec);
      this.repo.put({
        device_id: report.deviceId,
        item_id: report.itemId,
        position_sec: report.positionSec,
        duration_sec: report.durationSec,
        watched_sec: Math.max(prev?.watched_sec ?? 0, watched),
        first_seen_at: prev?.first_seen_at ?? at,
        last_seen_at: at,
      });
      this.devices.touch(report.deviceId, at, new Date(creditedUntilMs).toISOString());
      if (report.members?.length && credit > 0) {
        // The span of wall-clock time this report was credited for: its members get the part not yet theirs.
        this.study.credit({ ...report, members: report.members }, { startMs: creditedUntilMs - credit * 1000, endMs: creditedUntilMs }, ctx.videoDurationSec, now);
      }
    });
  }

  /**
   * A box showing a live broadcast (the live view, every ~15 s) with members watching: recorded as progress in that
   * broadcast's occurrence (item `broadcast:<id>@<start>`, as long as the slot, the position the time since it
   * began), so the same rules credit the box and its members — the first report of a sitting adds nothing, then the
   * wall clock between reports.
   */
  recordLive(report: { deviceId: string; members: number[]; programme: { broadcastId: string; startMs: number; endMs: number } }, address: string): void {
    const { broadcastId, startMs, endMs } = report.programme;
    const length = (endMs - startMs) / 1000;
    const itemId = `broadcast:${broadcastId}@${new Date(startMs).toISOString()}`;
    const positionSec = Math.min(length, Math.max(0, (this.clock().getTime() - startMs) / 1000));
    this.record({ deviceId: report.deviceId, itemId, positionSec, durationSec: length, members: report.members }, { videoDurationSec: length, address });
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
