// Entry point. The catalog request goes out first, from a few kilobytes of code; the app itself
// (Lightning, the SDK, the screens: most of the start-up time on a slow box) loads meanwhile, and
// home finds the answer waiting (bench/tv-startup.ts, docs/tv-performance.md).
import { prefetchCatalog } from './data/store.ts';
import './observe.ts'; // window.__keting exists from the first moment, for tests and support

prefetchCatalog();
void import('./launch.ts');
