/**
 * Migration 1: the tables as the desk, the staff console and the Telegram
 * channel each created them before there were migrations, verbatim. Every
 * statement is IF NOT EXISTS, so an install made before migrations (its
 * user_version is 0) adopts this version without changes. Never edit this
 * file: a schema change is a new migration.
 */
import type { SqliteDb } from '../sqlite.ts';

const DESK_SQL = `
CREATE TABLE IF NOT EXISTS desk_meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS ticket_counters (
  day  TEXT PRIMARY KEY,
  last INTEGER NOT NULL
);

-- Append-only conversation log (triggers below). No raw channel user id here, only the handle.
CREATE TABLE IF NOT EXISTS turns (
  id              INTEGER PRIMARY KEY AUTOINCREMENT,
  created_at      TEXT    NOT NULL,
  channel         TEXT    NOT NULL,
  handle          TEXT    NOT NULL,
  question        TEXT    NOT NULL,
  question_masked TEXT    NOT NULL,
  answer          TEXT    NOT NULL,
  resolved        INTEGER NOT NULL,
  kind            TEXT    NOT NULL,
  persona         TEXT    NOT NULL,
  citations       TEXT    NOT NULL,
  latency_ms      REAL    NOT NULL,
  ticket          TEXT,
  generated       INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS turns_created_at ON turns(created_at);
CREATE TRIGGER IF NOT EXISTS turns_no_update BEFORE UPDATE ON turns
BEGIN SELECT RAISE(ABORT, 'turns is an append-only log'); END;
CREATE TRIGGER IF NOT EXISTS turns_no_delete BEFORE DELETE ON turns
BEGIN SELECT RAISE(ABORT, 'turns is an append-only log'); END;

CREATE TABLE IF NOT EXISTS items (
  id              INTEGER PRIMARY KEY AUTOINCREMENT,
  ticket          TEXT    NOT NULL,
  created_at      TEXT    NOT NULL,
  updated_at      TEXT    NOT NULL,
  kind            TEXT    NOT NULL,
  channel         TEXT    NOT NULL,
  handle          TEXT    NOT NULL,
  -- Raw channel user id, kept only to deliver the staff reply; never listed or exported.
  deliver_to      TEXT,
  -- Unmasked only when personal data may be kept; otherwise equal to question_masked.
  question        TEXT    NOT NULL,
  question_masked TEXT    NOT NULL,
  norm            TEXT    NOT NULL,
  candidates      TEXT    NOT NULL DEFAULT '[]',
  topic           TEXT,
  status          TEXT    NOT NULL,
  assignee        TEXT,
  reply           TEXT,
  replied_at      TEXT,
  replied_by      TEXT,
  close_reason    TEXT,
  faq_id          TEXT,
  group_id        INTEGER,
  turn_id         INTEGER REFERENCES turns(id)
);
CREATE UNIQUE INDEX IF NOT EXISTS items_ticket ON items(ticket);
CREATE INDEX IF NOT EXISTS items_status ON items(status);
CREATE INDEX IF NOT EXISTS items_created_at ON items(created_at);
CREATE INDEX IF NOT EXISTS items_group ON items(group_id);
CREATE INDEX IF NOT EXISTS items_turn ON items(turn_id);

CREATE TABLE IF NOT EXISTS item_history (
  id      INTEGER PRIMARY KEY AUTOINCREMENT,
  item_id INTEGER NOT NULL REFERENCES items(id),
  at      TEXT    NOT NULL,
  actor   TEXT    NOT NULL,
  action  TEXT    NOT NULL,
  detail  TEXT
);
CREATE INDEX IF NOT EXISTS item_history_item ON item_history(item_id);

-- state: pending (waiting or retrying), delivered, failed (gave up after the last attempt), lookup (web: read by ticket lookup)
CREATE TABLE IF NOT EXISTS deliveries (
  id              INTEGER PRIMARY KEY AUTOINCREMENT,
  item_id         INTEGER NOT NULL REFERENCES items(id),
  channel         TEXT    NOT NULL,
  deliver_to      TEXT    NOT NULL,
  text            TEXT    NOT NULL,
  state           TEXT    NOT NULL,
  attempts        INTEGER NOT NULL DEFAULT 0,
  last_error      TEXT,
  next_attempt_at TEXT,
  created_at      TEXT    NOT NULL,
  delivered_at    TEXT
);
CREATE INDEX IF NOT EXISTS deliveries_due ON deliveries(state, next_attempt_at);
CREATE INDEX IF NOT EXISTS deliveries_item ON deliveries(item_id);

CREATE TABLE IF NOT EXISTS feedback (
  id         INTEGER PRIMARY KEY AUTOINCREMENT,
  turn_id    INTEGER NOT NULL REFERENCES turns(id),
  helpful    INTEGER NOT NULL,
  note       TEXT,
  channel    TEXT,
  handle     TEXT,
  ticket     TEXT,
  created_at TEXT    NOT NULL
);
CREATE INDEX IF NOT EXISTS feedback_turn ON feedback(turn_id);
`;

const STAFF_SQL = `
CREATE TABLE IF NOT EXISTS staff_accounts (
  name TEXT PRIMARY KEY,
  password_hash TEXT NOT NULL,
  disabled INTEGER NOT NULL DEFAULT 0,
  failed_count INTEGER NOT NULL DEFAULT 0,
  locked_until INTEGER,
  created_at TEXT NOT NULL,
  last_login_at TEXT
);
-- Failed-login counters of names that have no account, so they lock like real ones.
CREATE TABLE IF NOT EXISTS staff_unknown_logins (
  name TEXT PRIMARY KEY,
  failed_count INTEGER NOT NULL DEFAULT 0,
  locked_until INTEGER,
  updated_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS staff_sessions (
  token_hash TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS staff_audit (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  at TEXT NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  target TEXT,
  detail TEXT,
  ip TEXT
);
CREATE INDEX IF NOT EXISTS staff_audit_at ON staff_audit(at);
`;

const TELEGRAM_SQL = `
CREATE TABLE IF NOT EXISTS telegram_chats (
  chat_id TEXT PRIMARY KEY,
  persona TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS telegram_answers (
  turn_id INTEGER PRIMARY KEY,
  chat_id TEXT NOT NULL,
  question TEXT NOT NULL,
  citations TEXT NOT NULL,
  follow_up_ticket TEXT,
  helpful INTEGER,
  created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS telegram_state (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
`;

/** Creates the desk, staff and Telegram tables where they are missing. */
export function up(db: SqliteDb): void {
  db.exec(DESK_SQL);
  db.exec(STAFF_SQL);
  db.exec(TELEGRAM_SQL);
}
