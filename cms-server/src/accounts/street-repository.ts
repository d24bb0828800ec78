// Storage of streets (街道): the scope of content, and whether a street publishes without review. Queries built
// with Kysely (db/kysely.ts), run on SQLite at once.
import type { Db } from '../db/database.ts';
import { all, first, kyselyOf, run, type Kdb } from '../db/kysely.ts';

export interface StreetRow {
  id: string;
  name: string;
  publish_directly: 0 | 1;
}

export class StreetRepository {
  private readonly k: Kdb;

  constructor(private readonly db: Db) {
    this.k = kyselyOf(db);
  }

  private select() {
    return this.k.selectFrom('streets').select(['id', 'name', 'publish_directly']).$castTo<StreetRow>();
  }

  list(): StreetRow[] {
    return all(this.db, this.select().orderBy('name').orderBy('id'));
  }

  get(id: string): StreetRow | undefined {
    return first(this.db, this.select().where('id', '=', id));
  }

  exists(id: string): boolean {
    return this.get(id) !== undefined;
  }

  insert(s: { id: string; name: string; publishDirectly: boolean }): void {
    run(this.db, this.k.insertInto('streets').values({ id: s.id, name: s.name, publish_directly: s.publishDirectly ? 1 : 0 }));
    // Every street has its live channel (broadcasts/), made with it in the caller's transaction.
    run(this.db, this.k.insertInto('channels').values({ id: `street-${s.id}`, street_id: s.id }));
  }

  update(id: string, c: { name?: string; publishDirectly?: boolean }): void {
    const set = {
      ...(c.name !== undefined && { name: c.name }),
      ...(c.publishDirectly !== undefined && { publish_directly: c.publishDirectly ? 1 : 0 }),
    };
    if (Object.keys(set).length > 0) run(this.db, this.k.updateTable('streets').set(set).where('id', '=', id));
  }
}
