// The scheduler against a real SQLite database: the tick's reconciliation with a set clock, and node-cron
// ticking for real with a one-second pattern.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Actor } from '../../../cms-server/src/auth/actor.ts';
import { ItemRepository } from '../../../cms-server/src/content/item-repository.ts';
import { openDatabase, type Db } from '../../../cms-server/src/db/database.ts';
import { createLogger } from '../../../cms-server/src/logger.ts';
import { PublishingService } from '../../../cms-server/src/publishing/publishing-service.ts';
import { createItemSchema } from '../../../cms-server/src/publishing/validation.ts';
import { startScheduler, tickPattern, type Scheduler } from '../../../cms-server/src/scheduler/index.ts';
import { reconcilePublishing } from '../../../cms-server/src/scheduler/publishing-tick.ts';
import { loadContent } from '../../../cms-server/src/seed/load-content.ts';
import { seedIfEmpty } from '../../../cms-server/src/seed/seed.ts';
import { CatalogService } from '../../../cms-server/src/tv-api/catalog-service.ts';
import { ROOT } from '../../helpers/server.ts';

const editor: Actor = { userId: 'ed', username: 'ed', displayName: '编辑', role: 'editor', streetId: 'a', sessionId: 's' };
const reviewer: Actor = { userId: 'rv', username: 'rv', displayName: '审核', role: 'reviewer', streetId: 'a', sessionId: 's' };
const T0 = new Date('2026-11-24T02:00:00.000Z');
const at = (s: number) => new Date(T0.getTime() + s * 1000);

let dir: string;
let db: Db;
let scheduler: Scheduler | undefined;

function prepare(file: string): Db {
  const d = openDatabase(file);
  seedIfEmpty(d, loadContent(`${ROOT}/content`));
  d.prepare("INSERT OR IGNORE INTO streets (id, name) VALUES ('a', '太平街道')").run();
  return d;
}

/** An approved article of street A with the given window (seconds from T0), approved at `approvedAt`. */
function approved(window: { publishIn?: number; unpublishIn?: number }, approvedAt = T0): string {
  const service = new PublishingService(db, () => approvedAt);
  const item = service.create(editor, createItemSchema.parse({ kind: 'notice', sectionId: 'affairs', title: '停水通知', body: '明天停水。' }));
  service.submit(editor, item.id);
  return service.approve(reviewer, item.id, {
    publishAt: window.publishIn === undefined ? null : at(window.publishIn).toISOString(),
    unpublishAt: window.unpublishIn === undefined ? null : at(window.unpublishIn).toISOString(),
  }).id;
}

const row = (id: string) =>
  db.prepare('SELECT status, published_at, publish_at FROM items WHERE id = ?').get(id) as {
    status: string; published_at: string | null; publish_at: string | null;
  };
const audits = (id: string, action: string) =>
  db.prepare('SELECT actor_id, actor_name FROM audit_log WHERE target_id = ? AND action = ?').all(id, action) as {
    actor_id: string | null; actor_name: string;
  }[];
const onTv = (id: string, now: Date) => new CatalogService(db, () => now).catalog('a').sections.some((s) => s.items.some((i) => i.id === id));

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'keting-scheduler-'));
  db = prepare(path.join(dir, 'keting.sqlite'));
});

afterEach(async () => {
  await scheduler?.stop();
  scheduler = undefined;
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('one tick', () => {
  it('when a scheduled item is due, then the tick publishes it dated at its publish-at, once, by the system', () => {
    const id = approved({ publishIn: 60 });
    expect(reconcilePublishing(db, at(59)).published).toEqual([]);
    expect(row(id).status).toBe('scheduled');
    expect(onTv(id, at(59))).toBe(false);

    expect(reconcilePublishing(db, at(75)).published).toEqual([id]);
    expect(row(id)).toMatchObject({ status: 'published', published_at: at(60).toISOString() });
    expect(onTv(id, at(75))).toBe(true);
    // Idempotent: the next ticks find nothing to do.
    expect(reconcilePublishing(db, at(76))).toEqual({ published: [], unpublished: [] });
    expect(reconcilePublishing(db, at(90))).toEqual({ published: [], unpublished: [] });
    expect(audits(id, 'item_published')).toEqual([{ actor_id: null, actor_name: '系统' }]);
  });

  it('when a published item\'s unpublish-at comes, then the tick withdraws it and it leaves the TVs', () => {
    const id = approved({ unpublishIn: 120 });
    expect(row(id).status).toBe('published');
    expect(reconcilePublishing(db, at(119)).unpublished).toEqual([]);
    expect(reconcilePublishing(db, at(120)).unpublished).toEqual([id]);
    expect(row(id).status).toBe('withdrawn');
    expect(onTv(id, at(121))).toBe(false);
    expect(reconcilePublishing(db, at(200)).unpublished).toEqual([]);
    expect(audits(id, 'item_unpublished')).toHaveLength(1);
  });

  it('when a whole window passed while the server was down, then the item is withdrawn without ever being published', () => {
    const id = approved({ publishIn: 60, unpublishIn: 120 });
    expect(reconcilePublishing(db, at(3600))).toEqual({ published: [], unpublished: [id] });
    expect(row(id)).toMatchObject({ status: 'withdrawn', published_at: null });
    expect(audits(id, 'item_published')).toEqual([]);
  });

  it('when two processes tick the same database, then the item is published by one of them only', () => {
    const id = approved({ publishIn: 10 });
    const other = openDatabase(path.join(dir, 'keting.sqlite'));
    try {
      const first = reconcilePublishing(other, at(11));
      const second = reconcilePublishing(db, at(11));
      expect([...first.published, ...second.published]).toEqual([id]);
    } finally {
      other.close();
    }
    expect(audits(id, 'item_published')).toHaveLength(1);
  });

  it('when seeded content has no window, then ticks leave it alone', () => {
    const before = new ItemRepository(db).listVisible(at(0)).length;
    expect(reconcilePublishing(db, at(0))).toEqual({ published: [], unpublished: [] });
    expect(new ItemRepository(db).listVisible(at(0)).length).toBe(before);
  });
});

describe('the clock', () => {
  it('when the tick interval does not divide a minute, then the pattern is refused', () => {
    expect(tickPattern(15)).toBe('*/15 * * * * *');
    expect(tickPattern(60)).toBe('0 * * * * *');
    expect(() => tickPattern(7)).toThrow(/divide a minute/);
  });

  it('when started, then it runs once at boot and then every tick, and stops when told', async () => {
    const log = createLogger('silent');
    // Items approved earlier, scheduled for a real time: one already due at boot, one 1.5 s ahead.
    const scheduledFor = (ms: number) => {
      const id = approved({}, new Date(Date.now() - 60_000));
      const when = new Date(Date.now() + ms).toISOString();
      db.prepare("UPDATE items SET status = 'scheduled', publish_at = ?, published_at = NULL WHERE id = ?").run(when, id);
      return { id, when };
    };
    const dueAtBoot = scheduledFor(-1000).id;
    const { id: soon, when: soonAt } = scheduledFor(1500);

    scheduler = startScheduler({ db, log, config: { schedulerTickSeconds: 1 } });
    expect(row(dueAtBoot).status).toBe('published'); // the boot run, before any cron tick
    expect(row(soon).status).toBe('scheduled');
    const deadline = Date.now() + 4000;
    while (row(soon).status !== 'published' && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(row(soon)).toMatchObject({ status: 'published', published_at: soonAt });

    await scheduler.stop();
    scheduler = undefined;
    const late = scheduledFor(200).id;
    await new Promise((r) => setTimeout(r, 2200));
    expect(row(late).status).toBe('scheduled');
  });
});
