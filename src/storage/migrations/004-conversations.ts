/**
 * Migration 3: the short context of each conversation (web session, Telegram chat, console session, CLI
 * `--conversation`), so a follow-up such as 「政协提案呢？」 is read with the turn before it, even when the
 * two messages reach different processes. Keyed by a salted hash, never by the raw chat or session id.
 */
import type { SqliteDb } from '../sqlite.ts';

const SQL = `
-- One row per live conversation: its last resolved turns (JSON, newest first, at most two) and when it last spoke.
CREATE TABLE conversations (
  key        TEXT    PRIMARY KEY,
  turns      TEXT    NOT NULL DEFAULT '[]',
  updated_at INTEGER NOT NULL
);
CREATE INDEX conversations_updated ON conversations(updated_at);
`;

/** Adds the conversation context table. */
export function up(db: SqliteDb): void {
  db.exec(SQL);
}
