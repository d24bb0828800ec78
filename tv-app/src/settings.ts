// The viewer's settings, kept on the box. Simple mode is the default: large text, voice read-out on.
export interface Settings {
  /** Read out every focus change and offer "朗读" on texts. */
  voice: boolean;
  /** Speech rate: 0.8 slow, 1 normal, 1.2 fast. */
  speechRate: number;
  /** 'large' is the simple-mode default; 'larger' scales every text up once more. */
  textSize: 'large' | 'larger';
  /** 'high' swaps to pure black and white with yellow focus. */
  contrast: 'normal' | 'high';
  /** After 20 s idle on the home screen, play the featured lesson full screen. */
  idlePlay: boolean;
  /** Show a video's captions (large, on a plate); on by default, toggled with ↓ in the player. */
  captions: boolean;
}

export const DEFAULT_SETTINGS: Settings = { voice: true, speechRate: 1, textSize: 'large', contrast: 'normal', idlePlay: false, captions: true };
const KEY = 'keting.settings';

function readStored(): Partial<Settings> {
  try {
    return JSON.parse(localStorage.getItem(KEY) ?? '{}') as Partial<Settings>;
  } catch {
    return {};
  }
}

let current: Settings = { ...DEFAULT_SETTINGS, ...readStored() };
const listeners = new Set<(s: Settings) => void>();

export const settings = (): Readonly<Settings> => current;

export function updateSettings(patch: Partial<Settings>): void {
  current = { ...current, ...patch };
  try {
    localStorage.setItem(KEY, JSON.stringify(current));
  } catch {
    // storage unavailable: the setting holds until the box restarts
  }
  listeners.forEach((l) => l(current));
}

export function onSettingsChange(l: (s: Settings) => void): () => void {
  listeners.add(l);
  return () => listeners.delete(l);
}
