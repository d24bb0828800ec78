// Launches the Lightning app at 1920×1080 through the SDK (loaded by main.ts once the catalog is asked for).
import { Launch } from '@lightningjs/sdk';
import { App } from './App.ts';
import { activeKeyMap } from './keymap.ts';
import { exposeStage } from './observe.ts';

const params = new URLSearchParams(location.search);

const appSettings = {
  id: 'cn.keting.tv',
  version: '0.1.0',
  stage: {
    w: 1920,
    h: 1080,
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

// Launch builds the app; the page (not the SDK) puts its canvas into the document.
const app = Launch(App, appSettings, platformSettings, {}) as unknown as { stage: { getCanvas(): HTMLCanvasElement } };
document.body.appendChild(app.stage.getCanvas());
exposeStage(app.stage);
