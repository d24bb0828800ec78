// The data layer: the TV API, with the catalog cached on the box so the TV still shows the last
// catalog when the CMS cannot be reached.
import type {
  CatalogResponse,
  ErrorResponse,
  ItemDetail,
  ProgressReportBody,
} from '../../../cms-server/src/tv-api/contract.ts';

export type { CatalogResponse, ItemDetail };
export type { ItemSummary, SectionWithItems } from '../../../cms-server/src/tv-api/contract.ts';

const CACHE_KEY = 'keting.catalog.v1';
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

const withStreet = (path: string): string => {
  const street = streetId();
  return street ? `${path}?street=${encodeURIComponent(street)}` : path;
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

export interface CatalogResult {
  catalog: CatalogResponse;
  /** True when the server could not be reached and this is the copy kept on the box. */
  fromCache: boolean;
}

export async function loadCatalog(): Promise<CatalogResult> {
  try {
    // Always revalidate (a 304 costs a few bytes): new notices show up as soon as home is shown again.
    let catalog: CatalogResponse;
    try {
      catalog = await getJson<CatalogResponse>(withStreet('/api/tv/v1/catalog'), 'no-cache');
    } catch (e) {
      if (!(e instanceof ApiError && (e.code === 'unknown_street' || e.code === 'invalid_street'))) throw e;
      // Never a dead end: a box set to a street that does not exist shows the district's content.
      forgetStreet();
      catalog = await getJson<CatalogResponse>('/api/tv/v1/catalog', 'no-cache');
    }
    try {
      localStorage.setItem(CACHE_KEY, JSON.stringify(catalog));
    } catch {
      // storage full or disabled: the app works without the cache
    }
    return { catalog, fromCache: false };
  } catch (e) {
    const cached = cachedCatalog();
    if (cached) return { catalog: cached, fromCache: true };
    throw e;
  }
}

/** The last catalog this box received, if it kept one. */
export function cachedCatalog(): CatalogResponse | undefined {
  try {
    const kept = localStorage.getItem(CACHE_KEY);
    return kept ? (JSON.parse(kept) as CatalogResponse) : undefined;
  } catch {
    return undefined; // storage disabled, or a damaged copy: as if none were kept
  }
}

export function loadItem(id: string): Promise<ItemDetail> {
  return getJson<ItemDetail>(withStreet(`/api/tv/v1/items/${encodeURIComponent(id)}`));
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
export function sendProgress(report: Omit<ProgressReportBody, 'deviceId'>): void {
  const body: ProgressReportBody = { deviceId: deviceId(), ...report };
  try {
    fetch(`${apiBase()}${withStreet('/api/tv/v1/progress')}`, {
      method: 'POST',
      keepalive: true,
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    }).catch(() => {});
  } catch {
    // a box without fetch keepalive support: the position stays on the box
  }
}

/** A media path from the API ("/media/…") as a full URL. */
export const mediaUrl = (path: string) => (/^https?:/.test(path) ? path : `${apiBase()}${path}`);
