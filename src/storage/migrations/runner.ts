/**
 * Brings a database to the newest schema version. The version lives in
 * `PRAGMA user_version` (0 for a new file and for installs made before
 * migrations). Each migration runs once, in its own IMMEDIATE transaction
 * that also sets the new version, so a failed step leaves the previous
 * version intact, and a second process migrating at the same time waits and
 * then finds the step done.
 */
import type { SqliteDb } from '../sqlite.ts';
import { migrationFailed, newerSchema, storageError, StorageError } from '../errors.ts';

/** One numbered schema change. */
export interface Migration {
  /** 1, 2, 3, … in order with no gaps. */
  version: number;
  /** What it changes (for engineers and the log). */
  description: string;
  /** Applies the change; runs inside the runner's transaction. */
  up(db: SqliteDb): void;
}

/** What `migrate` did: the version found, the version left, and the steps applied. */
export interface MigrationReport {
  from: number;
  to: number;
  applied: number[];
}

/** The schema version stored in the file. */
export function schemaVersion(db: SqliteDb): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/** Throws unless the versions are 1, 2, 3, … (a programming error, so in English). */
export function assertOrdered(migrations: readonly Migration[]): void {
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`migration #${i} has version ${m.version}, expected ${i + 1}`);
  });
}

function refuseNewer(db: SqliteDb, dbPath: string, latest: number): number {
  const found = schemaVersion(db);
  if (found > latest) throw newerSchema(dbPath, found, latest);
  return found;
}

/** Runs one migration unless the file already has it; true when it ran here. */
function applyOne(db: SqliteDb, dbPath: string, m: Migration, latest: number): boolean {
  try {
    return db
      .transaction(() => {
        // Read again inside the lock: another process may have migrated meanwhile.
        if (refuseNewer(db, dbPath, latest) >= m.version) return false;
        m.up(db);
        db.pragma(`user_version = ${m.version}`);
        return true;
      })
      .immediate();
  } catch (err) {
    // Damaged or unwritable files get their own message; anything else is this step's failure.
    const known = storageError(err, dbPath);
    if (known instanceof StorageError) throw known;
    throw migrationFailed(dbPath, m.version, err);
  }
}

/**
 * Applies the migrations `dbPath`'s database lacks, oldest first. Refuses a
 * database whose version is newer than the last migration (made by a newer
 * guanbot) with a StorageError, before changing anything.
 */
export function migrate(db: SqliteDb, dbPath: string, migrations: readonly Migration[]): MigrationReport {
  assertOrdered(migrations);
  const latest = migrations.length;
  const from = refuseNewer(db, dbPath, latest);
  const applied: number[] = [];
  for (const m of migrations) {
    if (m.version <= from) continue;
    if (applyOne(db, dbPath, m, latest)) applied.push(m.version);
  }
  return { from, to: schemaVersion(db), applied };
}
