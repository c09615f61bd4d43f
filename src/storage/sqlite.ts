/**
 * Opens the one SQLite file the desk, the staff console and the Telegram
 * channel share, each with its own connection and tables. The settings must
 * agree across connections: WAL so readers never block the writer, a busy
 * timeout so several processes (server, scheduler, staff CLI) wait for each
 * other instead of failing, and foreign keys on.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';

export type SqliteDb = Database.Database;
export type SqliteStatement = Database.Statement<unknown[], unknown>;

export function openSqlite(dbPath: string): SqliteDb {
  fs.mkdirSync(path.dirname(dbPath), { recursive: true });
  const db = new Database(dbPath);
  // busy_timeout first: switching to WAL may itself have to wait for another process.
  db.pragma('busy_timeout = 5000');
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  return db;
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
