// The SQL of the box fleet and of pairing (migration 013, on tv_devices of migration 006). Portable SQL: COUNT,
// LIMIT/OFFSET, correlated subqueries; no SQLite-only forms.
import type { Db } from '../db/database.ts';
import { whereOf } from '../db/where.ts';

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

const BOX_SELECT = `SELECT d.id, d.street_id, s.name AS street_name, d.household_id, h.name AS household_name,
  h.street_id AS household_street_id, d.app_version, d.first_seen_at, d.last_seen_at, d.paired_at,
  p.item_id AS playing_item_id, i.title AS playing_title
  FROM tv_devices d
  LEFT JOIN streets s ON s.id = d.street_id
  LEFT JOIN households h ON h.id = d.household_id
  LEFT JOIN viewing_progress p ON p.device_id = d.id AND p.last_seen_at >= @playingSince
    AND p.last_seen_at = (SELECT MAX(p2.last_seen_at) FROM viewing_progress p2 WHERE p2.device_id = d.id)
  LEFT JOIN items i ON i.id = p.item_id`;

export class BoxRepository {
  constructor(private readonly db: Db) {}

  /** What a box said of itself on its hello. */
  hello(id: string, c: { streetId: string | null; appVersion: string; at: string }): void {
    this.db.prepare('UPDATE tv_devices SET street_id = ?, app_version = ?, last_seen_at = ? WHERE id = ?').run(c.streetId, c.appVersion, c.at, id);
  }

  box(id: string, playingSince: string): BoxRow | undefined {
    return this.db.prepare(`${BOX_SELECT} WHERE d.id = @id`).get({ id, playingSince }) as BoxRow | undefined;
  }

  list(filter: BoxFilter, page: { limit: number; offset: number }): { rows: BoxRow[]; total: number } {
    const { clause, params } = whereOf<Omit<BoxFilter, 'playingSince'>>(
      { street: '(d.street_id = @street OR h.street_id = @street)', staleBefore: 'd.last_seen_at < @staleBefore' },
      { street: filter.street, staleBefore: filter.staleBefore },
    );
    const total = this.db
      .prepare(`SELECT COUNT(*) FROM tv_devices d LEFT JOIN households h ON h.id = d.household_id ${clause}`)
      .pluck()
      .get(params) as number;
    const rows = this.db
      .prepare(`${BOX_SELECT} ${clause} ORDER BY d.last_seen_at DESC, d.id LIMIT @limit OFFSET @offset`)
      .all({ ...params, playingSince: filter.playingSince, limit: page.limit, offset: page.offset }) as BoxRow[];
    return { rows, total };
  }

  pair(id: string, householdId: string | null, at: string | null): void {
    this.db.prepare('UPDATE tv_devices SET household_id = ?, paired_at = ? WHERE id = ?').run(householdId, at, id);
  }

  // ---- codes ----

  code(code: string): PairingCodeRow | undefined {
    return this.db.prepare('SELECT * FROM pairing_codes WHERE code = ?').get(code) as PairingCodeRow | undefined;
  }

  codesSince(deviceId: string, since: string): number {
    return this.db.prepare('SELECT COUNT(*) FROM pairing_codes WHERE device_id = ? AND created_at >= ?').pluck().get(deviceId, since) as number;
  }

  /** A box's new code; its earlier unused codes stop working (one code on screen at a time). */
  insertCode(row: Omit<PairingCodeRow, 'used_at'>): void {
    this.db.prepare('UPDATE pairing_codes SET expires_at = ? WHERE device_id = ? AND used_at IS NULL AND expires_at > ?').run(row.created_at, row.device_id, row.created_at);
    this.db
      .prepare('INSERT INTO pairing_codes (code, device_id, created_at, expires_at) VALUES (?, ?, ?, ?)')
      .run(row.code, row.device_id, row.created_at, row.expires_at);
  }

  useCode(code: string, at: string): void {
    this.db.prepare('UPDATE pairing_codes SET used_at = ? WHERE code = ?').run(at, code);
  }

  /** Codes expired before `before` are deleted (a code's digits may then be dealt again). */
  pruneCodes(before: string): void {
    this.db.prepare('DELETE FROM pairing_codes WHERE expires_at < ?').run(before);
  }
}
