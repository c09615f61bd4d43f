/**
 * Login lockout counters. Every attempt is counted BEFORE the slow password
 * check, with one atomic UPDATE … RETURNING, so parallel requests cannot all
 * read the same count and slip past the limit: at most MAX_FAILED_LOGINS
 * guesses are ever checked per lockout period. Unknown names are counted
 * (in their own table) exactly like real ones, so "locked" reveals nothing.
 */
import type { StaffDb } from './db.ts';

/** Failed logins in a row before the name is locked. */
export const MAX_FAILED_LOGINS = 5;
/** How long a locked name stays locked. */
export const LOCKOUT_MS = 15 * 60 * 1000;
/** Counters of unknown names untouched this long are dropped (keeps the table small). */
const UNKNOWN_NAME_TTL_MS = 24 * 60 * 60 * 1000;

/** Where a name's counter lives: the account row, or the table of names without an account. */
export type CounterTable = 'staff_accounts' | 'staff_unknown_logins';

/** The outcome of reserving an attempt: go ahead and check the password, or refuse as locked. */
export type Reservation = { locked: false } | { locked: true; minutesLeft: number };

export class LoginLockout {
  constructor(private readonly db: StaffDb) {}

  /** Counts one attempt for `name`; refuses when the name is locked or this attempt is over the limit. */
  reserve(table: CounterTable, name: string, now: number): Reservation {
    return this.db.transaction((): Reservation => {
      if (table === 'staff_unknown_logins') {
        this.db
          .prepare('DELETE FROM staff_unknown_logins WHERE updated_at < ? AND (locked_until IS NULL OR locked_until <= ?)')
          .run(now - UNKNOWN_NAME_TTL_MS, now);
        this.db
          .prepare('INSERT INTO staff_unknown_logins (name, failed_count, updated_at) VALUES (?, 0, ?) ON CONFLICT(name) DO UPDATE SET updated_at = excluded.updated_at')
          .run(name, now);
      }
      // A lock that has run out starts a fresh count.
      this.db.prepare(`UPDATE ${table} SET failed_count = 0, locked_until = NULL WHERE name = ? AND locked_until IS NOT NULL AND locked_until <= ?`).run(name, now);
      const counted = this.db
        .prepare(`UPDATE ${table} SET failed_count = failed_count + 1 WHERE name = ? AND locked_until IS NULL RETURNING failed_count`)
        .get(name) as { failed_count: number } | undefined;
      if (counted && counted.failed_count <= MAX_FAILED_LOGINS) return { locked: false };
      return this.locked(table, name, now);
    }).immediate();
  }

  /** After a wrong password: locks the name once this attempt's reservation reached the limit. */
  failed(table: CounterTable, name: string, now: number): Reservation {
    return this.db.transaction((): Reservation => {
      const row = this.db.prepare(`SELECT failed_count, locked_until FROM ${table} WHERE name = ?`).get(name) as
        | { failed_count: number; locked_until: number | null }
        | undefined;
      if (row?.locked_until && row.locked_until > now) return this.minutesLeft(row.locked_until, now);
      if (row && row.failed_count >= MAX_FAILED_LOGINS) return this.locked(table, name, now);
      return { locked: false };
    }).immediate();
  }

  /** After the right password: the count starts over and any lock is lifted. */
  succeeded(table: CounterTable, name: string): void {
    this.db.prepare(`UPDATE ${table} SET failed_count = 0, locked_until = NULL WHERE name = ?`).run(name);
  }

  /** Sets the lock (keeping an earlier one) and reports how long it lasts. */
  private locked(table: CounterTable, name: string, now: number): Reservation {
    const row = this.db
      .prepare(`UPDATE ${table} SET failed_count = 0, locked_until = COALESCE(locked_until, ?) WHERE name = ? RETURNING locked_until`)
      .get(now + LOCKOUT_MS, name) as { locked_until: number } | undefined;
    return this.minutesLeft(row?.locked_until ?? now + LOCKOUT_MS, now);
  }

  private minutesLeft(lockedUntil: number, now: number): Reservation {
    return { locked: true, minutesLeft: Math.max(1, Math.ceil((lockedUntil - now) / 60_000)) };
  }
}
