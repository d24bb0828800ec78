// The raw design tokens of the TV app, for viewers aged 60–90 at 1920×1080:
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

export type TypeRole = 'display' | 'title' | 'heading' | 'body' | 'caption' | 'code';
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
  /** A pairing code's six digits, read from the sofa and typed by staff from across the room. */
  code: { fontSize: 180, lineHeight: 228 },
};

/** Titles are roles that must be ≥ 48 px; the others are body text (≥ 36 px). */
export const TITLE_ROLES: TypeRole[] = ['display', 'title', 'heading', 'code'];

export const typeScales: Record<TextSize, Record<TypeRole, TypeStyle>> = {
  large,
  // "特大" scales body and caption text up; titles are already large and keep their place.
  larger: {
    ...large,
    body: { fontSize: 48, lineHeight: 76 },
    caption: { fontSize: 42, lineHeight: 58 },
  },
};

const safeX = 96;
const safeY = 54;
const gap = 32;
const contentY = 250;

/** Where things sit and how big they are, on the 1920×1080 stage. */
export const layout = {
  screenW: 1920,
  screenH: 1080,
  /** 5 % overscan-safe margins: nothing readable outside them. */
  safeX,
  safeY,
  gap,
  radius: 20,
  /** The focus ring is thick and white, on top of a colour change and a small scale. */
  ringWidth: 8,
  focusScale: 1.04,
  /** Room kept around a clipped list for its focused row's ring and scale. */
  focusBleed: 64,
  /** Focus targets are at least 120 px tall (MIIT: 60 dp). */
  minTarget: 120,
  /** How far below a plate's middle a centred label sits, so that its glyphs look centred. */
  labelDrop: 4,
  /** The key-hint bar at the bottom of each screen. */
  hintH: 84,
  /** A screen's header: the title just under the top margin, a caption line below it (`subY` from the title). */
  header: { y: safeY + 8, subY: 96, subW: 1700 },
  /** Where a screen's content starts below its header. */
  contentY,
  /** A screen's one centred message (loading, nothing here): its middle, and the width it wraps at. */
  notice: { y: 520, w: 1400 },
  tile: { w: 316, h: 320, badge: 112 },
  row: { h: 168, gap: 28, icon: 100 },
  /**
   * A section's list: how many whole rows it shows (a page, for ← / → and the page keys), the room kept above and
   * below them for the focused row's ring and scale (less than the gap between rows, so no sliver of the row
   * before or after ever shows), and where the position line (第 51 条，共 1,000 条) sits on the title's line.
   */
  section: { rows: 3, ringRoom: 20, positionY: 8 },
  button: { w: 340, h: 120 },
  /** The dialog's box: the question's middle and the row of answers, from its top. */
  dialog: { w: 1200, h: 460, questionY: 130, buttonsY: 270, buttonGap: 60 },
  /**
   * Home: the grid of tiles under the header, the offline banner in the caption line's place, and while something
   * is on air the 正在直播 banner in the place of the title and its caption line (focusable: OK opens the live view).
   */
  home: { gridY: 236, gridGapY: 48, banner: { y: 84, h: 72, padX: 24 }, live: { h: 150, padX: 40 } },
  /**
   * The live view: the band along the top (channel, clock), the band along the bottom (now, next, the keys), and
   * the countdown before a broadcast with takeover, shown over any screen under the top margin.
   */
  live: {
    top: { h: 150, textY: 50 },
    bottom: { h: 330, nowY: 30, nextY: 130, hintY: 230 },
    countdown: { y: safeY, h: 130, padX: 48 },
  },
  /** The reader: the meta line sits `metaGap` under the title, or `belowButton` under the 朗读 button's ring. */
  reader: { metaGap: 12, belowButton: 8 },
  /**
   * Settings: its rows a little above the usual content line, closer together than other lists; more rows than fit
   * above the key hints scroll a row at a time (`ringRoom`: how far the focused row's ring and scale reach below it).
   */
  settings: { rowsY: contentY - 30, rowGap: gap - 12, padX: 40, ringRoom: 26 },
  /**
   * 绑定家庭 (pairing): the code's label and its six digits on the left, the QR code on the right (a square of `qr`
   * on the screen, its caption `qrCaptionGap` under it), the line that says what is going on under the code, and
   * once paired 已绑定 on the label's line, the household's name under it (`doneY`, up to two lines of the code's
   * size) and the note `doneNoteGap` under the name.
   */
  pairing: { labelY: contentY, codeY: contentY + 70, statusY: contentY + 340, noteY: contentY + 440, noteW: 1000, qr: 520, qrCaptionGap: 20, doneY: contentY + 100, doneNoteGap: 40 },
  /**
   * An urgent notice over whatever is on: its box, the red band that says 紧急通知, and from the box's top the
   * title, the summary and the line that says which keys do what.
   */
  urgent: { w: 1500, h: 660, bandH: 120, padX: 64, titleY: 160, summaryY: 330, hintY: 590 },
  /**
   * 谁在看: the household's members in a grid of `cols` columns under the header (a cell: the digit's badge, the
   * name, the tick once chosen), and the line that says what OK will do under the grid.
   */
  who: { gridY: contentY, cols: 3, cellH: 170, gapX: 56, gapY: 36, padX: 24, badge: 120, tickW: 90, statusY: contentY + 3 * 170 + 2 * 36 + 36 },
  /** After a lesson: each watching member's month (「张建国 本月已学习 3 小时 20 分」) on a plate under the top margin. */
  studyNote: { y: safeY + 40, w: 1300, padY: 24, lineH: 72 },
  player: {
    /** The overlay along the bottom: title and quality line, progress bar, time and the three big controls. */
    overlay: { h: 320, titleY: 20, titleRoom: 260, qualityY: 26, trackY: 104, timeY: 156 },
    progressH: 24,
    controls: { y: 150, w: 300, h: 96, gap: 24 },
    /** The caption plate: its padding, and its gap above the overlay while that shows. */
    caption: { padX: 32, padY: 12, aboveOverlay: 16 },
    /** The note a jump shows ("→ 前进 10 秒"), under the top margin. */
    jump: { y: safeY + 40, w: 760, h: 110 },
    /** The plate that says what is going on (loading, buffering, the end). */
    message: { y: 300, w: 1400, h: 400, textY: 40, padX: 50 },
  },
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
  { text: 'text', on: 'accent', where: 'the 紧急通知 band of an urgent notice' },
  { text: 'textSecondary', on: 'background', where: 'an urgent notice: its summary and key hints' },
];
