/**
 * The one migration runner (issue 11, "Upgrades"): `PRAGMA user_version`
 * numbers the schema; a database made by the schema of today's main is
 * upgraded keeping every row; a fresh database ends with the same schema;
 * each migration runs once, in a transaction; a database from a newer
 * version is refused with a Chinese message naming the file.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { hash } from '@node-rs/argon2';
import Database from 'better-sqlite3';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.ts';
import { openDesk } from '../src/desk/index.ts';
import { readMeta } from '../src/desk/db.ts';
import { openStaffStore } from '../src/channels/web/staff/index.ts';
import { openChatStore } from '../src/channels/telegram/chat-store.ts';
import { openDatabase } from '../src/storage/database.ts';
import { StorageError } from '../src/storage/errors.ts';
import { assertOrdered, MIGRATIONS, SCHEMA_VERSION, schemaVersion, type Migration } from '../src/storage/migrations/index.ts';
import { createPreMigrationDb, DESK_SQL_BEFORE_MIGRATIONS, STAFF_SQL_BEFORE_MIGRATIONS } from './fixtures/pre-migration-schema.ts';

const repoRoot = path.resolve(fileURLToPath(new URL('..', import.meta.url)));
const PASSWORD = 'correct-horse-battery';
const SALT = 'cd'.repeat(32);

let tmp: string;
afterEach(() => {
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

function tempDb(): string {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'guanbot-'));
  return path.join(tmp, 'data', 'guanbot.sqlite');
}

/** Rows the landed main wrote: a staff account locked by the old lockout, a session, an audit entry, a turn, an item, Telegram state. */
async function fillLikeToday(dbPath: string): Promise<string> {
  const db = new Database(dbPath);
  const now = Date.now();
  db.prepare('INSERT INTO staff_accounts (name, password_hash, failed_count, locked_until, created_at) VALUES (?, ?, 5, ?, ?)').run(
    'lisi',
    await hash(PASSWORD),
    now + 15 * 60_000,
    new Date(now).toISOString(),
  );
  db.prepare('INSERT INTO staff_unknown_logins (name, failed_count, locked_until, updated_at) VALUES (?, 5, ?, ?)').run('ghost', now + 60_000, now);
  const token = 'legacy-session-token';
  const digest = (await import('node:crypto')).createHash('sha256').update(token).digest('hex');
  db.prepare('INSERT INTO staff_sessions (token_hash, name, created_at, expires_at) VALUES (?, ?, ?, ?)').run(digest, 'lisi', now, now + 3_600_000);
  db.prepare('INSERT INTO staff_audit (at, actor, action, target) VALUES (?, ?, ?, ?)').run(new Date(now).toISOString(), 'cli', 'staff.add', 'lisi');
  const turn = db
    .prepare(
      `INSERT INTO turns (created_at, channel, handle, question, question_masked, answer, resolved, kind, persona, citations, latency_ms, ticket)
       VALUES (?, 'web', 'h-1', '冠县图书馆几点开门', '冠县图书馆几点开门', '抱歉', 0, 'unresolved', 'xiaoli', '[]', 12.5, 'GX20261128-0001')`,
    )
    .run(new Date(now).toISOString()).lastInsertRowid;
  db.prepare(
    `INSERT INTO items (ticket, created_at, updated_at, kind, channel, handle, question, question_masked, norm, status, turn_id)
     VALUES ('GX20261128-0001', ?, ?, '未解答', 'web', 'h-1', '冠县图书馆几点开门', '冠县图书馆几点开门', '冠县图书馆几点开门', '待处理', ?)`,
  ).run(new Date(now).toISOString(), new Date(now).toISOString(), turn);
  db.prepare("INSERT INTO ticket_counters (day, last) VALUES ('20261128', 1)").run();
  db.prepare("INSERT INTO telegram_chats (chat_id, persona, updated_at) VALUES ('42', 'xiaozhi', ?)").run(new Date(now).toISOString());
  db.prepare("INSERT INTO telegram_state (key, value) VALUES ('notify_cursor', '17')").run();
  db.close();
  return token;
}

/** Tables, their columns, indexes and triggers: what two databases must agree on. */
function schemaOf(dbPath: string) {
  const db = new Database(dbPath, { readonly: true });
  try {
    const objects = db.prepare("SELECT type, name, tbl_name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name").all() as { type: string; name: string }[];
    const columns = objects
      .filter((o) => o.type === 'table')
      .map((o) => ({ table: o.name, columns: db.prepare(`SELECT name, type, "notnull", dflt_value, pk FROM pragma_table_info(?)`).all(o.name) }));
    return { objects, columns };
  } finally {
    db.close();
  }
}

const version = (dbPath: string) => {
  const db = new Database(dbPath, { readonly: true });
  try {
    return schemaVersion(db);
  } finally {
    db.close();
  }
};

describe('the migration list', () => {
  it('is numbered 1, 2, 3, … and SCHEMA_VERSION is the last', () => {
    expect(() => assertOrdered(MIGRATIONS)).not.toThrow();
    expect(SCHEMA_VERSION).toBe(MIGRATIONS.at(-1)!.version);
    const up = () => {};
    expect(() => assertOrdered([{ version: 1, description: 'a', up }, { version: 3, description: 'b', up }])).toThrow(/expected 2/);
  });
});

describe('upgrading a database made by the schema of today', () => {
  it('reaches the current version and keeps accounts, sessions, audit, items and Telegram state', async () => {
    const dbPath = tempDb();
    fs.mkdirSync(path.dirname(dbPath), { recursive: true });
    createPreMigrationDb(dbPath, SALT);
    const token = await fillLikeToday(dbPath);
    expect(version(dbPath)).toBe(0);

    const config = loadConfig({ GUANBOT_DATA_DIR: path.dirname(dbPath), GUANBOT_LOG_LEVEL: 'silent' }, tmp);
    const desk = openDesk(config, pino({ level: 'silent' }));
    try {
      expect(version(dbPath)).toBe(SCHEMA_VERSION);
      expect(desk.getItem('GX20261128-0001')).toMatchObject({ question: '冠县图书馆几点开门', status: '待处理' });
      // The next ticket of that day continues the counter.
      const next = desk.openItem({ kind: '转人工', channel: 'web', channelUserId: 'session-0001', question: '冠县人才公寓怎么申请', candidates: [] });
      expect(next.ticket).toMatch(/^GX\d{8}-\d{4}$/);
    } finally {
      desk.closeDb();
    }

    const staff = openStaffStore(dbPath);
    try {
      expect(staff.sessions.resolve(token)).toBe('lisi');
      expect(staff.audit.list().map((e) => e.action)).toContain('staff.add');
      // The old 15-minute lock is gone with its columns.
      expect(await staff.accounts.login('lisi', PASSWORD, '198.51.100.7')).toEqual({ ok: true, name: 'lisi' });
    } finally {
      staff.close();
    }

    const chats = openChatStore(dbPath);
    try {
      expect(chats.getPersona('42')).toBe('xiaozhi');
      expect(chats.getState('notify_cursor')).toBe('17');
    } finally {
      chats.close();
    }

    const db = new Database(dbPath, { readonly: true });
    try {
      expect(readMeta(db, 'handle_salt')).toBe(SALT);
      expect(readMeta(db, 'schema_version')).toBeUndefined();
      const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((r) => r.name);
      expect(tables).toContain('staff_login_throttle');
      expect(tables).not.toContain('staff_unknown_logins');
      const accountColumns = (db.prepare('SELECT name FROM pragma_table_info(?)').all('staff_accounts') as { name: string }[]).map((r) => r.name);
      expect(accountColumns).not.toContain('locked_until');
    } finally {
      db.close();
    }
  });

  it('ends with exactly the schema of a fresh database', async () => {
    const upgraded = tempDb();
    fs.mkdirSync(path.dirname(upgraded), { recursive: true });
    createPreMigrationDb(upgraded);
    openDatabase(upgraded).close();
    const fresh = path.join(tmp, 'fresh', 'guanbot.sqlite');
    openDatabase(fresh).close();
    expect(version(fresh)).toBe(SCHEMA_VERSION);
    expect(schemaOf(upgraded)).toEqual(schemaOf(fresh));
    expect(schemaOf(fresh).objects.map((o) => o.name)).toEqual(
      expect.arrayContaining(['turns', 'items', 'deliveries', 'feedback', 'staff_accounts', 'staff_sessions', 'staff_audit', 'staff_login_throttle', 'telegram_chats', 'telegram_answers', 'telegram_state', 'turns_no_update']),
    );
  });

  it('upgrades a file that only some modules had created (no Telegram tables yet)', () => {
    const dbPath = tempDb();
    fs.mkdirSync(path.dirname(dbPath), { recursive: true });
    const db = new Database(dbPath);
    db.exec(DESK_SQL_BEFORE_MIGRATIONS);
    db.exec(STAFF_SQL_BEFORE_MIGRATIONS);
    db.close();
    const chats = openChatStore(dbPath);
    chats.setPersona('7', 'duo');
    expect(chats.getPersona('7')).toBe('duo');
    chats.close();
    expect(version(dbPath)).toBe(SCHEMA_VERSION);
  });
});

describe('running migrations', () => {
  it('runs each migration once, and a failing one leaves the previous version intact', () => {
    const dbPath = tempDb();
    const runs = { first: 0, second: 0 };
    const first: Migration = {
      version: 1,
      description: 'notes table',
      up: (db) => {
        runs.first += 1;
        db.exec('CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT NOT NULL)');
      },
    };
    const broken: Migration = {
      version: 2,
      description: 'add a column, then fail',
      up: (db) => {
        runs.second += 1;
        db.exec('ALTER TABLE notes ADD COLUMN author TEXT');
        db.exec('INSERT INTO no_such_table VALUES (1)');
      },
    };
    let error: unknown;
    try {
      openDatabase(dbPath, [first, broken]);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(StorageError);
    expect((error as Error).message).toContain(`升级数据库文件 ${dbPath} 到结构版本 2 时失败`);
    expect((error as Error).message).toContain('数据库保持在升级前的状态');
    expect(version(dbPath)).toBe(1);
    const columns = () => {
      const db = new Database(dbPath, { readonly: true });
      const names = (db.prepare('SELECT name FROM pragma_table_info(?)').all('notes') as { name: string }[]).map((r) => r.name);
      db.close();
      return names;
    };
    // The failed step's ALTER was rolled back with it.
    expect(columns()).toEqual(['id', 'text']);

    const fixed: Migration = { version: 2, description: 'add a column', up: (db) => db.exec('ALTER TABLE notes ADD COLUMN author TEXT') };
    openDatabase(dbPath, [first, fixed]).close();
    openDatabase(dbPath, [first, fixed]).close();
    expect(runs.first).toBe(1);
    expect(version(dbPath)).toBe(2);
    expect(columns()).toEqual(['id', 'text', 'author']);
  });

  it('lets several processes open a fresh file at once: one migrates, the others wait and find it done', async () => {
    const dbPath = tempDb();
    const script = `import { openDatabase } from ${JSON.stringify(path.join(repoRoot, 'src/storage/database.ts'))};
      openDatabase(process.argv.at(-1)).close();`;
    const file = path.join(tmp, 'open.ts');
    fs.writeFileSync(file, script);
    const runOne = () =>
      new Promise<{ code: number | null; stderr: string }>((resolve) => {
        const child = spawn(process.execPath, ['--import', 'tsx', file, dbPath], { cwd: repoRoot, stdio: ['ignore', 'ignore', 'pipe'] });
        let stderr = '';
        child.stderr.on('data', (c) => (stderr += c));
        child.on('close', (code) => resolve({ code, stderr }));
      });
    const results = await Promise.all([runOne(), runOne(), runOne(), runOne()]);
    for (const r of results) expect(r).toEqual({ code: 0, stderr: '' });
    expect(version(dbPath)).toBe(SCHEMA_VERSION);
  }, 60_000);
});

describe('a database from a newer guanbot', () => {
  it('is refused with a Chinese message naming the file and versions, and left untouched', () => {
    const dbPath = tempDb();
    openDatabase(dbPath).close();
    const db = new Database(dbPath);
    db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    db.exec('CREATE TABLE from_the_future (x TEXT)');
    db.close();
    const before = schemaOf(dbPath);

    for (const open of [() => openDatabase(dbPath), () => openStaffStore(dbPath), () => openChatStore(dbPath)]) {
      expect(open).toThrow(StorageError);
      expect(open).toThrow(`数据库文件 ${dbPath} 由更新版本的 guanbot 建立（数据库结构版本 ${SCHEMA_VERSION + 1}，本程序最高只支持 ${SCHEMA_VERSION}）`);
    }
    expect(version(dbPath)).toBe(SCHEMA_VERSION + 1);
    expect(schemaOf(dbPath)).toEqual(before);
  });
});
