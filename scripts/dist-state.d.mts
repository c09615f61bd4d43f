// Types for dist-state.mjs (plain JavaScript, so that bin/ can use it without a TypeScript loader).
export declare const ROOT: string;
export declare const SRC_DIR: string;
export declare const DIST_DIR: string;
export declare const STAMP_FILE: string;
export declare function sourceFiles(): string[];
export declare function isAsset(rel: string): boolean;
export declare function sourceStamp(): { newestMtimeMs: number; list: string };
export declare function distState(): 'missing' | 'stale' | 'fresh';
