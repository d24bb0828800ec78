// Types for the plain-JS bootstrap (see setup.mjs for why it is not TypeScript).
export declare const root: string;
export declare function say(msg: string): void;
export declare function ensureTvBuild(opts?: { force?: boolean }): void;
export declare function setup(): void;
