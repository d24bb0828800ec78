// The data layer: the TV API (version 2: home, then a section's list page by page), with home and the first page
// of each section kept on the box so the TV still shows the last content when the CMS cannot be reached. The kept
// copy never holds the archive: home (ten sections' counts and newest items) and one first page per section.
import type {
  ErrorResponse,
  HomeResponse,
  ItemDetail,
  ProgressReportBody,
  SectionPage,
} from '../../../cms-server/src/tv-api/contract.ts';

export type { HomeResponse, ItemDetail, SectionPage };
export type { HomeSection, ItemSummary } from '../../../cms-server/src/tv-api/contract.ts';

const CACHE_KEY = 'keting.home.v2';
/** The first page of each section, by section id (the pages after it are never kept). */
const PAGES_KEY = 'keting.pages.v2';
/** What version 1 of the app kept (the whole catalog): dropped, it may be megabytes. */
const OLD_CACHE_KEY = 'keting.catalog.v1';
const STREET_KEY = 'keting.street';
const DEVICE_KEY = 'keting.device';
const TIMEOUT_MS = 8000;

/** Where the API lives: the page's own origin, or `?api=http://…` for development. */
export function apiBase(): string {
  const fromQuery = new URLSearchParams(location.search).get('api');
  return (fromQuery ?? location.origin).replace(/\/$/, '');
}

/**
 * The street this box belongs to: a TV shows district-wide content plus its street's own. Whoever installs
 * the box sets it once in the start page's address (`/tv/?street=taiping`); the box keeps it, so the viewer
 * never types anything. `?street=` (empty) makes it a district box again.
 */
export function streetId(): string | null {
  const fromQuery = new URLSearchParams(location.search).get('street');
  try {
    if (fromQuery !== null) {
      if (fromQuery) localStorage.setItem(STREET_KEY, fromQuery);
      else localStorage.removeItem(STREET_KEY);
      return fromQuery || null;
    }
    return localStorage.getItem(STREET_KEY);
  } catch {
    return fromQuery || null;
  }
}

/** Forgets a street the server does not know (a typo at installation): the box falls back to district content. */
function forgetStreet(): void {
  try {
    localStorage.removeItem(STREET_KEY);
  } catch {
    // nothing kept, nothing to forget
  }
  if (new URLSearchParams(location.search).has('street')) {
    const url = new URL(location.href);
    url.searchParams.delete('street');
    history.replaceState(null, '', url);
  }
}

const withStreet = (path: string, query: Record<string, string> = {}): string => {
  const q = new URLSearchParams();
  const street = streetId();
  if (street) q.set('street', street);
  for (const [k, v] of Object.entries(query)) q.set(k, v);
  const qs = q.toString();
  return qs ? `${path}?${qs}` : path;
};

export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

async function getJson<T>(path: string, cache: RequestCache = 'default'): Promise<T> {
  const ctrl = new AbortController();
  const timer = setTimeout(() => ctrl.abort(), TIMEOUT_MS);
  let res: Response;
  try {
    res = await fetch(`${apiBase()}${path}`, { signal: ctrl.signal, cache });
  } catch {
    throw new ApiError('offline', '暂时连不上服务器，请稍后再试。');
  } finally {
    clearTimeout(timer);
  }
  if (!res.ok) {
    const body = (await res.json().catch(() => undefined)) as ErrorResponse | undefined;
    throw new ApiError(body?.error.code ?? `http_${res.status}`, body?.error.message ?? '服务器出了点问题，请稍后再试。');
  }
  return (await res.json()) as T;
}

export interface HomeResult {
  home: HomeResponse;
  /** True when the server could not be reached and this is the copy kept on the box. */
  fromCache: boolean;
}

function keep(key: string, value: unknown): void {
  try {
    localStorage.setItem(key, JSON.stringify(value));
  } catch {
    // storage full or disabled: the app works without the kept copy
  }
}

function kept<T>(key: string): T | undefined {
  try {
    const v = localStorage.getItem(key);
    return v ? (JSON.parse(v) as T) : undefined;
  } catch {
    return undefined; // storage disabled, or a damaged copy: as if none were kept
  }
}

/**
 * Home: the sections with their counts and newest items, and the urgent notices (GET /api/tv/v2/catalog).
 * Always revalidated (`no-cache`: the browser sends the ETag back as If-None-Match, and a 304 costs a few bytes),
 * so new notices show up as soon as home is shown again.
 */
export async function loadHome(): Promise<HomeResult> {
  try {
    let home: HomeResponse;
    try {
      home = await getJson<HomeResponse>(withStreet('/api/tv/v2/catalog'), 'no-cache');
    } catch (e) {
      if (!(e instanceof ApiError && (e.code === 'unknown_street' || e.code === 'invalid_street'))) throw e;
      // Never a dead end: a box set to a street that does not exist shows the district's content.
      forgetStreet();
      home = await getJson<HomeResponse>('/api/tv/v2/catalog', 'no-cache');
    }
    keep(CACHE_KEY, home);
    try {
      localStorage.removeItem(OLD_CACHE_KEY);
    } catch {
      // nothing kept
    }
    return { home, fromCache: false };
  } catch (e) {
    const copy = cachedHome();
    if (copy) return { home: copy, fromCache: true };
    throw e;
  }
}

/** The last home this box received, if it kept one. */
export const cachedHome = (): HomeResponse | undefined => kept<HomeResponse>(CACHE_KEY);

/** Items per page a box asks for (the server allows 1..100). */
export const PAGE_LIMIT = 50;

/**
 * One page of a section's list (GET /api/tv/v2/sections/:id/items): the first page without a cursor, then each
 * page's `nextCursor`. The first page is kept on the box for when the CMS cannot be reached.
 */
export async function loadSectionPage(sectionId: string, cursor: string | null): Promise<SectionPage> {
  const query: Record<string, string> = { limit: String(PAGE_LIMIT) };
  if (cursor) query.cursor = cursor;
  const path = withStreet(`/api/tv/v2/sections/${encodeURIComponent(sectionId)}/items`, query);
  try {
    const page = await getJson<SectionPage>(path, cursor ? 'default' : 'no-cache');
    if (!cursor) keep(PAGES_KEY, { ...kept<Record<string, SectionPage>>(PAGES_KEY), [sectionId]: page });
    return page;
  } catch (e) {
    const copy = cursor ? undefined : kept<Record<string, SectionPage>>(PAGES_KEY)?.[sectionId];
    if (copy) return copy;
    throw e;
  }
}

/** One item with its body and, per kind, its video, guide or recruitment post (the same answer as v1's). */
export function loadItem(id: string): Promise<ItemDetail> {
  return getJson<ItemDetail>(withStreet(`/api/tv/v2/items/${encodeURIComponent(id)}`));
}

/** A version 4 UUID; `crypto.randomUUID` exists only on https pages, and many boxes load the app over http. */
function newUuid(): string {
  if (typeof crypto !== 'undefined' && typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const b = new Uint8Array(16);
  if (typeof crypto !== 'undefined' && typeof crypto.getRandomValues === 'function') crypto.getRandomValues(b);
  else for (let i = 0; i < 16; i++) b[i] = Math.floor(Math.random() * 256);
  b[6] = (b[6]! & 0x0f) | 0x40; // version 4
  b[8] = (b[8]! & 0x3f) | 0x80; // RFC 4122 variant
  const h = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

let sessionDevice: string | undefined;

/**
 * This box's id: a random UUID made once and kept, so the server can tell boxes apart without knowing who
 * watches. Without storage it lasts until the app is reloaded.
 */
export function deviceId(): string {
  try {
    const kept = localStorage.getItem(DEVICE_KEY);
    if (kept) return kept;
    const made = newUuid();
    localStorage.setItem(DEVICE_KEY, made);
    return made;
  } catch {
    return (sessionDevice ??= newUuid());
  }
}

/**
 * Tells the server where the box is in a video. `keepalive` lets the request finish while the player closes.
 * Failures are silent: the box keeps its own copy, and the next report carries the newer position anyway.
 */
/** Reports a position; settles (never fails) once the CMS has answered or could not be reached. */
export function sendProgress(report: Omit<ProgressReportBody, 'deviceId'>): Promise<void> {
  const body: ProgressReportBody = { deviceId: deviceId(), ...report };
  try {
    return fetch(`${apiBase()}${withStreet('/api/tv/v1/progress')}`, {
      method: 'POST',
      keepalive: true,
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    }).then(
      () => undefined,
      () => undefined,
    );
  } catch {
    // a box without fetch keepalive support: the position stays on the box
    return Promise.resolve();
  }
}

/**
 * A paired box showing a live broadcast with members watching (谁在看): their study of that broadcast
 * (POST /api/tv/v1/progress/live, every ~15 s while it plays). Failures are silent, as for progress.
 */
export function sendLiveProgress(channelId: string, members: readonly number[]): Promise<void> {
  try {
    return fetch(`${apiBase()}${withStreet('/api/tv/v1/progress/live')}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ deviceId: deviceId(), channelId, members }),
    }).then(
      () => undefined,
      () => undefined,
    );
  } catch {
    return Promise.resolve();
  }
}

/** A media path from the API ("/media/…") as a full URL. */
export const mediaUrl = (path: string) => (/^https?:/.test(path) ? path : `${apiBase()}${path}`);
