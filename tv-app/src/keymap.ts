// The one key map: remote-control key codes of common boxes → the names the app handles.
// Lightning calls `_handle<Name>` for a mapped key; digits and colour keys are handled by name in App.
// A box with other codes adds them with `?keys=CODE:Name,CODE:Name` (or localStorage "keting.keys").

export type KeyName =
  | 'Left' | 'Right' | 'Up' | 'Down' | 'Enter' | 'Back'
  | 'Digit0' | 'Digit1' | 'Digit2' | 'Digit3' | 'Digit4' | 'Digit5' | 'Digit6' | 'Digit7' | 'Digit8' | 'Digit9'
  | 'Red' | 'Green' | 'Yellow' | 'Blue'
  | 'Play' | 'Pause' | 'PlayPause' | 'Stop' | 'Rewind' | 'FastForward' | 'PageUp' | 'PageDown';

export const DEFAULT_KEYS: Record<number, KeyName> = {
  37: 'Left', 38: 'Up', 39: 'Right', 40: 'Down',
  13: 'Enter',
  8: 'Back', 27: 'Back', 461: 'Back', 10009: 'Back',
  403: 'Red', 404: 'Green', 405: 'Yellow', 406: 'Blue',
  415: 'Play', 19: 'Pause', 179: 'PlayPause', 463: 'PlayPause', 413: 'Stop', 412: 'Rewind', 417: 'FastForward',
  33: 'PageUp', 34: 'PageDown', 427: 'PageUp', 428: 'PageDown',
};
for (let d = 0; d <= 9; d++) {
  DEFAULT_KEYS[48 + d] = `Digit${d}` as KeyName; // top-row digits
  DEFAULT_KEYS[96 + d] = `Digit${d}` as KeyName; // numeric pad
}

/** Parses "461:Back,10009:Back" into extra mappings; ignores anything malformed. */
export function parseExtraKeys(spec: string | null): Record<number, KeyName> {
  const out: Record<number, KeyName> = {};
  for (const pair of (spec ?? '').split(',')) {
    const [code, name] = pair.split(':');
    const n = Number(code);
    if (Number.isInteger(n) && n > 0 && name && /^[A-Z][A-Za-z0-9]+$/.test(name)) out[n] = name as KeyName;
  }
  return out;
}

export function keyMap(search: string, stored: string | null): Record<number, KeyName> {
  return { ...DEFAULT_KEYS, ...parseExtraKeys(stored), ...parseExtraKeys(new URLSearchParams(search).get('keys')) };
}

let active: Record<number, KeyName> | undefined;
/** The key map in force on this box: the defaults plus its own codes from the URL or storage. */
export function activeKeyMap(): Record<number, KeyName> {
  active ??= keyMap(location.search, safeStorageGet('keting.keys'));
  return active;
}

function safeStorageGet(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

/** The digit 0–9 of a key name, or undefined. */
export function digitOf(name: string | undefined): string | undefined {
  const m = /^Digit(\d)$/.exec(name ?? '');
  return m?.[1];
}
