// The box's ear on the CMS: the event stream (GET /api/tv/v2/events, Server-Sent Events; the messages are
// TvEvents in the TV API contract). The browser's EventSource reads it; this module owns reconnecting — with
// growing, jittered pauses, so a district's boxes do not all come back in the same second after the CMS
// restarts — and passes the id of the last message back (`?lastEventId=`), so the CMS replays what was missed.
// Where streams cannot get through (a proxy, an old box without EventSource), the catalog is polled instead.
import type { ItemSummary, TvEventName, TvEvents } from '../../../cms-server/src/tv-api/contract.ts';
import { apiBase, streetId } from './api.ts';

export interface EventHandlers {
  /** The catalog's version now (refetch if it differs), or null from polling: "check the catalog". */
  catalog(version: string | null): void;
  urgent(item: ItemSummary): void;
  urgentWithdrawn(itemId: string): void;
  /** A channel's schedule changed: read the channels again (data/broadcasts.ts). */
  broadcasts?(channelId: string): void;
  /** The stream is open (true) or not (false). */
  connected?(open: boolean): void;
}

/** The first pause before reconnecting, and the longest, in milliseconds. */
export const RECONNECT_MIN_MS = 1000;
export const RECONNECT_MAX_MS = 60_000;
/** How often the catalog is checked while no stream is open, in milliseconds. */
export const POLL_MS = 60_000;
/**
 * The installer may set a box on a network that blocks event streams to poll more often, in its start address
 * (`/tv/?poll=15`, seconds, at least 5).
 */
export function pollMs(search: string = location.search): number {
  const s = Number(new URLSearchParams(search).get('poll'));
  return Number.isFinite(s) && s >= 5 ? Math.min(s, 3600) * 1000 : POLL_MS;
}
/** Failed attempts in a row after which the box also polls (a stream that never opens is probably blocked). */
const POLL_AFTER_FAILURES = 2;

/** The pause before attempt `n` (0-based): doubling from RECONNECT_MIN_MS up to RECONNECT_MAX_MS, ±25 % at random. */
export function reconnectDelay(n: number, random: () => number = Math.random): number {
  const base = Math.min(RECONNECT_MAX_MS, RECONNECT_MIN_MS * 2 ** Math.min(n, 16));
  return Math.round(base * (0.75 + 0.5 * random()));
}

export interface EventListener {
  stop(): void;
}

export function listenForEvents(on: EventHandlers): EventListener {
  let source: EventSource | undefined;
  let lastId: string | undefined;
  let failures = 0;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let pollTimer: ReturnType<typeof setInterval> | undefined;
  let stopped = false;

  const startPolling = () => {
    pollTimer ??= setInterval(() => on.catalog(null), pollMs());
  };
  const stopPolling = () => {
    clearInterval(pollTimer);
    pollTimer = undefined;
  };

  const url = () => {
    // v2: its `catalog` message carries the version of home (GET /api/tv/v2/catalog), what this box compares.
    const u = new URL(`${apiBase()}/api/tv/v2/events`);
    const street = streetId();
    if (street) u.searchParams.set('street', street);
    if (lastId) u.searchParams.set('lastEventId', lastId);
    return u.toString();
  };

  function handle<N extends TvEventName>(name: N, e: MessageEvent<string>): void {
    if (e.lastEventId) lastId = e.lastEventId;
    let data: TvEvents[N];
    try {
      data = JSON.parse(e.data) as TvEvents[N];
    } catch {
      return; // not ours: ignore rather than stop listening
    }
    if (name === 'catalog') on.catalog((data as TvEvents['catalog']).version);
    else if (name === 'urgent') on.urgent((data as TvEvents['urgent']).item);
    else if (name === 'urgent_withdrawn') on.urgentWithdrawn((data as TvEvents['urgent_withdrawn']).itemId);
    else if (name === 'broadcasts') on.broadcasts?.((data as TvEvents['broadcasts']).channelId);
  }

  function connect(): void {
    if (stopped) return;
    const es = new EventSource(url());
    source = es;
    for (const name of ['catalog', 'urgent', 'urgent_withdrawn', 'broadcasts'] as const) {
      es.addEventListener(name, (e) => handle(name, e as MessageEvent<string>));
    }
    es.onopen = () => {
      failures = 0;
      stopPolling();
      on.connected?.(true);
    };
    // The browser would retry on its own, but without the id-in-the-address and with no pause that grows:
    // every error closes this EventSource and the next attempt is scheduled here.
    es.onerror = () => {
      es.close();
      if (source !== es || stopped) return;
      source = undefined;
      on.connected?.(false);
      if (++failures >= POLL_AFTER_FAILURES) startPolling();
      retryTimer = setTimeout(connect, reconnectDelay(failures - 1));
    };
  }

  if (typeof EventSource === 'undefined') startPolling();
  else connect();

  return {
    stop() {
      stopped = true;
      clearTimeout(retryTimer);
      stopPolling();
      source?.close();
    },
  };
}
