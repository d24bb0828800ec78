import { describe, expect, it } from 'vitest';
import { migrate, openDatabase } from '../../../cms-server/src/db/database.ts';

describe('database', () => {
  it('when opened fresh, then every migration is applied once and recorded', () => {
    const db = openDatabase(':memory:');
    const versions = db.prepare('SELECT version FROM schema_migrations ORDER BY version').pluck().all();
    expect(versions).toEqual([1]);
    expect(migrate(db)).toEqual([]); // a second run applies nothing
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all();
    expect(tables).toEqual(expect.arrayContaining(['sections', 'items', 'assets', 'streets']));
  });

  it('when a video item has no asset, then the database refuses it', () => {
    const db = openDatabase(':memory:');
    db.prepare("INSERT INTO sections VALUES ('news', '4', '党建动态', 'x', 0)").run();
    const insert = () =>
      db
        .prepare(
          `INSERT INTO items (id, section_id, kind, title, summary, body, status, created_at, updated_at)
           VALUES ('v', 'news', 'video', 't', 's', 'b', 'published', 'now', 'now')`,
        )
        .run();
    expect(insert).toThrow(/CHECK constraint failed/);
  });
});
