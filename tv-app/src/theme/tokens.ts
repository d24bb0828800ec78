// Every size and colour of the TV app, for viewers aged 60–90 at 1920×1080 (see shared/TV-UX.md):
// body ≥ 36 px, titles ≥ 48 px, contrast ≥ 7:1 for each text on its background, 5 % safe margins.
// theme.ts hands these to the ui-components theme; components read them from there or from here.

/** 0xAARRGGBB, as Lightning wants colours. */
const argb = (hex: string, alpha = 1) => (Math.round(alpha * 255) * 0x1000000 + parseInt(hex.slice(1), 16)) >>> 0;

import { settings } from '../settings.ts';

export const FONT = 'Noto Sans CJK SC';

/** The normal simple-mode colours. Every text/background pair here is checked for ≥ 7:1 by a test. */
export const normalPalette = {
  background: '#0a1628', // deep navy
  surface: '#15305a', // a tile or row at rest
  surfaceFocused: '#ffd23f', // the focused tile: warm yellow
  text: '#ffffff',
  textOnFocused: '#10151f',
  textSecondary: '#ffe9a8', // pale yellow on navy
  accent: '#a50d24', // party red, dark enough for white text at 7.6:1
  ring: '#ffffff',
  urgent: '#ffb3b3',
  plate: '#000000',
  trackBar: '#4a5a70', // the unplayed part of the progress bar
};

/** High contrast (a setting): pure black and white, yellow focus, no navy. */
export const highContrastPalette: typeof normalPalette = {
  background: '#000000',
  surface: '#1a1a1a',
  surfaceFocused: '#ffff00',
  text: '#ffffff',
  textOnFocused: '#000000',
  textSecondary: '#ffff66',
  accent: '#b00020',
  ring: '#ffffff',
  urgent: '#ffb3b3',
  plate: '#000000',
  trackBar: '#666666',
};

// The theme is read once at start; changing text size or contrast in settings restarts the app so that
// every screen is built again from the new values.
export const palette = settings().contrast === 'high' ? highContrastPalette : normalPalette;

export const colors = Object.fromEntries(Object.entries(palette).map(([k, v]) => [k, argb(v)])) as Record<
  keyof typeof palette,
  number
>;
export const plateColor = (alpha: number) => argb(palette.plate, alpha);

export const baseType = {
  display: { fontSize: 64, lineHeight: 80 },
  title: { fontSize: 56, lineHeight: 72 },
  heading: { fontSize: 48, lineHeight: 64 },
  body: { fontSize: 40, lineHeight: 64 },
  caption: { fontSize: 36, lineHeight: 52 }, // the smallest text anywhere
};

/** "特大" text scales body and caption text up; titles are already large and keep their place. */
const LARGER: Partial<Record<keyof typeof baseType, number>> = { body: 1.2, caption: 1.17 };
const scale = settings().textSize === 'larger' ? LARGER : {};
export const type = Object.fromEntries(
  Object.entries(baseType).map(([k, t]) => {
    const f = scale[k as keyof typeof baseType] ?? 1;
    return [k, { fontSize: Math.round(t.fontSize * f), lineHeight: Math.round(t.lineHeight * f) }];
  }),
) as typeof baseType;

export const layout = {
  screenW: 1920,
  screenH: 1080,
  /** 5 % overscan-safe margins. */
  safeX: 96,
  safeY: 54,
  gap: 32,
  radius: 20,
  /** The focus ring is thick and white, on top of a colour change and a small scale. */
  ringWidth: 8,
  focusScale: 1.04,
  /** Focus targets are at least 120 px tall (MIIT: 60 dp). */
  minTarget: 120,
} as const;

export const contentWidth = layout.screenW - 2 * layout.safeX;
