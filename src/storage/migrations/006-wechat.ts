/**
 * Migration 3: the WeChat channel's tables. `wechat_callbacks` remembers each
 * callback the platform sent (by MsgId, or sender + time for events) so a
 * retried one is never answered twice; `wechat_users` remembers when each
 * follower last wrote, for the platform's 48-hour customer-service window.
 */
import type { SqliteDb } from '../sqlite.ts';

const SQL = `
CREATE TABLE wechat_callbacks (
  key         TEXT    PRIMARY KEY,
  received_at INTEGER NOT NULL
);
CREATE INDEX wechat_callbacks_received ON wechat_callbacks(received_at);
CREATE TABLE wechat_users (
  openid          TEXT    PRIMARY KEY,
  last_message_at INTEGER NOT NULL
);
`;

/** Adds the WeChat dedupe and last-message tables. */
export function up(db: SqliteDb): void {
  db.exec(SQL);
}
