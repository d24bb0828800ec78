// Launches the Lightning app on a 1920×1080 stage (drawn smaller in a smaller window, e.g. 720p) through the
// SDK (loaded by main.ts once the catalog is asked for).
import { Launch } from '@lightningjs/sdk';
import { App } from './App.ts';
import { APP_VERSION } from './data/boxes.ts';
import { catalogAnswered } from './data/store.ts';
import { activeKeyMap } from './keymap.ts';
import { exposeStage, whenFirstScreenShown } from './observe.ts';

/** The stage is put on the page after this long even if no screen has said it is complete. */
const REVEAL_AT_LATEST_MS = 3000;

const params = new URLSearchParams(location.search);

/**
 * The app is laid out on a 1920×1080 stage. A 1280×720 box (or any window smaller than 1080p) draws that
 * stage scaled to the window — Lightning's render precision, 2/3 at 720p — so the whole screen, its text
 * and the video fit; never scaled up. An unmeasured window (0×0 before layout) counts as 1080p.
 */
function stagePrecision(width: number, height: number): number {
  if (!(width > 0 && height > 0)) return 1;
  return Math.min(1, width / 1920, height / 1080);
}
const precision = stagePrecision(window.innerWidth, window.innerHeight);

const appSettings = {
  id: 'cn.keting.tv',
  version: APP_VERSION,
  stage: {
    w: Math.round(1920 * precision),
    h: Math.round(1080 * precision),
    precision,
    // Transparent where the <video> (under the canvas) must show through.
    clearColor: 0x00000000,
    // Canvas2D draws ~60 fps where WebGL falls back to a software renderer (~7 fps in headless Chromium
    // and on many boxes); `?renderer=webgl` opts in to WebGL.
    canvas2d: params.get('renderer') !== 'webgl',
    useImageWorker: false,
  },
  debug: false,
  enablePointer: false,
  keys: activeKeyMap(),
};

const platformSettings = {
  path: './',
  log: false,
  showVersion: false,
  inspector: false,
  router: { backtrack: false },
};

// Start on home directly. Without a hash the Router would set #home and wait for the hashchange event,
// so its first frame would be drawn empty and home only on a later one (≈0.2 s at 4× CPU).
if (!location.hash) history.replaceState(history.state, '', `${location.pathname}${location.search}#home`);

// Launch builds the app; the page (not the SDK) puts its canvas into the document, once the first screen
// is complete, or after REVEAL_AT_LATEST_MS whatever happens. A canvas on the page costs a full-screen
// copy to the compositor for every frame drawn (~0.15–0.25 s each at 4× CPU without a GPU,
// docs/tv-performance.md), and the frames before the first screen is built show an empty stage.
const app = Launch(App, appSettings, platformSettings, {}) as unknown as { stage: { getCanvas(): HTMLCanvasElement } };
const reveal = () => {
  if (!app.stage.getCanvas().isConnected) document.body.appendChild(app.stage.getCanvas());
};
// On the next animation frame: Lightning's own frame callback, queued earlier, draws the screen first.
whenFirstScreenShown(() => requestAnimationFrame(reveal));
// A CMS slow to answer: show home's "正在加载" at once rather than a black screen.
if (!catalogAnswered()) reveal();
setTimeout(reveal, REVEAL_AT_LATEST_MS);
exposeStage(app.stage);
