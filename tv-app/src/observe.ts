// A small read-only window onto the app's state, so browser tests (and a support person with devtools)
// can see which screen is shown and what has focus: the canvas itself has no DOM to inspect.
export interface KetingState {
  ready: boolean;
  route: string;
  focused: string | null;
  /** The last message shown to the viewer (errors, hints), if any. */
  message: string | null;
}

const state: KetingState = { ready: false, route: '', focused: null, message: null };
(window as unknown as { __keting: Readonly<KetingState> }).__keting = state;

export function report(patch: Partial<KetingState>): void {
  Object.assign(state, patch);
}
