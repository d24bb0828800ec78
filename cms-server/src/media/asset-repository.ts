import type { Db } from '../db/database.ts';

export type AssetStatus = 'pending' | 'processing' | 'ready' | 'failed';

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
}

export class AssetRepository {
  constructor(private readonly db: Db) {}

  get(id: string): AssetRow | undefined {
    return this.db
      .prepare('SELECT id, status, source_name, duration_sec, renditions, error FROM assets WHERE id = ?')
      .get(id) as AssetRow | undefined;
  }

  create(id: string, sourceName: string): void {
    const now = new Date().toISOString();
    this.db
      .prepare(
        `INSERT INTO assets (id, status, source_name, created_at, updated_at) VALUES (?, 'pending', ?, ?, ?)
         ON CONFLICT (id) DO NOTHING`,
      )
      .run(id, sourceName, now, now);
  }

  markProcessing(id: string): void {
    this.db
      .prepare("UPDATE assets SET status = 'processing', error = NULL, updated_at = ? WHERE id = ?")
      .run(new Date().toISOString(), id);
  }

  markReady(id: string, durationSec: number, renditions: Rendition[]): void {
    this.db
      .prepare(
        "UPDATE assets SET status = 'ready', duration_sec = ?, renditions = ?, error = NULL, updated_at = ? WHERE id = ?",
      )
      .run(durationSec, JSON.stringify(renditions), new Date().toISOString(), id);
  }

  markFailed(id: string, error: string): void {
    this.db
      .prepare("UPDATE assets SET status = 'failed', error = ?, updated_at = ? WHERE id = ?")
      .run(error, new Date().toISOString(), id);
  }
}
