// Publish-at across a restart, with real server processes: an item approved to go live a few seconds ahead,
// the server stopped before then, the time passes while it is down, and the next start publishes it at once
// (the boot run), exactly once.
import Database from 'better-sqlite3';
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { addStreets, adminOf, userClient } from '../../helpers/admin-client.ts';
import { copySeededData, startKeting, type KetingProcess } from '../../helpers/server.ts';

const TICK_S = 2;
let dataDir: string;
let cms: KetingProcess | undefined;

afterAll(async () => {
  await cms?.stop();
  if (dataDir) await fs.rm(dataDir, { recursive: true, force: true });
});

const statusInDb = (id: string) => {
  const db = new Database(path.join(dataDir, 'keting.sqlite'), { readonly: true });
  try {
    return db.prepare('SELECT status, published_at FROM items WHERE id = ?').get(id) as { status: string; published_at: string | null };
  } finally {
    db.close();
  }
};

it('when publish-at passes while the server is down, then the first tick after boot publishes it, once', async () => {
  dataDir = await copySeededData();
  addStreets(dataDir, [{ id: 'taiping', name: '太平街道' }]);
  const env = { SCHEDULER_TICK_SECONDS: String(TICK_S) };
  cms = await startKeting({ dataDir, env });
  const admin = await adminOf(cms.baseUrl);
  const editor = await userClient(admin, { role: 'editor', streetId: 'taiping' });
  const reviewer = await userClient(admin, { role: 'reviewer', streetId: 'taiping' });

  const created = await editor.json('POST', '/api/admin/items', {
    kind: 'notice', sectionId: 'affairs', title: '周六义诊', body: '周六上午社区医院来义诊。',
  });
  const id = created.body.id as string;
  await editor.json('POST', `/api/admin/items/${id}/submit`);
  // Publish-at a few seconds ahead, sent with the Asia/Shanghai offset as the admin does.
  const publishAt = new Date(Date.now() + 4000);
  const local = new Date(publishAt.getTime() + 8 * 3600_000).toISOString().slice(0, 23);
  const approved = await reviewer.json('POST', `/api/admin/items/${id}/approve`, { publishAt: `${local}+08:00` });
  expect(approved.body).toMatchObject({ state: 'scheduled', publishAt: publishAt.toISOString() });

  await cms.stop({ keepData: true });
  cms = undefined;
  // Down past publish-at: nobody publishes it meanwhile.
  await new Promise((r) => setTimeout(r, publishAt.getTime() - Date.now() + 1500));
  expect(statusInDb(id)).toEqual({ status: 'scheduled', published_at: null });

  cms = await startKeting({ dataDir, env });
  const started = Date.now(); // the server answers from here on
  const admin2 = await adminOf(cms.baseUrl);
  let state = '';
  while (Date.now() - started < (TICK_S + 10) * 1000) {
    state = (await admin2.json('GET', `/api/admin/items/${id}`)).body.state as string;
    if (state === 'published') break;
    await new Promise((r) => setTimeout(r, 200));
  }
  expect(state).toBe('published');
  // Within one tick of the server being up (in fact the boot run did it before the server listened).
  const readyAfterMs = Date.now() - started;
  expect(readyAfterMs).toBeLessThanOrEqual(TICK_S * 1000);
  const item = (await admin2.json('GET', `/api/admin/items/${id}`)).body;
  expect(item.publishedAt).toBe(publishAt.toISOString());

  const catalog = (await (await fetch(`${cms.baseUrl}/api/tv/v1/catalog?street=taiping`)).json()) as {
    sections: { items: { id: string }[] }[];
  };
  expect(catalog.sections.flatMap((s) => s.items.map((i) => i.id))).toContain(id);

  // A few more ticks change nothing: exactly one 'item_published', by the system.
  await new Promise((r) => setTimeout(r, TICK_S * 2 * 1000 + 500));
  const audit = (await admin2.json('GET', `/api/admin/audit?targetType=item&targetId=${id}`)).body as {
    entries: { action: string; actorId: string | null; actorName: string }[];
  };
  const published = audit.entries.filter((e) => e.action === 'item_published');
  expect(published).toEqual([expect.objectContaining({ actorId: null, actorName: '系统' })]);
  console.log(`published and seen ${readyAfterMs} ms after the restarted server was ready (login included)`);
});
