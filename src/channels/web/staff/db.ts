/**
 * The web channel's own tables (staff accounts, sessions, audit log) in the
 * shared SQLite file. Created idempotently; other modules own other tables.
 */
import type Database from 'better-sqlite3';
import { openSqlite } from '../../../storage/sqlite.ts';

export type StaffDb = Database.Database;

const schema = `
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

/** Opens (creating when needed) the database file and the staff tables. */
export function openStaffDb(dbPath: string): StaffDb {
  const db = openSqlite(dbPath);
  db.exec(schema);
  return db;
}
