/**
 * Migration 2: login throttling keyed by account name AND source address
 * replaces the per-name lockout (which let anyone lock a real account out),
 * and `PRAGMA user_version` replaces desk_meta's never-read schema_version.
 */
import type { SqliteDb } from '../sqlite.ts';

const SQL = `
-- One row per (name, address) with recent failed logins; names without an account are counted the same way.
CREATE TABLE staff_login_throttle (
  name          TEXT    NOT NULL,
  address       TEXT    NOT NULL,
  failures      INTEGER NOT NULL DEFAULT 0,
  blocked_until INTEGER,
  updated_at    INTEGER NOT NULL,
  PRIMARY KEY (name, address)
);
CREATE INDEX staff_login_throttle_updated ON staff_login_throttle(updated_at);
DROP TABLE staff_unknown_logins;
ALTER TABLE staff_accounts DROP COLUMN failed_count;
ALTER TABLE staff_accounts DROP COLUMN locked_until;
DELETE FROM desk_meta WHERE key = 'schema_version';
`;

/** Adds the throttle table and drops the lockout counters. */
export function up(db: SqliteDb): void {
  db.exec(SQL);
}
