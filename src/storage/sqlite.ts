/**
 * Opens the one SQLite file the desk, the staff console and the Telegram
 * channel share, each with its own connection (their tables belong to the
 * migration runner, see database.ts). The settings must
 * agree across connections: WAL so readers never block the writer, a busy
 * timeout so several processes (server, scheduler, staff CLI) wait for each
 * other instead of failing, and foreign keys on.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { dirUnwritable, fileReadonly, storageError } from './errors.ts';

export type SqliteDb = Database.Database;
export type SqliteStatement = Database.Statement<unknown[], unknown>;

/**
 * Makes sure `dir` exists and can be written (SQLite writes its -wal and -shm
 * files next to the database); throws a StorageError naming the folder otherwise.
 */
export function ensureWritableDir(dir: string): void {
  try {
    fs.mkdirSync(dir, { recursive: true });
    fs.accessSync(dir, fs.constants.W_OK);
  } catch (err) {
    throw dirUnwritable(dir, err);
  }
}

function ensureWritableFile(dbPath: string): void {
  try {
    fs.accessSync(dbPath, fs.constants.W_OK);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw fileReadonly(dbPath, err);
  }
}

/**
 * Opens (creating when needed) the SQLite file at `dbPath` with the shared
 * settings. An unwritable folder or file and a damaged file are reported as a
 * StorageError whose Chinese message names the path and what to do.
 */
export function openSqlite(dbPath: string): SqliteDb {
  ensureWritableDir(path.dirname(dbPath));
  ensureWritableFile(dbPath);
  let db: SqliteDb | undefined;
  try {
    db = new Database(dbPath);
    // busy_timeout first: switching to WAL may itself have to wait for another process.
    db.pragma('busy_timeout = 5000');
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    return db;
  } catch (err) {
    db?.close();
    throw storageError(err, dbPath);
  }
}

/**
 * A `prepare` that remembers each statement by its SQL text, so code running
 * the same SQL again skips re-compiling it (preparing costs several times the
 * run). Statements are shared: never switch their modes (pluck, raw, expand).
 */
export function statementCache(db: SqliteDb): (sql: string) => SqliteStatement {
  const statements = new Map<string, SqliteStatement>();
  return (sql) => {
    let statement = statements.get(sql);
    if (!statement) {
      statement = db.prepare(sql);
      statements.set(sql, statement);
    }
    return statement;
  };
}
