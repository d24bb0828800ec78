// Hash routes (#/items, #/items/<id>, #/upload…): the server serves one index.html at /admin/, so a page
// reload or a bookmarked address lands on the same page.

export interface RouteContext {
  /** The path parts after '#/': '#/items/abc' → ['items', 'abc']. */
  parts: string[];
  query: URLSearchParams;
  /** Runs when the page is left (stop timers, players, polling). */
  onLeave(fn: () => void): void;
  /** Asked before leaving: a message to confirm (e.g. an upload still running), or null to just go. */
  guardLeave(fn: () => string | null): void;
}

export function currentRoute(): { parts: string[]; query: URLSearchParams } {
  const raw = location.hash.replace(/^#\/?/, '');
  const [path = '', search = ''] = raw.split('?');
  return { parts: path.split('/').filter(Boolean).map(decodeURIComponent), query: new URLSearchParams(search) };
}

export function go(hash: string): void {
  if (location.hash === hash) window.dispatchEvent(new HashChangeEvent('hashchange'));
  else location.hash = hash;
}

export function href(parts: string[], query?: Record<string, string | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(query ?? {})) if (v) q.set(k, v);
  const s = q.toString();
  return `#/${parts.map(encodeURIComponent).join('/')}${s ? `?${s}` : ''}`;
}

/** Changes the address without showing another page (a new item got its id): the bar and history follow. */
export function replaceRoute(hash: string): void {
  history.replaceState(null, '', hash);
  window.dispatchEvent(new Event('keting:replaced'));
}
