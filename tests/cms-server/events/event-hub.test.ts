// The event hub in-process, on a real SQLite database and a real HTTP server on 127.0.0.1: an event is written
// with the change it reports or not at all, and a box that stops reading is dropped once its unsent bytes pass
// the bound, instead of growing the server's memory.
import http from 'node:http';
import net, { type AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Actor } from '../../../cms-server/src/domain/scope.ts';
import { openDatabase, type Db } from '../../../cms-server/src/db/database.ts';
import { EventHub, parseLastEventId } from '../../../cms-server/src/events/event-hub.ts';
import type { OutboxSignal } from '../../../cms-server/src/events/outbox-signal.ts';
import { EventRepository } from '../../../cms-server/src/events/event-repository.ts';
import { createLogger } from '../../../cms-server/src/logger.ts';
import { PublishingService } from '../../../cms-server/src/publishing/publishing-service.ts';
import { loadContent } from '../../../cms-server/src/seed/load-content.ts';
import { seedIfEmpty } from '../../../cms-server/src/seed/seed.ts';
import { CatalogService } from '../../../cms-server/src/tv-api/catalog-service.ts';
import { ROOT } from '../../helpers/server.ts';
import { SseStream } from '../../helpers/sse-client.ts';

const admin: Actor = { userId: 'admin', username: 'admin', displayName: '管理员', role: 'admin', streetId: null, sessionId: 's' };
/** The test pumps the outbox itself. */
const manual: OutboxSignal = { start: () => undefined, stop: () => undefined };

let db: Db;
let server: http.Server | undefined;
let hub: EventHub | undefined;

beforeEach(() => {
  db = openDatabase(':memory:');
  seedIfEmpty(db, loadContent(`${ROOT}/content`));
});
afterEach(async () => {
  hub?.stop();
  hub = undefined;
  await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
  server?.closeAllConnections();
  server = undefined;
  db.close();
});

/** A published urgent district notice, through the publishing service. */
function publishUrgent(service: PublishingService, title: string): string {
  const item = service.create(admin, { kind: 'notice', sectionId: 'affairs', title, body: '正文', urgent: true, streetId: null });
  service.submit(admin, item.id);
  return service.approve(admin, item.id, {}).id;
}

describe('the outbox', () => {
  it('when the transaction of a publishing step rolls back, then its event goes with it', () => {
    const service = new PublishingService(db);
    const events = new EventRepository(db);
    const id = publishUrgent(service, '要撤下的通知');
    const before = events.lastId();
    expect(before).toBeGreaterThan(0);
    // The withdrawal itself succeeds and writes its event; the enclosing transaction then fails.
    expect(() =>
      db.transaction(() => {
        service.withdraw(admin, id);
        expect(events.lastId()).toBe(before + 1);
        throw new Error('something after the withdrawal failed');
      })(),
    ).toThrow('something after');
    expect(events.lastId()).toBe(before);
    expect(db.prepare('SELECT status FROM items WHERE id = ?').pluck().get(id)).toBe('published');
  });

  it('when a box sends a bookmark, then only a plain whole number counts', () => {
    expect(parseLastEventId('42')).toBe(42);
    for (const bad of [undefined, '', '-1', '1.5', '1e3', ' 7', '0x10', '9'.repeat(16), ['1']]) expect(parseLastEventId(bad), String(bad)).toBeUndefined();
  });
});

describe('a box that stops reading', () => {
  it('when its unsent bytes pass the bound, then it is dropped and the others go on', async () => {
    const catalog = new CatalogService(db);
    hub = new EventHub(db, catalog, createLogger('silent'), manual, { maxPendingBytes: 64 * 1024 });
    hub.start();
    const h = hub;
    server = http.createServer((req, res) => void h.open(req, res, null, '127.0.0.1'));
    await new Promise<void>((r) => server!.listen(0, '127.0.0.1', () => r()));
    const { port } = server.address() as AddressInfo;

    // The slow box: a raw socket that reads the response head, then nothing more.
    const slow = net.connect(port, '127.0.0.1');
    let closed = false;
    slow.on('close', () => (closed = true));
    slow.on('error', () => undefined);
    slow.write('GET /events HTTP/1.1\r\nHost: x\r\nAccept: text/event-stream\r\n\r\n');
    await new Promise<void>((r) => slow.once('data', () => (slow.pause(), r())));
    // A box that reads.
    let received = 0;
    const good = net.connect(port, '127.0.0.1');
    good.on('data', (b: Buffer) => (received += b.length));
    good.write('GET /events HTTP/1.1\r\nHost: x\r\nAccept: text/event-stream\r\n\r\n');
    while (h.stats().streams < 2) await new Promise((r) => setTimeout(r, 10));

    // Urgent notices (each message carries the notice) until the slow box's kernel buffers are full and its
    // unsent bytes pass 64 KiB: a few megabytes at most.
    const service = new PublishingService(db);
    const events = new EventRepository(db);
    const id = publishUrgent(service, '一条很长的紧急通知'.repeat(4));
    let sent = 0;
    for (let round = 0; round < 200 && h.stats().dropped === 0; round++) {
      db.transaction(() => {
        for (let i = 0; i < 200; i++) events.itemChanged(true, { id, street_id: null, urgent: 1 }, new Date());
      })();
      h.pump();
      sent += 200;
      await new Promise((r) => setImmediate(r));
    }
    expect(h.stats().dropped, `dropped after ${sent} events`).toBe(1);
    // The server let go of it (the paused socket itself sees the end only when it reads again).
    while (h.stats().streams > 1) await new Promise((r) => setTimeout(r, 10));
    slow.resume();
    while (!closed) await new Promise((r) => setTimeout(r, 10));
    // The reading box had everything so far and still gets what comes next.
    const had = received;
    events.itemChanged(true, { id, street_id: null, urgent: 1 }, new Date());
    h.pump();
    while (received === had) await new Promise((r) => setTimeout(r, 10));
    good.destroy();
    slow.destroy();
  });
});

describe('ids committed out of order (PostgreSQL)', () => {
  it('when a lower id turns up after a higher one was sent, then the boxes get it too, each notice once', async () => {
    const catalog = new CatalogService(db);
    hub = new EventHub(db, catalog, createLogger('silent'), manual);
    hub.start();
    const h = hub;
    server = http.createServer((req, res) => void h.open(req, res, null, '127.0.0.1'));
    await new Promise<void>((r) => server!.listen(0, '127.0.0.1', () => r()));
    const { port } = server.address() as AddressInfo;
    const box = await SseStream.open(`http://127.0.0.1:${port}/events`);
    await box.next((m) => m.event === 'catalog');

    // Two notices approved at once; the first one's rows commit last (kept out of the hub's sight meanwhile).
    const service = new PublishingService(db);
    const first = publishUrgent(service, '先批准的通知');
    const firstRows = db.prepare('SELECT id FROM tv_events WHERE data LIKE ?').pluck().all(`%${first}%`) as number[];
    const held = `id IN (${firstRows.join(',')})`;
    db.exec(`CREATE TEMP TABLE held AS SELECT * FROM tv_events WHERE ${held}; DELETE FROM tv_events WHERE ${held}`);
    const second = publishUrgent(service, '后批准的通知');
    h.pump();
    await box.next((m) => m.event === 'urgent' && (m.data as { item: { id: string } }).item.id === second);
    db.exec('INSERT INTO tv_events SELECT * FROM held'); // committed now, with its lower ids
    h.pump();
    await box.next((m) => m.event === 'urgent' && (m.data as { item: { id: string } }).item.id === first);
    h.pump();
    const urgent = box.messages.filter((m) => m.event === 'urgent').map((m) => (m.data as { item: { id: string } }).item.id);
    expect(urgent).toEqual([second, first]);
    box.close();
  });
});
