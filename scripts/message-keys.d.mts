// Types for message-keys.mjs (plain JavaScript, run by the build before TypeScript is available to it).
export declare const MESSAGES_DIR: string;
export declare const KEYS_FILE: string;
export declare function renderMessageKeys(messagesDir?: string): string;
export declare function writeMessageKeys(): boolean;
