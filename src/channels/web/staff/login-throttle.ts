/**
 * Login throttling keyed by account name AND source address. A few failures
 * are free; after that each attempt from that address at that name must wait
 * a delay that doubles with every failure, up to a cap. Nothing locks the
 * account itself, so guesses from one address never keep the real staff
 * member (who logs in from another address) out.
 *
 * Every attempt is counted as a failure BEFORE the slow password check, with
 * the delay it would earn, in one IMMEDIATE transaction: parallel requests
 * cannot all read the same count, so at most FREE_FAILURES guesses per
 * (name, address) are ever checked in a burst. A right password clears the
 * count. Names without an account are counted exactly like real ones, so the
 * answers reveal nothing about which names exist.
 */
import type { StaffDb } from './db.ts';

/** Failed logins from one address at one name before any waiting starts. */
export const FREE_FAILURES = 5;
/** The wait after the FREE_FAILURES-th failure; each further failure doubles it. */
export const FIRST_DELAY_MS = 1000;
/** The longest wait between two attempts from one address at one name. */
export const MAX_DELAY_MS = 15 * 60 * 1000;
/** Counters untouched this long (and not blocking) are dropped; keeps the table small. */
const STALE_MS = 24 * 60 * 60 * 1000;

/** Go ahead and check the password, or wait `retryAfterMs` first. */
export type Reservation = { allowed: true } | { allowed: false; retryAfterMs: number };

/** The wait that `failures` failures in a row earn (0 while they are free). */
export function delayAfter(failures: number): number {
  if (failures < FREE_FAILURES) return 0;
  return Math.min(FIRST_DELAY_MS * 2 ** (failures - FREE_FAILURES), MAX_DELAY_MS);
}

interface Row {
  failures: number;
  blocked_until: number | null;
}

/** The throttle counters in `staff_login_throttle`. */
export class LoginThrottle {
  constructor(private readonly db: StaffDb) {}

  /** Counts one attempt at `name` from `address`, or refuses it while that pair must wait. */
  reserve(name: string, address: string, now: number): Reservation {
    return this.db
      .transaction((): Reservation => {
        this.prune(now);
        const row = this.db.prepare('SELECT failures, blocked_until FROM staff_login_throttle WHERE name = ? AND address = ?').get(name, address) as Row | undefined;
        if (row?.blocked_until && row.blocked_until > now) return { allowed: false, retryAfterMs: row.blocked_until - now };
        const failures = (row?.failures ?? 0) + 1;
        const delay = delayAfter(failures);
        this.db
          .prepare(
            `INSERT INTO staff_login_throttle (name, address, failures, blocked_until, updated_at) VALUES (?, ?, ?, ?, ?)
             ON CONFLICT(name, address) DO UPDATE SET failures = excluded.failures, blocked_until = excluded.blocked_until, updated_at = excluded.updated_at`,
          )
          .run(name, address, failures, delay ? now + delay : null, now);
        return { allowed: true };
      })
      .immediate();
  }

  /** After the right password: that address starts over at that name. */
  succeeded(name: string, address: string): void {
    this.db.prepare('DELETE FROM staff_login_throttle WHERE name = ? AND address = ?').run(name, address);
  }

  /** Forgets every counter of `name` (password reset, account re-enabled). */
  clear(name: string): void {
    this.db.prepare('DELETE FROM staff_login_throttle WHERE name = ?').run(name);
  }

  /** How many addresses must wait before their next attempt at `name`. */
  blockedAddresses(name: string, now: number): number {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM staff_login_throttle WHERE name = ? AND blocked_until > ?').get(name, now) as { n: number }).n;
  }

  private prune(now: number): void {
    this.db.prepare('DELETE FROM staff_login_throttle WHERE updated_at < ? AND (blocked_until IS NULL OR blocked_until <= ?)').run(now - STALE_MS, now);
  }
}
