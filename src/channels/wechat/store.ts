/**
 * The WeChat channel's tables in the app's database file (schema: migration
 * 003): callbacks already taken, so a platform retry never asks twice, and
 * each follower's last message, for the 48-hour customer-service window.
 */
import { openDatabase } from '../../storage/database.ts';

/** Callbacks are remembered this long; the platform retries within about 15 seconds. */
const CALLBACK_MEMORY_MS = 48 * 3600_000;

export interface WechatStore {
  /** True the first time `key` is seen; false for a retry of a callback already taken. */
  claim(key: string, at: Date): boolean;
  /** Records that `openid` wrote (or clicked, or followed) at `at`. */
  touch(openid: string, at: Date): void;
  /** When `openid` last wrote, or undefined when never. */
  lastMessageAt(openid: string): Date | undefined;
  close(): void;
}

/** Opens (creating and migrating if needed) the database at `dbPath` for the WeChat tables. */
export function openWechatStore(dbPath: string): WechatStore {
  const db = openDatabase(dbPath);
  const insertCallback = db.prepare('INSERT OR IGNORE INTO wechat_callbacks (key, received_at) VALUES (?, ?)');
  const forgetCallbacks = db.prepare('DELETE FROM wechat_callbacks WHERE received_at < ?');
  const upsertUser = db.prepare(
    `INSERT INTO wechat_users (openid, last_message_at) VALUES (?, ?)
     ON CONFLICT(openid) DO UPDATE SET last_message_at = MAX(last_message_at, excluded.last_message_at)`,
  );
  const selectUser = db.prepare<[string], { last_message_at: number }>('SELECT last_message_at FROM wechat_users WHERE openid = ?');

  return {
    claim(key, at) {
      forgetCallbacks.run(at.getTime() - CALLBACK_MEMORY_MS);
      return insertCallback.run(key, at.getTime()).changes > 0;
    },
    touch(openid, at) {
      upsertUser.run(openid, at.getTime());
    },
    lastMessageAt(openid) {
      const row = selectUser.get(openid);
      return row ? new Date(row.last_message_at) : undefined;
    },
    close() {
      if (db.open) db.close();
    },
  };
}
