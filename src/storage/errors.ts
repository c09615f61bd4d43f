/**
 * Chinese errors for the shared SQLite file and the data folder. SQLite and
 * the file system report "unable to open database file" or EACCES without
 * saying which file or what to do; these name the path and the fix.
 */
import { messages, type KeysUnder } from '../messages/index.ts';

const t = messages('storage');

/** An error opening or upgrading the database; the message is the Chinese text to show. */
export class StorageError extends Error {
  constructor(message: string, readonly path: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StorageError';
  }
}

type Reason = KeysUnder<'storage', 'reasons'>;

const REASON_BY_CODE: Record<string, Reason> = {
  EACCES: 'permission',
  EPERM: 'permission',
  EROFS: 'readonlyFs',
  ENOTDIR: 'notDirectory',
  EEXIST: 'notDirectory',
  ENOSPC: 'noSpace',
  ENOENT: 'missing',
  SQLITE_FULL: 'noSpace',
};

function codeOf(err: unknown): string {
  return typeof (err as { code?: unknown })?.code === 'string' ? (err as { code: string }).code : '';
}

/** A short Chinese reason for a file-system or SQLite error (the raw text only when no reason fits). */
export function reasonOf(err: unknown): string {
  const code = codeOf(err);
  const key: Reason = REASON_BY_CODE[code] ?? (code.startsWith('SQLITE_READONLY') ? 'permission' : 'other');
  return t(`reasons.${key}`, { detail: err instanceof Error ? err.message : String(err) });
}

/** The data folder `dir` cannot be created or written. */
export function dirUnwritable(dir: string, cause: unknown): StorageError {
  return new StorageError(t('errors.dirUnwritable', { path: dir, reason: reasonOf(cause) }), dir, { cause });
}

/** The database file at `dbPath` exists but cannot be written. */
export function fileReadonly(dbPath: string, cause: unknown): StorageError {
  return new StorageError(t('errors.fileReadonly', { path: dbPath, reason: reasonOf(cause) }), dbPath, { cause });
}

/** The database at `dbPath` was made by a newer guanbot (schema `found` > `supported`). */
export function newerSchema(dbPath: string, found: number, supported: number): StorageError {
  return new StorageError(t('errors.newerSchema', { path: dbPath, found, supported }), dbPath);
}

/** Migration `version` failed and was rolled back. */
export function migrationFailed(dbPath: string, version: number, cause: unknown): StorageError {
  return new StorageError(t('errors.migrationFailed', { path: dbPath, version, reason: reasonOf(cause) }), dbPath, { cause });
}

/** True for SQLite's "this is not (or no longer) a readable database" codes. */
export function isCorruption(err: unknown): boolean {
  const code = codeOf(err);
  return code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CORRUPT');
}

/**
 * Turns an error from opening or using `dbPath` into a StorageError naming
 * the file and what to do; errors it does not recognise are returned as they are.
 */
export function storageError(err: unknown, dbPath: string): unknown {
  if (err instanceof StorageError) return err;
  const code = codeOf(err);
  if (isCorruption(err)) return new StorageError(t('errors.corrupt', { path: dbPath }), dbPath, { cause: err });
  if (code.startsWith('SQLITE_READONLY')) return fileReadonly(dbPath, err);
  if (code === 'SQLITE_FULL') return new StorageError(t('errors.diskFull', { path: dbPath }), dbPath, { cause: err });
  if (code.startsWith('SQLITE_CANTOPEN') || code === 'SQLITE_PERM') return new StorageError(t('errors.cantOpen', { path: dbPath }), dbPath, { cause: err });
  if (code.startsWith('SQLITE_IOERR')) return new StorageError(t('errors.ioError', { path: dbPath }), dbPath, { cause: err });
  return err;
}
