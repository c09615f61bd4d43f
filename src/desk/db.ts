/** Opens the shared SQLite file for the desk: WAL, busy timeout, foreign keys, idempotent schema. */
import crypto from 'node:crypto';
import { openSqlite, type SqliteDb } from '../storage/sqlite.ts';
import { SCHEMA_SQL, SCHEMA_VERSION } from './schema.ts';

/** Opens (creating when needed) the database at `dbPath` and makes sure the desk's tables exist. */
export function openDeskDb(dbPath: string): SqliteDb {
  const db = openSqlite(dbPath);
  db.transaction(() => {
    db.exec(SCHEMA_SQL);
    db.prepare('INSERT OR IGNORE INTO desk_meta(key, value) VALUES (?, ?)').run('schema_version', String(SCHEMA_VERSION));
    // The salt behind pseudonymous handles: made once per database, never shown.
    db.prepare('INSERT OR IGNORE INTO desk_meta(key, value) VALUES (?, ?)').run('handle_salt', crypto.randomBytes(32).toString('hex'));
  }).immediate();
  return db;
}

/** Reads one value of the desk's meta table. */
export function readMeta(db: SqliteDb, key: string): string | undefined {
  const row = db.prepare('SELECT value FROM desk_meta WHERE key = ?').get(key) as { value: string } | undefined;
  return row?.value;
}
