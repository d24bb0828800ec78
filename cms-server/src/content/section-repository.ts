import type { Db } from '../db/database.ts';
import type { SectionId } from '../domain/vocabulary.ts';

export interface SectionRow {
  id: SectionId;
  digit: string;
  title: string;
  description: string;
  position: number;
}

export class SectionRepository {
  constructor(private readonly db: Db) {}

  all(): SectionRow[] {
    return this.db
      .prepare('SELECT id, digit, title, description, position FROM sections ORDER BY position')
      .all() as SectionRow[];
  }

  count(): number {
    return this.db.prepare('SELECT count(*) FROM sections').pluck().get() as number;
  }

  upsert(s: SectionRow): void {
    this.db
      .prepare(
        `INSERT INTO sections (id, digit, title, description, position) VALUES (@id, @digit, @title, @description, @position)
         ON CONFLICT (id) DO UPDATE SET digit = @digit, title = @title, description = @description, position = @position`,
      )
      .run(s);
  }
}
