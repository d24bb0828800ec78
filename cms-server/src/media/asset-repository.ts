import type { Db } from '../db/database.ts';
import { whereOf } from '../db/where.ts';
import type { StreetScope } from '../domain/scope.ts';
import type { AssetStatus } from '../domain/vocabulary.ts';

export type { AssetStatus };

export interface Rendition {
  height: number;
  bandwidth: number;
}

export interface AssetRow {
  id: string;
  status: AssetStatus;
  source_name: string | null;
  duration_sec: number | null;
  renditions: string;
  error: string | null;
  error_code: string | null;
  street_id: string | null;
  created_by: string | null;
  title: string | null;
  source_size: number | null;
  poster: string | null;
  progress: number;
  created_at: string;
  updated_at: string;
}

export interface NewUploadedAsset {
  id: string;
  sourceName: string;
  title: string | null;
  sourceSize: number;
  streetId: string | null;
  createdBy: string;
}

const COLUMNS = `id, status, source_name, duration_sec, renditions, error, error_code, street_id, created_by, title,
  source_size, poster, progress, created_at, updated_at`;

export class AssetRepository {
  constructor(private readonly db: Db) {}

  get(id: string): AssetRow | undefined {
    return this.db.prepare(`SELECT ${COLUMNS} FROM assets WHERE id = ?`).get(id) as AssetRow | undefined;
  }

  create(id: string, sourceName: string, title: string | null = null): void {
    const now = new Date().toISOString();
    this.db
      .prepare(
        `INSERT INTO assets (id, status, source_name, title, created_at, updated_at) VALUES (?, 'pending', ?, ?, ?, ?)
         ON CONFLICT (id) DO NOTHING`,
      )
      .run(id, sourceName, title, now, now);
  }

  /** An uploaded, validated video waiting for its packaging job. */
  createUploaded(a: NewUploadedAsset): void {
    const now = new Date().toISOString();
    this.db
      .prepare(
        `INSERT INTO assets (id, status, source_name, title, source_size, street_id, created_by, progress, created_at, updated_at)
         VALUES (?, 'pending', ?, ?, ?, ?, ?, 0, ?, ?)`,
      )
      .run(a.id, a.sourceName, a.title, a.sourceSize, a.streetId, a.createdBy, now, now);
  }

  /**
   * A page of videos, newest first. A street's scope holds its own videos and the district's (street_id
   * NULL): its items may use those (the same rule as canSee in auth/policy.ts).
   */
  list(scope: StreetScope, opts: { status?: AssetStatus; limit: number; offset: number }): { rows: AssetRow[]; total: number } {
    const { clause, params } = whereOf(
      { streetId: '(street_id IS NULL OR street_id = @streetId)', status: 'status = @status' },
      { streetId: scope.all ? undefined : scope.streetId, status: opts.status },
    );
    const total = this.db.prepare(`SELECT COUNT(*) FROM assets ${clause}`).pluck().get(params) as number;
    const rows = this.db
      .prepare(`SELECT ${COLUMNS} FROM assets ${clause} ORDER BY created_at DESC, id LIMIT @limit OFFSET @offset`)
      .all({ ...params, limit: opts.limit, offset: opts.offset }) as AssetRow[];
    return { rows, total };
  }

  /** Items that show this asset (an asset in use is not deleted). */
  usedBy(id: string): { id: string; title: string }[] {
    return this.db.prepare('SELECT id, title FROM items WHERE asset_id = ? ORDER BY id').all(id) as {
      id: string;
      title: string;
    }[];
  }

  /** Deletes the row (its jobs go with it: ON DELETE CASCADE). Files are the caller's business. */
  delete(id: string): boolean {
    return this.db.prepare('DELETE FROM assets WHERE id = ?').run(id).changes === 1;
  }

  /** An attempt starts. A video already playable (its early rendition in place) stays so: TVs may be showing it. */
  markProcessing(id: string): void {
    this.db
      .prepare(
        `UPDATE assets SET status = CASE status WHEN 'playable' THEN 'playable' ELSE 'processing' END, progress = 0,
           error = NULL, error_code = NULL, updated_at = ? WHERE id = ?`,
      )
      .run(new Date().toISOString(), id);
  }

  /** Back to waiting: a failed attempt will be retried (a playable video stays playable meanwhile). */
  markPending(id: string): void {
    this.db
      .prepare("UPDATE assets SET status = CASE status WHEN 'playable' THEN 'playable' ELSE 'pending' END, progress = 0, updated_at = ? WHERE id = ?")
      .run(new Date().toISOString(), id);
  }

  /**
   * Watchable before the ladder: media/<id>/master.m3u8 lists the early rendition (media/packager.ts
   * packageEarly) and the poster is there; the job goes on encoding the rungs. Only from pending/processing.
   */
  markPlayable(id: string, durationSec: number, renditions: Rendition[]): boolean {
    return (
      this.db
        .prepare(
          `UPDATE assets SET status = 'playable', duration_sec = ?, renditions = ?, poster = 'poster.jpg', updated_at = ?
           WHERE id = ? AND status IN ('pending', 'processing')`,
        )
        .run(durationSec, JSON.stringify(renditions), new Date().toISOString(), id).changes === 1
    );
  }

  setProgress(id: string, percent: number): void {
    this.db
      .prepare('UPDATE assets SET progress = ?, updated_at = ? WHERE id = ? AND progress != ?')
      .run(percent, new Date().toISOString(), id, percent);
  }

  markReady(id: string, durationSec: number, renditions: Rendition[]): void {
    this.db
      .prepare(
        `UPDATE assets SET status = 'ready', duration_sec = ?, renditions = ?, poster = 'poster.jpg', progress = 100,
           error = NULL, error_code = NULL, updated_at = ? WHERE id = ?`,
      )
      .run(durationSec, JSON.stringify(renditions), new Date().toISOString(), id);
  }

  markFailed(id: string, error: string, code = 'packaging_failed'): void {
    this.db
      .prepare("UPDATE assets SET status = 'failed', error = ?, error_code = ?, updated_at = ? WHERE id = ?")
      .run(error, code, new Date().toISOString(), id);
  }
}
