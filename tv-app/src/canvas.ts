// The stage's canvas. The entry chunk makes its 2D context while the app chunk downloads (one of the
// dearest single steps of a cold start on a slow box: ~0.2 s at 4× CPU throttling, bench/tv-startup.ts);
// Lightning takes it through its `context` stage option, which also spares it a throw-away WebGL context
// made only to check for WebGL support. The canvas joins the page only once the first screen is
// complete (launch.ts): a canvas on the page costs a full-screen copy to the compositor for every frame
// drawn, and the frames before that are an empty stage.
import { layout } from './theme/tokens.ts';

let prepared: CanvasRenderingContext2D | undefined;

/** Makes the Canvas2D stage's canvas and its context (not yet on the page). */
export function prepareCanvas(): void {
  if (prepared) return;
  // The SDK draws a 1280×720 stage (at 2/3 precision) in a 720-line browser, 1920×1080 elsewhere.
  const [w, h] = window.innerHeight === 720 ? [1280, 720] : [layout.screenW, layout.screenH];
  const canvas = document.createElement('canvas');
  canvas.width = w;
  canvas.height = h;
  const ctx = canvas.getContext('2d');
  if (ctx) prepared = ctx; // else Lightning reports the missing 2D canvas in its own words
}

/** The context made by prepareCanvas, if any. */
export const preparedContext = (): CanvasRenderingContext2D | undefined => prepared;
