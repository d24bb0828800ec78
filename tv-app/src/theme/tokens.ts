// The raw design tokens of the TV app, for viewers aged 60–90 at 1920×1080 (see shared/TV-UX.md):
// body ≥ 36 px, titles ≥ 48 px, contrast ≥ 7:1 for each text on its background, 5 % safe margins.
// Plain data with no imports, so a unit test can check every pair and every size (tests/tv-app/theme).
// theme.ts turns them into the ui-components theme; components read that theme (theme/index.ts).

export const FONT = 'Noto Sans CJK SC';

export type Contrast = 'normal' | 'high';
export type TextSize = 'large' | 'larger';

/** The normal simple-mode colours. */
const normal = {
  background: '#0a1628', // deep navy
  surface: '#15305a', // a tile or row at rest
  surfaceFocused: '#ffd23f', // the focused tile: warm yellow
  text: '#ffffff',
  textOnFocused: '#10151f',
  textSecondary: '#ffe9a8', // pale yellow on navy
  accent: '#a50d24', // party red, dark enough for white text at 7.6:1
  ring: '#ffffff',
  urgent: '#ffb3b3',
  plate: '#000000', // under text that sits over video
  trackBar: '#4a5a70', // the unplayed part of the progress bar
  progress: '#ffd23f', // the played part
};
export type Palette = typeof normal;
export type ColorName = keyof Palette;

export const palettes: Record<Contrast, Palette> = {
  normal,
  // High contrast (a setting): pure black and white, yellow focus, no navy.
  high: {
    background: '#000000',
    surface: '#1a1a1a',
    surfaceFocused: '#ffff00',
    text: '#ffffff',
    textOnFocused: '#000000',
    textSecondary: '#ffff66',
    accent: '#800000', // darker than the normal red: white on it at 11:1
    ring: '#ffffff',
    urgent: '#ffb3b3',
    plate: '#000000',
    trackBar: '#666666',
    progress: '#ffff00',
  },
};

/**
 * How opaque the black plates are. Text over video sits on `overlay` or `message`; the contrast test
 * composites them over pure white (the worst a video frame can do) and still wants 7:1.
 */
export const plateAlpha = {
  hint: 0.72,
  overlay: 0.78,
  message: 0.88,
  scrim: 0.78, // behind a question, over the screen it interrupts
};
export type PlateName = keyof typeof plateAlpha;

export type TypeRole = 'display' | 'title' | 'heading' | 'body' | 'caption';
export interface TypeStyle {
  fontSize: number;
  lineHeight: number;
}

const large: Record<TypeRole, TypeStyle> = {
  display: { fontSize: 64, lineHeight: 80 },
  title: { fontSize: 56, lineHeight: 72 },
  heading: { fontSize: 48, lineHeight: 64 },
  body: { fontSize: 40, lineHeight: 64 },
  caption: { fontSize: 36, lineHeight: 52 }, // the smallest text anywhere
};

/** Titles are roles that must be ≥ 48 px; the others are body text (≥ 36 px). */
export const TITLE_ROLES: TypeRole[] = ['display', 'title', 'heading'];

export const typeScales: Record<TextSize, Record<TypeRole, TypeStyle>> = {
  large,
  // "特大" scales body and caption text up; titles are already large and keep their place.
  larger: {
    ...large,
    body: { fontSize: 48, lineHeight: 76 },
    caption: { fontSize: 42, lineHeight: 58 },
  },
};

export const layout = {
  screenW: 1920,
  screenH: 1080,
  /** 5 % overscan-safe margins: nothing readable outside them. */
  safeX: 96,
  safeY: 54,
  gap: 32,
  radius: 20,
  /** The focus ring is thick and white, on top of a colour change and a small scale. */
  ringWidth: 8,
  focusScale: 1.04,
  /** Focus targets are at least 120 px tall (MIIT: 60 dp). */
  minTarget: 120,
  /** The key-hint bar at the bottom of each screen. */
  hintH: 84,
  /** Where a screen's content starts below its header. */
  contentY: 250,
  tile: { w: 316, h: 320, badge: 112 },
  row: { h: 168, gap: 28, icon: 100 },
  button: { w: 340, h: 120 },
  dialog: { w: 1200, h: 460 },
  overlayH: 320,
  progressH: 24,
  message: { w: 1400, h: 400 },
};

/** Where text sits on what: every pair the app draws. Each must reach 7:1. */
export interface TextPair {
  text: ColorName;
  on: ColorName;
  /** The background is the black plate at this opacity, over anything (checked over white). */
  plate?: PlateName;
  where: string;
}

export const TEXT_PAIRS: TextPair[] = [
  { text: 'text', on: 'background', where: 'screen titles, reader body' },
  { text: 'textSecondary', on: 'background', where: 'subtitles, page indicator, notes' },
  { text: 'urgent', on: 'background', where: 'urgent notice label in the reader' },
  { text: 'text', on: 'surface', where: 'tile, row, button at rest' },
  { text: 'urgent', on: 'surface', where: 'urgent notice label in a row at rest' },
  { text: 'textOnFocused', on: 'surfaceFocused', where: 'focused tile, row, button' },
  { text: 'text', on: 'accent', where: 'section digit badge, item kind icon' },
  { text: 'textSecondary', on: 'plate', plate: 'hint', where: 'key hints' },
  { text: 'text', on: 'plate', plate: 'overlay', where: 'player overlay: title, time' },
  { text: 'textSecondary', on: 'plate', plate: 'overlay', where: 'player overlay: key hints' },
  { text: 'text', on: 'plate', plate: 'message', where: 'player messages: buffering, errors' },
  { text: 'textSecondary', on: 'plate', plate: 'message', where: 'toasts' },
  { text: 'text', on: 'background', where: 'the question of a dialog (its box is background)' },
];
