// Storage of videos (assets): their packaging state, as the upload, the packaging job and the admin's video list
// see it. Queries built with Kysely (db/kysely.ts), run on SQLite at once.
import type { Db } from '../db/database.ts';
import { all, first, kyselyOf, run, type Kdb } from '../db/kysely.ts';
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

const COLUMNS = [
  'id',
  'status',
  'source_name',
  'duration_sec',
  'renditions',
  'error',
  'error_code',
  'street_id',
  'created_by',
  'title',
  'source_size',
  'poster',
  'progress',
  'created_at',
  'updated_at',
] as const;

export class AssetRepository {
  private readonly k: Kdb;

  constructor(private readonly db: Db) {
    this.k = kyselyOf(db);
  }

  private select() {
    return this.k.selectFrom('assets').select(COLUMNS).$castTo<AssetRow>();
  }

  get(id: string): AssetRow | undefined {
    return first(this.db, this.select().where('id', '=', id));
  }

  create(id: string, sourceName: string, title: string | null = null): void {
    const now = new Date().toISOString();
    run(
      this.db,
      this.k
        .insertInto('assets')
        .values({ id, status: 'pending', source_name: sourceName, title, created_at: now, updated_at: now })
        .onConflict((oc) => oc.column('id').doNothing()),
    );
  }

  /** An uploaded, validated video waiting for its packaging job. */
  createUploaded(a: NewUploadedAsset): void {
    const now = new Date().toISOString();
    run(
      this.db,
      this.k.insertInto('assets').values({
        id: a.id,
        status: 'pending',
        source_name: a.sourceName,
        title: a.title,
        source_size: a.sourceSize,
        street_id: a.streetId,
        created_by: a.createdBy,
        progress: 0,
        created_at: now,
        updated_at: now,
      }),
    );
  }

  /**
   * A page of videos, newest first. A street's scope holds its own videos and the district's (street_id
   * NULL): its items may use those (the same rule as canSee in auth/policy.ts).
   */
  list(scope: StreetScope, opts: { status?: AssetStatus; limit: number; offset: number }): { rows: AssetRow[]; total: number } {
    const streetId = scope.all ? undefined : scope.streetId;
    const status = opts.status;
    let from = this.k.selectFrom('assets');
    if (streetId !== undefined) from = from.where((eb) => eb.or([eb('street_id', 'is', null), eb('street_id', '=', streetId)]));
    if (status !== undefined) from = from.where('status', '=', status);
    const total = first(this.db, from.select((eb) => eb.fn.countAll<number>().as('n')))!.n;
    const rows = all(
      this.db,
      from.select(COLUMNS).$castTo<AssetRow>().orderBy('created_at', 'desc').orderBy('id').limit(opts.limit).offset(opts.offset),
    );
    return { rows, total };
  }

  /** Items that show this asset (an asset in use is not deleted). */
  usedBy(id: string): { id: string; title: string }[] {
    return all(this.db, this.k.selectFrom('items').select(['id', 'title']).where('asset_id', '=', id).orderBy('id'));
  }

  /** Deletes the row (its jobs go with it: ON DELETE CASCADE). Files are the caller's business. */
  delete(id: string): boolean {
    return run(this.db, this.k.deleteFrom('assets').where('id', '=', id)) === 1;
  }

  /** An attempt starts. A video already playable (its early rendition in place) stays so: TVs may be showing it. */
  markProcessing(id: string): void {
    run(
      this.db,
      this.k
        .updateTable('assets')
        .set((eb) => ({
          status: eb.case('status').when('playable').then('playable').else('processing').end(),
          progress: 0,
          error: null,
          error_code: null,
          updated_at: new Date().toISOString(),
        }))
        .where('id', '=', id),
    );
  }

  /** Back to waiting: a failed attempt will be retried (a playable video stays playable meanwhile). */
  markPending(id: string): void {
    run(
      this.db,
      this.k
        .updateTable('assets')
        .set((eb) => ({
          status: eb.case('status').when('playable').then('playable').else('pending').end(),
          progress: 0,
          updated_at: new Date().toISOString(),
        }))
        .where('id', '=', id),
    );
  }

  /**
   * Watchable before the ladder: media/<id>/master.m3u8 lists the early rendition (media/packager.ts
   * packageEarly) and the poster is there; the job goes on encoding the rungs. Only from pending/processing.
   */
  markPlayable(id: string, durationSec: number, renditions: Rendition[]): boolean {
    return (
      run(
        this.db,
        this.k
          .updateTable('assets')
          .set({
            status: 'playable',
            duration_sec: durationSec,
            renditions: JSON.stringify(renditions),
            poster: 'poster.jpg',
            updated_at: new Date().toISOString(),
          })
          .where('id', '=', id)
          .where('status', 'in', ['pending', 'processing']),
      ) === 1
    );
  }

  setProgress(id: string, percent: number): void {
    run(
      this.db,
      this.k
        .updateTable('assets')
        .set({ progress: percent, updated_at: new Date().toISOString() })
        .where('id', '=', id)
        .where('progress', '<>', percent),
    );
  }

  markReady(id: string, durationSec: number, renditions: Rendition[]): void {
    run(
      this.db,
      this.k
        .updateTable('assets')
        .set({
          status: 'ready',
          duration_sec: durationSec,
          renditions: JSON.stringify(renditions),
          poster: 'poster.jpg',
          progress: 100,
          error: null,
          error_code: null,
          updated_at: new Date().toISOString(),
        })
        .where('id', '=', id),
    );
  }

  markFailed(id: string, error: string, code = 'packaging_failed'): void {
    run(
      this.db,
      this.k
        .updateTable('assets')
        .set({ status: 'failed', error, error_code: code, updated_at: new Date().toISOString() })
        .where('id', '=', id),
    );
  }
}
