// Storage of the box fleet and of pairing (migration 013, on tv_devices of migration 006). Queries built with Kysely
// (db/kysely.ts), run on SQLite at once.
import type { Db } from '../db/database.ts';
import { all, first, kyselyOf, run, type Kdb } from '../db/kysely.ts';

export interface BoxRow {
  id: string;
  street_id: string | null;
  street_name: string | null;
  household_id: string | null;
  household_name: string | null;
  household_street_id: string | null;
  app_version: string | null;
  first_seen_at: string;
  last_seen_at: string;
  paired_at: string | null;
  playing_item_id: string | null;
  playing_title: string | null;
}

export interface PairingCodeRow {
  code: string;
  device_id: string;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

export interface BoxFilter {
  /** Boxes set to this street or paired to one of its households. */
  street?: string;
  /** Not seen since this instant (UTC ISO). */
  staleBefore?: string;
  /** The box's latest progress report counts as "playing" from this instant on (UTC ISO). */
  playingSince: string;
}

/** The boxes with the household each is paired to (if any): what a filter reads; nothing selected yet. */
function devices(k: Kdb) {
  return k.selectFrom('tv_devices as d').leftJoin('households as h', 'h.id', 'd.household_id');
}

/** Those boxes as BoxRows: their street, and what each is playing (its latest progress report, if recent enough). */
function boxRows(boxes: ReturnType<typeof devices>, playingSince: string) {
  return boxes
    .leftJoin('streets as s', 's.id', 'd.street_id')
    .leftJoin('viewing_progress as p', (join) =>
      join
        .onRef('p.device_id', '=', 'd.id')
        .on('p.last_seen_at', '>=', playingSince)
        .on((eb) =>
          eb(
            'p.last_seen_at',
            '=',
            eb
              .selectFrom('viewing_progress as p2')
              .select((e) => e.fn.max('p2.last_seen_at').as('latest'))
              .whereRef('p2.device_id', '=', 'd.id'),
          ),
        ),
    )
    .leftJoin('items as i', 'i.id', 'p.item_id')
    .select([
      'd.id',
      'd.street_id',
      's.name as street_name',
      'd.household_id',
      'h.name as household_name',
      'h.street_id as household_street_id',
      'd.app_version',
      'd.first_seen_at',
      'd.last_seen_at',
      'd.paired_at',
      'p.item_id as playing_item_id',
      'i.title as playing_title',
    ])
    .$castTo<BoxRow>();
}

export class BoxRepository {
  private readonly k: Kdb;

  constructor(private readonly db: Db) {
    this.k = kyselyOf(db);
  }

  /** What a box said of itself on its hello. */
  hello(id: string, c: { streetId: string | null; appVersion: string; at: string }): void {
    run(
      this.db,
      this.k.updateTable('tv_devices').set({ street_id: c.streetId, app_version: c.appVersion, last_seen_at: c.at }).where('id', '=', id),
    );
  }

  box(id: string, playingSince: string): BoxRow | undefined {
    return first(this.db, boxRows(devices(this.k).where('d.id', '=', id), playingSince));
  }

  list(filter: BoxFilter, page: { limit: number; offset: number }): { rows: BoxRow[]; total: number } {
    const { street, staleBefore } = filter;
    const boxes = devices(this.k)
      .$if(street !== undefined, (qb) => qb.where((eb) => eb.or([eb('d.street_id', '=', street!), eb('h.street_id', '=', street!)])))
      .$if(staleBefore !== undefined, (qb) => qb.where('d.last_seen_at', '<', staleBefore!));
    const total = first(this.db, boxes.select((eb) => eb.fn.countAll<number>().as('n')))!.n;
    const rows = all(
      this.db,
      boxRows(boxes, filter.playingSince).orderBy('d.last_seen_at', 'desc').orderBy('d.id').limit(page.limit).offset(page.offset),
    );
    return { rows, total };
  }

  pair(id: string, householdId: string | null, at: string | null): void {
    run(this.db, this.k.updateTable('tv_devices').set({ household_id: householdId, paired_at: at }).where('id', '=', id));
  }

  // ---- codes ----

  code(code: string): PairingCodeRow | undefined {
    return first(this.db, this.k.selectFrom('pairing_codes').selectAll().where('code', '=', code));
  }

  codesSince(deviceId: string, since: string): number {
    return first(
      this.db,
      this.k
        .selectFrom('pairing_codes')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('device_id', '=', deviceId)
        .where('created_at', '>=', since),
    )!.n;
  }

  /** A box's new code; its earlier unused codes stop working (one code on screen at a time). */
  insertCode(row: Omit<PairingCodeRow, 'used_at'>): void {
    run(
      this.db,
      this.k
        .updateTable('pairing_codes')
        .set({ expires_at: row.created_at })
        .where('device_id', '=', row.device_id)
        .where('used_at', 'is', null)
        .where('expires_at', '>', row.created_at),
    );
    run(
      this.db,
      this.k
        .insertInto('pairing_codes')
        .values({ code: row.code, device_id: row.device_id, created_at: row.created_at, expires_at: row.expires_at }),
    );
  }

  useCode(code: string, at: string): void {
    run(this.db, this.k.updateTable('pairing_codes').set({ used_at: at }).where('code', '=', code));
  }

  /** Codes expired before `before` are deleted (a code's digits may then be dealt again). */
  pruneCodes(before: string): void {
    run(this.db, this.k.deleteFrom('pairing_codes').where('expires_at', '<', before));
  }
}
