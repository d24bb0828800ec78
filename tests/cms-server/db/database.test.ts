import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { migrate, openDatabase } from '../../../cms-server/src/db/database.ts';
import { ROOT } from '../../helpers/server.ts';

const migrationFiles = fs.readdirSync(path.join(ROOT, 'cms-server/src/db/migrations')).filter((f) => f.endsWith('.sql'));

describe('database', () => {
  it('when opened fresh, then every migration is applied once and recorded', () => {
    const db = openDatabase(':memory:');
    const versions = db.prepare('SELECT version FROM schema_migrations ORDER BY version').pluck().all();
    expect(versions).toEqual(migrationFiles.map((f) => Number(f.slice(0, 3))).sort((a, b) => a - b));
    expect(versions.length).toBeGreaterThanOrEqual(3);
    expect(migrate(db)).toEqual([]); // a second run applies nothing
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all();
    expect(tables).toEqual(expect.arrayContaining(['sections', 'items', 'assets', 'streets', 'users', 'sessions', 'audit_log', 'jobs']));
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
