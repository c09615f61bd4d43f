/**
 * The web channel's tables (staff accounts, sessions, login throttle, audit
 * log) in the shared SQLite file. Their schema belongs to the one migration
 * runner (src/storage/migrations/).
 */
import type Database from 'better-sqlite3';
import { openDatabase } from '../../../storage/database.ts';

export type StaffDb = Database.Database;

/** Opens (creating when needed) the database file, migrated to the current schema. */
export function openStaffDb(dbPath: string): StaffDb {
  return openDatabase(dbPath);
}
