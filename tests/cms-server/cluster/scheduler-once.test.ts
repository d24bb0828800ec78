// Two CMS processes on one data folder both run the publishing scheduler, every second. Items due at the same
// moment are published exactly once each: one outbox event, one audit row, one publish time — whichever process
// got there first (the tick is one IMMEDIATE transaction of conditional updates: scheduler/publishing-tick.ts).
import { afterAll, expect, it } from 'vitest';
import { AdminClient, adminOf, userClient } from '../../helpers/admin-client.ts';
import { startTwoNodes, until, type TwoNodes } from './two-nodes.ts';

let nodes: TwoNodes | undefined;
afterAll(async () => {
  await nodes?.stop();
});

it('when publish-at passes while two processes tick, then each due item is published once, with one event and one audit row', async () => {
  nodes = await startTwoNodes({ SCHEDULER_TICK_SECONDS: '1' });
  const { a, b } = nodes;
  const admin = await adminOf(a.baseUrl);
  const editor = await userClient(admin, { role: 'editor', streetId: 'taiping' });
  const reviewer = await userClient(admin, { role: 'reviewer', streetId: 'taiping' });

  const reviewerOnB = new AdminClient(b.baseUrl, reviewer.cookie, reviewer.csrfToken, reviewer.user);
  // Five items approved on both processes (alternately) to go live at the same moment, a few seconds ahead.
  const publishAt = new Date(Math.ceil((Date.now() + 5000) / 1000) * 1000);
  const local = new Date(publishAt.getTime() + 8 * 3600_000).toISOString().slice(0, 23);
  const ids: string[] = [];
  for (let i = 0; i < 5; i++) {
    const created = await editor.json('POST', '/api/admin/items', {
      kind: 'notice', sectionId: 'affairs', title: `集群通知 ${i}`, body: '两个进程同时在跑调度。',
    });
    const id = created.body.id as string;
    await editor.json('POST', `/api/admin/items/${id}/submit`);
    // The session made through process A works on process B: sessions live in the database.
    const via = i % 2 === 0 ? reviewer : reviewerOnB;
    const approved = await via.json('POST', `/api/admin/items/${id}/approve`, { publishAt: `${local}+08:00` });
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ state: 'scheduled' });
    ids.push(id);
  }
  expect(Date.now()).toBeLessThan(publishAt.getTime());

  const list = ids.map(() => '?').join(',');
  await until('every item published', 15_000, () => {
    const n = nodes!.query<{ n: number }>(`SELECT count(*) AS n FROM items WHERE status = 'published' AND id IN (${list})`, ...ids)[0]!.n;
    return n === ids.length ? true : undefined;
  });
  // Several more ticks of both processes: nothing more happens.
  await new Promise((r) => setTimeout(r, 3500));

  for (const id of ids) {
    const audit = nodes.query<{ action: string; actor_id: string | null }>(
      `SELECT action, actor_id FROM audit_log WHERE target_type = 'item' AND target_id = ? AND action = 'item_published'`,
      id,
    );
    expect(audit, `audit rows of ${id}`).toEqual([{ action: 'item_published', actor_id: null }]);
    const events = nodes.query<{ type: string }>(`SELECT type FROM tv_events WHERE json_extract(data, '$.itemId') = ?`, id);
    expect(events, `outbox rows of ${id}`).toEqual([{ type: 'item_shown' }]);
    const item = nodes.query<{ published_at: string }>('SELECT published_at FROM items WHERE id = ?', id)[0]!;
    expect(item.published_at).toBe(publishAt.toISOString());
  }
  // Both processes see it: each process's TV API answers from the shared outbox.
  for (const node of [a, b]) {
    const catalog = (await (await fetch(`${node.baseUrl}/api/tv/v1/catalog?street=taiping`)).json()) as {
      sections: { items: { id: string }[] }[];
    };
    const shown = catalog.sections.flatMap((s) => s.items.map((i) => i.id));
    for (const id of ids) expect(shown).toContain(id);
  }
});
