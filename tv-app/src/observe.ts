import { INTERACTIVE_MARK } from './marks.ts';

// A small read-only window onto the app's state, so browser tests (and a support person with devtools)
// can see which screen is shown and what has focus: the canvas itself has no DOM to inspect.
export interface KetingState {
  ready: boolean;
  route: string;
  focused: string | null;
  /** The last message shown to the viewer (errors, hints), if any. */
  message: string | null;
  /** True while the app shows the catalog kept on the box because the CMS cannot be reached. */
  offline: boolean;
  /** The question of the open dialog, if one is open. */
  dialog: string | null;
  /** Where the focus is in a section's list, as shown ("第 51 条，共 1,000 条"). */
  position: string | null;
  /** The reader's page indicator ("第2页，共3页"), when the text has more than one page. */
  page: string | null;
  /** The player's state (loading, playing, paused, buffering, error, ended), on the player only. */
  player: string | null;
  /** The caption on screen in the player, if any. */
  caption: string | null;
  /** Whether the player's overlay is showing. */
  overlay: boolean;
  /** The title of the urgent notice shown over the screen, if one is. */
  urgent: string | null;
  /** Whether the event stream to the CMS is open. */
  live: boolean;
  /** The broadcast on air on this box's channels (home shows its banner), if one is. */
  onAir: string | null;
  /** The countdown before a broadcast with takeover, as shown, if one is up. */
  countdown: string | null;
  /** The live view's now and next lines, on the live view only. */
  liveNow: string | null;
  liveNext: string | null;
  /** On the live view: the channel's moment of the frame showing (ms since the epoch). */
  liveDate: number | null;
  /**
   * On 绑定家庭 (pairing): the code shown and what its QR code holds (null while none shows), or the household
   * the box is paired to.
   */
  pairing: { code: string | null; qr: string | null; household: string | null } | null;
  /** The 谁在看 question while it is open: its members as shown ("1 张建国"), the digits ticked, the line under them. */
  who: { members: string[]; chosen: number[]; status: string } | null;
  /** In the player: the digits of the members its reports name (谁在看), [] when nobody is recorded. */
  watching: number[] | null;
  /** After a lesson: each watching member's month as shown (「张建国 本月已学习 3 小时 20 分」), while it shows. */
  study: string[] | null;
  /** Everything the voice read-out said, newest last (the last 50). */
  spoken: string[];
}

const state: KetingState = { ready: false, route: '', focused: null, position: null, message: null, offline: false, dialog: null, page: null, player: null, overlay: false, caption: null, urgent: null, live: false, onAir: null, countdown: null, liveNow: null, liveNext: null, liveDate: null, pairing: null, who: null, watching: null, study: null, spoken: [] };
(window as unknown as { __keting: Readonly<KetingState> }).__keting = state;

let onFirstScreen: (() => void) | undefined;

/** Runs `shown` once, when the first screen is complete: home built (or saying why not), or another screen open. */
export function whenFirstScreenShown(shown: () => void): void {
  onFirstScreen = shown;
}

/** What the app reports now (read-only). */
export const observed = (): Readonly<KetingState> => state;

export function report(patch: Partial<KetingState>): void {
  Object.assign(state, patch);
  if (onFirstScreen && (state.ready || (state.route !== '' && state.route !== 'home'))) {
    const shown = onFirstScreen;
    onFirstScreen = undefined;
    shown();
  }
}

export function reportSpoken(text: string): void {
  state.spoken.push(text);
  if (state.spoken.length > 50) state.spoken.shift();
}

/**
 * Lets tests walk the Lightning element tree (e.g. to check that no text leaves the safe margins);
 * the canvas has no DOM of its own.
 */
export function exposeStage(stage: unknown): void {
  (window as unknown as { __ketingStage: unknown }).__ketingStage = stage;
}

/**
 * Marks the first moment home is interactive and on screen: the frame that draws the built grid runs next,
 * so the mark goes on the animation frame after that one. Measured by the page itself, so a benchmark
 * reads it without running its own scripts in the page while it starts.
 */
export function markInteractive(): void {
  if (performance.getEntriesByName(INTERACTIVE_MARK).length) return;
  requestAnimationFrame(() => requestAnimationFrame(() => performance.mark(INTERACTIVE_MARK)));
}
