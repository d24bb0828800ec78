// Names of the performance marks the app sets for benchmarks (bench/tv-startup.ts); no side effects,
// so the benchmark can import them in Node.

/** Set once, on the frame after home is first drawn interactive. */
export const INTERACTIVE_MARK = 'keting:home-interactive';
