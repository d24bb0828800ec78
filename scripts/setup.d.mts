// Types for the plain-JS bootstrap (see setup.mjs for why it is not TypeScript).
export declare const root: string;
export declare function say(msg: string): void;
export declare function ensureBuilds(opts?: { force?: boolean }): void;
/** The older name of ensureBuilds: builds every app. */
export declare const ensureTvBuild: typeof ensureBuilds;
export declare function setup(): void;
