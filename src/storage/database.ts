/**
 * Opens the app's SQLite file ready for use: shared connection settings
 * (sqlite.ts) and the schema brought up to date by the one migration runner.
 * The desk, the staff console and the Telegram channel all open it this way.
 */
import { openSqlite, type SqliteDb } from './sqlite.ts';
import { storageError } from './errors.ts';
import { migrate, MIGRATIONS, type Migration } from './migrations/index.ts';

/**
 * Opens (creating when needed) the database at `dbPath` and applies any
 * missing migrations. Throws a StorageError with a Chinese message naming the
 * path for an unwritable folder, a damaged file or a file from a newer version.
 */
export function openDatabase(dbPath: string, migrations: readonly Migration[] = MIGRATIONS): SqliteDb {
  const db = openSqlite(dbPath);
  try {
    migrate(db, dbPath, migrations);
    return db;
  } catch (err) {
    db.close();
    throw storageError(err, dbPath);
  }
}
