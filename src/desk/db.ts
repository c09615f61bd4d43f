/**
 * Opens the shared SQLite file for the desk. The tables belong to the one
 * migration runner (src/storage/migrations/); this adds the desk's per-file data.
 */
import crypto from 'node:crypto';
import type { SqliteDb } from '../storage/sqlite.ts';
import { openDatabase } from '../storage/database.ts';

/** Opens (creating when needed) the database at `dbPath`, migrated to the current schema. */
export function openDeskDb(dbPath: string): SqliteDb {
  const db = openDatabase(dbPath);
  // The salt behind pseudonymous handles: made once per database, never shown.
  db.prepare('INSERT OR IGNORE INTO desk_meta(key, value) VALUES (?, ?)').run('handle_salt', crypto.randomBytes(32).toString('hex'));
  return db;
}

/** Reads one value of the desk's meta table. */
export function readMeta(db: SqliteDb, key: string): string | undefined {
  const row = db.prepare('SELECT value FROM desk_meta WHERE key = ?').get(key) as { value: string } | undefined;
  return row?.value;
}
