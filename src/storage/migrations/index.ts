/**
 * The schema history of the shared SQLite file: the one place that creates
 * or changes the desk, staff console, Telegram and WeChat tables. To change a table,
 * append a migration (next number, new file); never edit an applied one.
 */
import { migrate as run, type Migration, type MigrationReport } from './runner.ts';
import * as baseline from './001-baseline.ts';
import * as loginThrottle from './002-login-throttle.ts';
import * as deskLog from './003-desk-log.ts';
import * as conversations from './004-conversations.ts';
import * as roles from './005-roles.ts';
import * as wechat from './006-wechat.ts';
import type { SqliteDb } from '../sqlite.ts';

export { schemaVersion, assertOrdered, type Migration, type MigrationReport } from './runner.ts';

/** Every migration, oldest first. */
export const MIGRATIONS: readonly Migration[] = [
  { version: 1, description: 'desk, staff and Telegram tables as created before migrations', up: baseline.up },
  { version: 2, description: 'login throttle by account and address; user_version replaces desk_meta.schema_version', up: loginThrottle.up },
  { version: 3, description: 'conversation log: turn confidence, corrections, suggested answers for open items', up: deskLog.up },
  { version: 4, description: 'conversation context for follow-up questions', up: conversations.up },
  { version: 5, description: 'staff roles and departments; desk items assignable to a department', up: roles.up },
  { version: 6, description: "WeChat channel: callback dedupe and each follower's last message time", up: wechat.up },
];

/** The schema version this build writes and understands. */
export const SCHEMA_VERSION = MIGRATIONS.length;

/** Brings the database at `dbPath` to SCHEMA_VERSION (see runner.ts). */
export function migrate(db: SqliteDb, dbPath: string, migrations: readonly Migration[] = MIGRATIONS): MigrationReport {
  return run(db, dbPath, migrations);
}
