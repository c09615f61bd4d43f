import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openSqlite, statementCache, type SqliteDb } from '../src/storage/sqlite.ts';

describe('statementCache', () => {
  let db: SqliteDb | undefined;
  let tmp: string | undefined;
  afterEach(() => {
    db?.close();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('prepares each SQL text once and the shared statement keeps working', () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'guanbot-'));
    db = openSqlite(path.join(tmp, 'x.sqlite'));
    db.exec('CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT)');
    const stmt = statementCache(db);
    const insert = 'INSERT INTO t(v) VALUES (?)';
    const select = 'SELECT v FROM t WHERE id = ?';

    expect(stmt(insert)).toBe(stmt(insert));
    expect(stmt(select)).not.toBe(stmt(insert));
    stmt(insert).run('a');
    stmt(insert).run('b');
    expect(stmt(select).get(2)).toEqual({ v: 'b' });
    expect(stmt(select).get(1)).toEqual({ v: 'a' });
    // Another cache (another connection's) has its own statements.
    expect(statementCache(db)(select)).not.toBe(stmt(select));
  });
});
