/**
 * One index build at a time per data folder, across processes (the server's
 * console reindex, `guanbot index`, a CLI promote) and within one process.
 *
 * The lock is an exclusive SQLite transaction on `<indexDir>/build-lock.db`,
 * i.e. an operating-system file lock, not a file whose presence means "held".
 * Taking it is atomic, so two contenders never both enter; the kernel drops it
 * the instant its holder exits or is killed, so there is no stale lock to
 * guess about and no PID to trust (a PID may by now belong to another live
 * process); and a holder can only ever release its own lock, since releasing
 * deletes nothing. The holder also writes `build-lock.owner.json` (its owner
 * token, pid, host, command and start time) so that a waiting build can say
 * whom it waits for; only the holder of the token removes that file.
 *
 * A build that has to wait says so (see `onBuildLockWait`), and gives up
 * after `maxWaitMs` with an error naming the holder rather than breaking in.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import Database from 'better-sqlite3';
import { messages } from '../messages/index.ts';

const t = messages('cli');

/** The file the operating-system lock is taken on. */
export const LOCK_FILE = 'build-lock.db';
/** Who holds the lock, for messages; written and removed only by the holder. */
export const OWNER_FILE = 'build-lock.owner.json';
/** The PID file of earlier versions: meaningless now, removed by the next build. */
const LEGACY_LOCK_FILE = 'build.lock';

const POLL_MS = 100;
/** How often a waiting build repeats that it is waiting. */
const REPORT_EVERY_MS = 10_000;
/** A build waiting longer than this gives up (the holder is alive but stuck: staff must look at it). */
const MAX_WAIT_MS = 15 * 60_000;

/** The holder of the build lock, as it describes itself in the owner file. */
export interface BuildLockOwner {
  token: string;
  pid: number;
  host: string;
  command: string;
  /** ISO time the lock was taken. */
  since: string;
}

/** What a build that waits for the lock reports, first at once and then every 10 s. */
export interface BuildLockWait {
  lockFile: string;
  /** Null when the holder has not written its owner file yet. */
  owner: BuildLockOwner | null;
  waitedMs: number;
}

export interface BuildLockOptions {
  /** Give up after this long (default 15 minutes). */
  maxWaitMs?: number;
  /** Called while waiting, besides the listeners of `onBuildLockWait`. */
  onWait?: (wait: BuildLockWait) => void;
}

/** The lock could not be taken in time; the message (Chinese) names the holder and the lock file. */
export class BuildLockTimeoutError extends Error {
  constructor(
    readonly lockFile: string,
    readonly owner: BuildLockOwner | null,
  ) {
    super(t('index.lockTimeout', { ...describeOwner(owner), file: lockFile }));
    this.name = 'BuildLockTimeoutError';
  }
}

const listeners = new Set<(wait: BuildLockWait) => void>();

/**
 * Subscribes to waiting reports of every build in this process (the CLI prints them, so a build never waits in
 * silence). Returns the unsubscribe function.
 */
export function onBuildLockWait(listener: (wait: BuildLockWait) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The fields of the wait and timeout messages for `owner`. */
export function describeOwner(owner: BuildLockOwner | null): { pid: string; host: string; command: string; since: string } {
  return {
    pid: owner ? String(owner.pid) : '?',
    host: owner?.host ?? '?',
    command: owner?.command || '?',
    since: owner?.since ?? '?',
  };
}

/** Reads the owner file, or null when there is none (or it is half-written, which the atomic write prevents). */
export function readBuildLockOwner(indexDir: string): BuildLockOwner | null {
  try {
    const owner = JSON.parse(fs.readFileSync(path.join(indexDir, OWNER_FILE), 'utf8')) as BuildLockOwner;
    return typeof owner?.token === 'string' ? owner : null;
  } catch {
    return null;
  }
}

/** Opens the lock database and tries to take the lock once; the connection is returned either way. */
function openLockDb(lockFile: string): Database.Database {
  // timeout 0: a busy lock fails at once, and the wait happens here, off SQLite, without blocking the event loop.
  return new Database(lockFile, { timeout: 0 });
}

function tryLock(db: Database.Database): boolean {
  try {
    db.exec('BEGIN EXCLUSIVE');
    return true;
  } catch (err) {
    if ((err as { code?: string }).code === 'SQLITE_BUSY') return false;
    throw err;
  }
}

/** Waits until `db` holds the lock, reporting while it waits; throws BuildLockTimeoutError after `maxWaitMs`. */
async function acquire(db: Database.Database, indexDir: string, lockFile: string, options: BuildLockOptions): Promise<void> {
  const started = Date.now();
  const maxWaitMs = options.maxWaitMs ?? MAX_WAIT_MS;
  let nextReport = started;
  while (!tryLock(db)) {
    const now = Date.now();
    if (now - started > maxWaitMs) throw new BuildLockTimeoutError(lockFile, readBuildLockOwner(indexDir));
    if (now >= nextReport) {
      const wait = { lockFile, owner: readBuildLockOwner(indexDir), waitedMs: now - started };
      options.onWait?.(wait);
      for (const listener of listeners) listener(wait);
      nextReport = now + REPORT_EVERY_MS;
    }
    await sleep(POLL_MS);
  }
}

function writeOwner(indexDir: string, owner: BuildLockOwner): void {
  const file = path.join(indexDir, OWNER_FILE);
  const tmp = `${file}.${owner.token}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(owner));
  fs.renameSync(tmp, file);
}

/** Removes the owner file when it is still `token`'s (always, while the lock is held; checked all the same). */
function removeOwner(indexDir: string, token: string): void {
  if (readBuildLockOwner(indexDir)?.token === token) fs.rmSync(path.join(indexDir, OWNER_FILE), { force: true });
}

/** Runs `work` while holding the build lock of `indexDir`; the lock is released however `work` ends. */
export async function withBuildLock<T>(indexDir: string, work: () => Promise<T>, options: BuildLockOptions = {}): Promise<T> {
  fs.mkdirSync(indexDir, { recursive: true });
  const lockFile = path.join(indexDir, LOCK_FILE);
  const db = openLockDb(lockFile);
  const token = crypto.randomUUID();
  try {
    await acquire(db, indexDir, lockFile, options);
    try {
      fs.rmSync(path.join(indexDir, LEGACY_LOCK_FILE), { force: true });
      writeOwner(indexDir, { token, pid: process.pid, host: os.hostname(), command: process.argv.slice(1).map((a) => path.basename(a)).join(' '), since: new Date().toISOString() });
      return await work();
    } finally {
      removeOwner(indexDir, token);
      db.exec('ROLLBACK');
    }
  } finally {
    db.close();
  }
}
