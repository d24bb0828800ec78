// Values kept across a reload of the page (a settings restart), in sessionStorage: gone when the box
// restarts, which is what a restart of the app should forget.
/** Keeps a value across a reload of the page (sessionStorage; gone when the box restarts). */
export function keepSession(key: string, value: unknown): void {
  try {
    sessionStorage.setItem(key, JSON.stringify(value));
  } catch {
    // no storage: the restart lands with a short way back, which still ends at home
  }
}
export function takeSession<T>(key: string): T | undefined {
  try {
    const v = sessionStorage.getItem(key);
    sessionStorage.removeItem(key);
    return v ? (JSON.parse(v) as T) : undefined;
  } catch {
    return undefined;
  }
}
