import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../cms-server/src/db/database.ts';
import { loadContent } from '../../../cms-server/src/seed/load-content.ts';
import { seedIfEmpty } from '../../../cms-server/src/seed/seed.ts';
import { ROOT } from '../../helpers/server.ts';

const content = loadContent(`${ROOT}/content`);
const count = (db: ReturnType<typeof openDatabase>, table: string) =>
  db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;

describe('seeding', () => {
  it('when the database is empty, then every section, item and sample asset is stored, published', () => {
    const db = openDatabase(':memory:');
    const r = seedIfEmpty(db, content);
    const items = content.sections.reduce((n, s) => n + s.items.length, 0);
    expect(r).toEqual({ seeded: true, sections: 10, items });
    expect(count(db, 'sections')).toBe(10);
    expect(count(db, 'items')).toBe(items);
    expect(db.prepare("SELECT DISTINCT status FROM items").pluck().all()).toEqual(['published']);
    // Videos wait for their packaged asset: pending until ffmpeg has made it.
    const assets = db.prepare('SELECT id, status FROM assets ORDER BY id').all() as { id: string; status: string }[];
    const used = new Set(content.sections.flatMap((s) => s.items.flatMap((i) => (i.video ? [i.video.sample] : []))));
    expect(assets.map((a) => a.id)).toEqual([...used].sort());
    expect(new Set(assets.map((a) => a.status))).toEqual(new Set(['pending']));
    // The admin's video list shows them by the recipe's title, in Chinese.
    const lesson = content.videos.find((v) => v.id === 'sample-lesson')!;
    expect(db.prepare("SELECT title FROM assets WHERE id = 'sample-lesson'").pluck().get()).toBe(`示例视频：${lesson.title}`);
  });

  it('when the database already has content, then a restart seeds nothing and keeps edits', () => {
    const db = openDatabase(':memory:');
    seedIfEmpty(db, content);
    db.prepare("UPDATE items SET title = '编辑改过的标题' WHERE id = ?").run(content.sections[3]!.items[0]!.id);
    db.prepare('DELETE FROM items WHERE id = ?').run(content.sections[4]!.items[1]!.id);
    const before = count(db, 'items');
    expect(seedIfEmpty(db, content).seeded).toBe(false);
    expect(count(db, 'items')).toBe(before);
    const title = db.prepare('SELECT title FROM items WHERE id = ?').pluck().get(content.sections[3]!.items[0]!.id);
    expect(title).toBe('编辑改过的标题');
  });

  it('when the guide and recruitment items are stored, then their structured data survives the round trip', () => {
    const db = openDatabase(':memory:');
    seedIfEmpty(db, content);
    const guide = content.sections[5]!.items[0]!;
    const stored = JSON.parse(db.prepare('SELECT data FROM items WHERE id = ?').pluck().get(guide.id) as string);
    expect(stored).toEqual({ guide: guide.guide });
  });
});
