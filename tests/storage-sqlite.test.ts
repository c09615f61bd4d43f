import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openSqlite, statementCache, type SqliteDb } from '../src/storage/sqlite.ts';
import { openDatabase } from '../src/storage/database.ts';
import { StorageError } from '../src/storage/errors.ts';

const repoRoot = path.resolve(fileURLToPath(new URL('..', import.meta.url)));

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

/**
 * Runs the real CLI on `dataDir`. As root every folder is writable, so the
 * command then runs as the unprivileged uid 65534 (nobody) to meet the
 * permissions a county server's service account would.
 */
function guanbotAsUser(cwd: string, dataDir: string, args: string[]) {
  const asRoot = process.getuid?.() === 0;
  const r = spawnSync(process.execPath, [path.join(repoRoot, 'bin/guanbot.mjs'), ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, HOME: os.tmpdir(), GUANBOT_DATA_DIR: dataDir, GUANBOT_CORPUS_DIR: path.join(repoRoot, 'corpus'), GUANBOT_LOG_LEVEL: 'silent' },
    timeout: 60_000,
    ...(asRoot ? { uid: 65534, gid: 65534 } : {}),
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('a data folder or database file that cannot be used', () => {
  let tmp: string | undefined;
  afterEach(() => {
    if (!tmp) return;
    for (const dir of [tmp, path.join(tmp, 'data')]) if (fs.existsSync(dir)) fs.chmodSync(dir, 0o755);
    fs.rmSync(tmp, { recursive: true, force: true });
    tmp = undefined;
  });

  function workspace(): string {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'guanbot-'));
    fs.chmodSync(tmp, 0o755);
    return tmp;
  }

  const corruptMessage = (file: string) => `数据库文件 ${file} 已损坏，无法读取。请先停止所有 guanbot 进程，把这个文件连同同名的 -wal、-shm 文件一起移到别处留存，再从备份恢复`;

  it('names a file that is not a database and says what to do, in the CLI too', () => {
    const dataDir = path.join(workspace(), 'data');
    fs.mkdirSync(dataDir);
    const file = path.join(dataDir, 'guanbot.sqlite');
    fs.writeFileSync(file, Buffer.alloc(16 * 1024, 'garbage! '));
    // Writable for the service account: only the content is wrong.
    fs.chmodSync(dataDir, 0o777);
    fs.chmodSync(file, 0o666);
    expect(() => openDatabase(file)).toThrow(StorageError);
    expect(() => openDatabase(file)).toThrow(corruptMessage(file));

    const r = guanbotAsUser(tmp!, dataDir, ['staff', 'list']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`出错了：${corruptMessage(file)}`);
    expect(r.stderr).not.toMatch(/file is not a database|SqliteError/);
  });

  it('names a database whose pages are damaged', () => {
    const dataDir = path.join(workspace(), 'data');
    const file = path.join(dataDir, 'guanbot.sqlite');
    openDatabase(file).close();
    // Keep the 100-byte header, overwrite the schema page.
    const bytes = fs.readFileSync(file);
    bytes.fill(0xab, 100, 4096);
    fs.writeFileSync(file, bytes);
    fs.rmSync(`${file}-wal`, { force: true });
    fs.rmSync(`${file}-shm`, { force: true });
    expect(() => openDatabase(file)).toThrow(corruptMessage(file));
  });

  it('names a data folder the service account cannot write, for the staff CLI and for asking', () => {
    const dataDir = path.join(workspace(), 'data');
    fs.mkdirSync(dataDir);
    fs.chmodSync(dataDir, 0o555);
    const expected = `无法在数据目录 ${dataDir} 中写入（权限不足）。请让运行 guanbot 的系统用户对这个目录有读写权限`;
    for (const args of [['staff', 'list'], ['ask', '申请政府信息公开要收费吗？']]) {
      const r = guanbotAsUser(tmp!, dataDir, args);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(`出错了：${expected}`);
      expect(r.stderr).toContain('GUANBOT_DATA_DIR');
      expect(r.stderr).not.toMatch(/EACCES|unable to open|permission denied/i);
    }
  });

  it('names a data folder that cannot be created under a read-only parent', () => {
    const parent = workspace();
    fs.chmodSync(parent, 0o555);
    const dataDir = path.join(parent, 'data');
    const r = guanbotAsUser(parent, dataDir, ['staff', 'list']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`无法在数据目录 ${dataDir} 中写入（权限不足）`);
  });

  it('names a data path that runs through a file', () => {
    const blocker = path.join(workspace(), 'data');
    fs.writeFileSync(blocker, 'not a folder');
    const file = path.join(blocker, 'guanbot.sqlite');
    expect(() => openDatabase(file)).toThrow(`无法在数据目录 ${blocker} 中写入（路径中有同名的文件，不是文件夹）`);
  });

  it('names a database file that is read-only for the service account', () => {
    const dataDir = path.join(workspace(), 'data');
    const file = path.join(dataDir, 'guanbot.sqlite');
    openDatabase(file).close();
    fs.chmodSync(dataDir, 0o777);
    fs.chmodSync(file, 0o444);
    const r = guanbotAsUser(tmp!, dataDir, ['staff', 'list']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`出错了：数据库文件 ${file} 无法写入（权限不足）。请让运行 guanbot 的系统用户对这个文件和它所在的目录都有写权限`);
    // The file itself was not touched.
    const db = new Database(file, { readonly: true });
    expect(db.prepare("SELECT COUNT(*) AS n FROM sqlite_master WHERE name = 'staff_accounts'").get()).toEqual({ n: 1 });
    db.close();
  });
});
