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

  it("when 011 rebuilds the assets table on a database with videos, items and jobs, then every row stays, 'playable' is allowed and the foreign keys still hold", () => {
    const db = openDatabase(':memory:');
    db.prepare("INSERT INTO sections VALUES ('news', '4', '党建动态', 'x', 0)").run();
    db.prepare("INSERT INTO assets (id, status, created_at, updated_at) VALUES ('a1', 'processing', 'now', 'now')").run();
    db.prepare(
      `INSERT INTO items (id, section_id, kind, title, summary, body, status, asset_id, created_at, updated_at)
       VALUES ('v', 'news', 'video', 't', 's', 'b', 'published', 'a1', 'now', 'now')`,
    ).run();
    db.prepare(
      `INSERT INTO jobs (id, kind, asset_id, state, max_attempts, run_after, created_at, updated_at)
       VALUES ('j1', 'package', 'a1', 'queued', 3, 'now', 'now', 'now')`,
    ).run();
    db.prepare('DELETE FROM schema_migrations WHERE version = 11').run();
    expect(migrate(db)).toEqual(['011_asset_playable.sql']);
    expect(db.prepare('SELECT COUNT(*) FROM jobs').pluck().get()).toBe(1); // not cascaded away by the rebuild
    expect(db.prepare("SELECT asset_id FROM items WHERE id = 'v'").pluck().get()).toBe('a1');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    db.prepare("UPDATE assets SET status = 'playable' WHERE id = 'a1'").run();
    expect(() => db.prepare("UPDATE assets SET status = 'almost' WHERE id = 'a1'").run()).toThrow(/CHECK constraint failed/);
    expect(() => db.prepare("DELETE FROM assets WHERE id = 'a1'").run()).toThrow(/FOREIGN KEY constraint failed/); // an item shows it
    db.prepare("DELETE FROM items WHERE id = 'v'").run();
    db.prepare("DELETE FROM assets WHERE id = 'a1'").run();
    expect(db.prepare('SELECT COUNT(*) FROM jobs').pluck().get()).toBe(0); // ON DELETE CASCADE still there
  });
});
