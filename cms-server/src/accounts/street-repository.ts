// SQL for streets (街道): the scope of content, and whether a street publishes without review.
import type { Db } from '../db/database.ts';

export interface StreetRow {
  id: string;
  name: string;
  publish_directly: 0 | 1;
}

export class StreetRepository {
  constructor(private readonly db: Db) {}

  list(): StreetRow[] {
    return this.db.prepare('SELECT id, name, publish_directly FROM streets ORDER BY name, id').all() as StreetRow[];
  }

  get(id: string): StreetRow | undefined {
    return this.db.prepare('SELECT id, name, publish_directly FROM streets WHERE id = ?').get(id) as StreetRow | undefined;
  }

  exists(id: string): boolean {
    return this.get(id) !== undefined;
  }

  insert(s: { id: string; name: string; publishDirectly: boolean }): void {
    this.db.prepare('INSERT INTO streets (id, name, publish_directly) VALUES (?, ?, ?)').run(s.id, s.name, s.publishDirectly ? 1 : 0);
    // Every street has its live channel (broadcasts/), made with it in the caller's transaction.
    this.db.prepare("INSERT INTO channels (id, street_id) VALUES ('street-' || ?, ?)").run(s.id, s.id);
  }

  update(id: string, c: { name?: string; publishDirectly?: boolean }): void {
    if (c.name !== undefined) this.db.prepare('UPDATE streets SET name = ? WHERE id = ?').run(c.name, id);
    if (c.publishDirectly !== undefined) {
      this.db.prepare('UPDATE streets SET publish_directly = ? WHERE id = ?').run(c.publishDirectly ? 1 : 0, id);
    }
  }
}
