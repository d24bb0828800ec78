// The TVs' event streams (GET /api/tv/v1/events): one per box, held open. The hub reads the outbox
// (event-repository.ts) whenever its signal (outbox-signal.ts) says there may be new rows, turns the rows each street's boxes
// should have into Server-Sent Events (tv-api/contract.ts, TvEvents) once per street, and writes that text to
// every stream of the street. better-sse opens each stream (headers, `retry:`, Last-Event-ID); the hub keeps
// one heartbeat timer for all of them and drops a box whose unsent bytes pass a bound (it reconnects and
// catches up from the outbox), so neither a slow box nor a crowd of them grows this process without limit.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createEventBuffer, createSession, type EventBuffer, type Session } from 'better-sse';
import {
  EVENTS_HEARTBEAT_S,
  EVENTS_MAX_PENDING_BYTES,
  EVENTS_MAX_STREAMS,
  EVENTS_MAX_STREAMS_PER_ADDRESS,
  EVENTS_REPLAY_MAX,
  EVENTS_RETRY_MS,
  OUTBOX_READ_ROWS,
} from '../constants.ts';
import type { Db } from '../db/database.ts';
import { AppError } from '../domain/errors.ts';
import type { Logger } from '../logger.ts';
import type { ItemSummary, TvEventName, TvEvents } from '../tv-api/contract.ts';
import { EventRepository, type EventRow, type StoredEventData, type StoredScheduleData } from './event-repository.ts';
import { OutboxCursor } from './outbox-cursor.ts';
import { localAndPollingSignal, type OutboxSignal } from './outbox-signal.ts';

/** Which catalog a stream's box follows: v1's (every item) or v2's home (tv-api/answer-cache.ts). */
export type StreamApi = 'v1' | 'v2';

/**
 * What the hub asks of the catalog: tv-api/answer-cache.ts in the server (versions kept until the content
 * changes, so a batch costs no catalog build), or tv-api/catalog-service.ts itself.
 */
export interface CatalogView {
  version(streetId: string | null, api?: StreamApi): string;
  summary(itemId: string, streetId: string | null): ItemSummary | undefined;
}

export interface EventHubLimits {
  maxStreams: number;
  maxStreamsPerAddress: number;
  maxPendingBytes: number;
  heartbeatMs: number;
}

interface Stream {
  session: Session;
  res: ServerResponse;
  street: string | null;
  address: string;
  api: StreamApi;
}

/** A client-given bookmark: a whole, non-negative event id, or nothing. */
export function parseLastEventId(raw: unknown): number | undefined {
  if (typeof raw !== 'string' || !/^\d{1,15}$/.test(raw)) return undefined;
  return Number(raw);
}

export class EventHub {
  private readonly repo: EventRepository;
  private readonly byStreet = new Map<string | null, Set<Stream>>();
  private readonly perAddress = new Map<string, number>();
  private readonly limits: EventHubLimits;
  private heartbeat: ReturnType<typeof setInterval> | undefined;
  private count = 0;
  /** Where the hub is in the outbox (ids may commit out of order on PostgreSQL). */
  private cursor = new OutboxCursor(0);
  private dropped = 0;

  constructor(
    db: Db,
    private readonly catalog: CatalogView,
    private readonly log: Logger,
    private readonly signal: OutboxSignal = localAndPollingSignal(),
    limits: Partial<EventHubLimits> = {},
  ) {
    this.repo = new EventRepository(db);
    this.limits = {
      maxStreams: EVENTS_MAX_STREAMS,
      maxStreamsPerAddress: EVENTS_MAX_STREAMS_PER_ADDRESS,
      maxPendingBytes: EVENTS_MAX_PENDING_BYTES,
      heartbeatMs: EVENTS_HEARTBEAT_S * 1000,
      ...limits,
    };
  }

  start(): void {
    this.cursor = new OutboxCursor(this.repo.lastId());
    this.signal.start(() => this.pump());
    this.heartbeat = setInterval(() => this.beat(), this.limits.heartbeatMs);
    this.heartbeat.unref();
  }

  /** Ends every stream (their boxes reconnect to another node, or to this one when it is back). */
  stop(): void {
    this.signal.stop();
    clearInterval(this.heartbeat);
    for (const set of this.byStreet.values()) for (const s of set) s.res.end();
  }

  /** Open streams now, and boxes dropped for being too slow since start. */
  stats(): { streams: number; dropped: number; lastId: number } {
    return { streams: this.count, dropped: this.dropped, lastId: this.cursor.newest };
  }

  /**
   * Holds `res` open as the event stream of a box of `street` (null: district only). Refused, before anything
   * is written, when this process or this address holds too many streams (the box polls the catalog instead).
   */
  async open(req: IncomingMessage, res: ServerResponse, street: string | null, address: string, api: StreamApi = 'v1'): Promise<void> {
    if (this.count >= this.limits.maxStreams) {
      throw new AppError(503, 'too_many_streams', '服务器现在连接的电视太多了，请稍后再试。');
    }
    if ((this.perAddress.get(address) ?? 0) >= this.limits.maxStreamsPerAddress) {
      throw new AppError(429, 'too_many_streams', '这个网络连接的电视太多了，请稍后再试。');
    }
    const url = new URL(req.url ?? '/', 'http://x');
    const since = parseLastEventId(req.headers['last-event-id'] ?? url.searchParams.get('lastEventId') ?? undefined);
    const session = await createSession(req, res, {
      retry: EVENTS_RETRY_MS,
      keepAlive: null, // one timer for every stream: beat()
      trustClientEventId: false, // read and bounded above
      headers: { 'Cache-Control': 'no-store, no-transform' },
    });
    const stream: Stream = { session, res, street, address, api };
    this.add(stream);
    session.once('disconnected', () => this.remove(stream));
    // Catch up to where the hub is; anything newer reaches this stream through pump(), now that it is listed.
    const last = this.cursor.newest;
    const missed = since === undefined || since >= last ? [] : this.repo.afterFor(since, street, last, EVENTS_REPLAY_MAX + 1);
    // More missed than a replay holds: the catalog message alone brings the box up to date (it shows unseen
    // urgent notices from the catalog it refetches).
    this.write(stream, this.messages(missed.length > EVENTS_REPLAY_MAX ? [] : missed, street, last, api));
  }

  /** Reads what is new in the outbox and sends it. Synchronous: two calls never interleave. */
  pump(): void {
    for (;;) {
      const read = this.repo.after(this.cursor.readFrom, OUTBOX_READ_ROWS);
      const rows = this.cursor.take(read);
      if (rows.length > 0) this.send(rows, this.cursor.newest);
      // A full read may have more behind it; one that brought nothing new (rows already sent, above an id still
      // awaited) ends here: the next wake-up reads again.
      if (read.length < OUTBOX_READ_ROWS || rows.length === 0) return;
    }
  }

  private send(rows: EventRow[], last: number): void {
    for (const [street, set] of this.byStreet) {
      const theirs = rows.filter((r) => r.street_id === null || r.street_id === street);
      if (theirs.length === 0 || set.size === 0) continue;
      // Once per street and API its boxes follow (the catalog message's version differs between them).
      const texts = new Map<StreamApi, EventBuffer>();
      for (const s of set) {
        let text = texts.get(s.api);
        if (!text) texts.set(s.api, (text = this.messages(theirs, street, last, s.api)));
        this.write(s, text);
      }
    }
  }

  /** The SSE text for `rows` as a box of `street` should have them, ending with `catalog` carrying id `id`. */
  private messages(rows: EventRow[], street: string | null, id: number, api: StreamApi): EventBuffer {
    const buf = createEventBuffer();
    const push = <N extends TvEventName>(name: N, data: TvEvents[N], eventId?: number) => {
      buf.event(name).data(data);
      if (eventId !== undefined) buf.id(String(eventId));
      buf.dispatch();
    };
    for (const row of rows) {
      if (row.type === 'item_changed') continue; // the catalog message below says it
      if (row.type === 'schedule_changed') {
        push('broadcasts', { channelId: (JSON.parse(row.data) as StoredScheduleData).channelId });
        continue;
      }
      const data = JSON.parse(row.data) as StoredEventData;
      if (!data.urgent) continue;
      if (row.type === 'item_hidden') {
        push('urgent_withdrawn', { itemId: data.itemId });
      } else {
        // Only what this box may see now: a notice withdrawn since, or a video not ready yet, is not sent.
        const item = this.catalog.summary(data.itemId, street);
        if (item) push('urgent', { item });
      }
    }
    push('catalog', { version: this.catalog.version(street, api) }, id);
    return buf;
  }

  /** Writes to one stream, or drops it when its box has not taken what was sent before. */
  private write(s: Stream, text: EventBuffer | string): void {
    if (s.res.writableLength > this.limits.maxPendingBytes) {
      this.dropped++;
      this.log.warn({ street: s.street, pending: s.res.writableLength }, 'event stream too slow: dropped (the box reconnects)');
      s.res.destroy();
      return;
    }
    if (typeof text === 'string') s.res.write(text);
    else void s.session.batch(text).catch(() => undefined);
  }

  /** A comment on every stream: proxies and NAT tables keep the connection, and dead ones surface. */
  private beat(): void {
    for (const set of this.byStreet.values()) for (const s of set) this.write(s, ':\n\n');
  }

  private add(s: Stream): void {
    let set = this.byStreet.get(s.street);
    if (!set) this.byStreet.set(s.street, (set = new Set()));
    set.add(s);
    this.count++;
    this.perAddress.set(s.address, (this.perAddress.get(s.address) ?? 0) + 1);
  }

  private remove(s: Stream): void {
    const set = this.byStreet.get(s.street);
    if (!set?.delete(s)) return;
    if (set.size === 0) this.byStreet.delete(s.street);
    this.count--;
    const n = (this.perAddress.get(s.address) ?? 1) - 1;
    if (n === 0) this.perAddress.delete(s.address);
    else this.perAddress.set(s.address, n);
  }
}
