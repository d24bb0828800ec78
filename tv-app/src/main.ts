// Entry point. The catalog request goes out first, from a few kilobytes of code, while the app itself
// (Lightning, the SDK, the screens: most of the start-up time on a slow box) downloads — index.html
// preloads it. See bench/tv-startup.ts and docs/tv-performance.md.
import { prefetchCatalog } from './data/store.ts';
import './observe.ts'; // window.__keting exists from the first moment, for tests and support

/** The longest the app waits for the catalog before starting without it (home then says it is loading). */
const CATALOG_WAIT_MS = 1000;

const catalogIn = prefetchCatalog();
// The app starts once the catalog has answered, so home is drawn whole in the app's first frame rather
// than as an empty screen and then a grid (each frame of a 1920×1080 canvas is dear on a slow box).
void Promise.race([catalogIn, new Promise((resolve) => setTimeout(resolve, CATALOG_WAIT_MS))]).then(() => import('./launch.ts'));
