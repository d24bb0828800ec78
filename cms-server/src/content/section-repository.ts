// Storage of the ten sections, in remote-digit order. Queries built with Kysely (db/kysely.ts), run on SQLite at once.
import type { Db } from '../db/database.ts';
import { all, first, kyselyOf, run, type Kdb } from '../db/kysely.ts';
import type { SectionId } from '../domain/vocabulary.ts';

export interface SectionRow {
  id: SectionId;
  digit: string;
  title: string;
  description: string;
  position: number;
}

export class SectionRepository {
  private readonly k: Kdb;

  constructor(private readonly db: Db) {
    this.k = kyselyOf(db);
  }

  all(): SectionRow[] {
    return all(
      this.db,
      this.k.selectFrom('sections').select(['id', 'digit', 'title', 'description', 'position']).orderBy('position').$castTo<SectionRow>(),
    );
  }

  count(): number {
    return first(this.db, this.k.selectFrom('sections').select((eb) => eb.fn.countAll<number>().as('n')))!.n;
  }

  upsert(s: SectionRow): void {
    run(
      this.db,
      this.k
        .insertInto('sections')
        .values(s)
        .onConflict((oc) =>
          oc.column('id').doUpdateSet((eb) => ({
            digit: eb.ref('excluded.digit'),
            title: eb.ref('excluded.title'),
            description: eb.ref('excluded.description'),
            position: eb.ref('excluded.position'),
          })),
        ),
    );
  }
}
