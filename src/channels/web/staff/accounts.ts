/**
 * Staff accounts: argon2id password hashes, disable flag, and the lockout
 * after repeated failed logins.
 */
import { hash, verify } from '@node-rs/argon2';
import type { StaffDb } from './db.ts';
import { LoginLockout } from './lockout.ts';

export { MAX_FAILED_LOGINS, LOCKOUT_MS } from './lockout.ts';
/** Shortest accepted password. */
export const MIN_PASSWORD_LENGTH = 8;

const NAME_PATTERN = /^[\p{L}\p{N}_.-]{2,32}$/u;

export interface StaffAccount {
  name: string;
  disabled: boolean;
  createdAt: string;
  lastLoginAt: string | null;
  lockedUntil: number | null;
}

/** Why a login failed; `locked` carries the minutes left. */
export type LoginResult =
  | { ok: true; name: string }
  | { ok: false; reason: 'invalid' }
  | { ok: false; reason: 'locked'; minutesLeft: number };

/** The account rule a name or password broke (message keys in web.yaml `staff.*`). */
export class AccountRuleError extends Error {
  constructor(readonly rule: 'badName' | 'shortPassword' | 'exists' | 'unknown') {
    super(rule);
  }
}

interface Row {
  name: string;
  password_hash: string;
  disabled: number;
  failed_count: number;
  locked_until: number | null;
  created_at: string;
  last_login_at: string | null;
}

// Verified against when the name is unknown, so both paths cost the same time.
let dummyHash: Promise<string> | undefined;

function toAccount(r: Row): StaffAccount {
  return { name: r.name, disabled: !!r.disabled, createdAt: r.created_at, lastLoginAt: r.last_login_at, lockedUntil: r.locked_until };
}

/** Account operations over the staff tables. */
export class StaffAccounts {
  private readonly lockout: LoginLockout;

  constructor(private readonly db: StaffDb, private readonly now: () => number = Date.now) {
    this.lockout = new LoginLockout(db);
  }

  /** Creates an account; throws AccountRuleError on a bad name, short password or existing name. */
  async add(name: string, password: string): Promise<StaffAccount> {
    if (!NAME_PATTERN.test(name)) throw new AccountRuleError('badName');
    if (password.length < MIN_PASSWORD_LENGTH) throw new AccountRuleError('shortPassword');
    if (this.row(name)) throw new AccountRuleError('exists');
    const passwordHash = await hash(password);
    const createdAt = new Date(this.now()).toISOString();
    this.db.prepare('INSERT INTO staff_accounts (name, password_hash, created_at) VALUES (?, ?, ?)').run(name, passwordHash, createdAt);
    return toAccount(this.row(name)!);
  }

  /** Replaces the password of an existing account and lifts any lockout. */
  async setPassword(name: string, password: string): Promise<void> {
    if (password.length < MIN_PASSWORD_LENGTH) throw new AccountRuleError('shortPassword');
    if (!this.row(name)) throw new AccountRuleError('unknown');
    const passwordHash = await hash(password);
    this.db.prepare('UPDATE staff_accounts SET password_hash = ?, failed_count = 0, locked_until = NULL WHERE name = ?').run(passwordHash, name);
  }

  list(): StaffAccount[] {
    return (this.db.prepare('SELECT * FROM staff_accounts ORDER BY name').all() as Row[]).map(toAccount);
  }

  get(name: string): StaffAccount | undefined {
    const r = this.row(name);
    return r ? toAccount(r) : undefined;
  }

  /** Disables an account and ends its sessions. Returns false when the name is unknown. */
  disable(name: string): boolean {
    const changed = this.db.prepare('UPDATE staff_accounts SET disabled = 1 WHERE name = ?').run(name).changes > 0;
    if (changed) this.db.prepare('DELETE FROM staff_sessions WHERE name = ?').run(name);
    return changed;
  }

  enable(name: string): boolean {
    return this.db.prepare('UPDATE staff_accounts SET disabled = 0, failed_count = 0, locked_until = NULL WHERE name = ?').run(name).changes > 0;
  }

  /**
   * Checks a login. Five failures in a row lock the name for 15 minutes; while
   * locked even the right password is refused. Each attempt is counted before
   * the password is checked, so parallel guesses cannot exceed the limit.
   * Unknown and disabled names fail, count and lock exactly like a wrong password.
   */
  async login(name: string, password: string): Promise<LoginResult> {
    const now = this.now();
    const r = this.row(name);
    const table = r ? 'staff_accounts' : 'staff_unknown_logins';
    const reservation = this.lockout.reserve(table, name, now);
    if (reservation.locked) return { ok: false, reason: 'locked', minutesLeft: reservation.minutesLeft };

    let good = false;
    if (r && !r.disabled) {
      good = await verify(r.password_hash, password).catch(() => false);
    } else {
      // Same cost as a real check, so timing does not tell which names exist.
      dummyHash ??= hash('guanbot-dummy-password');
      await verify(await dummyHash, password).catch(() => false);
    }
    if (good) {
      this.lockout.succeeded('staff_accounts', name);
      this.db.prepare('UPDATE staff_accounts SET last_login_at = ? WHERE name = ?').run(new Date(now).toISOString(), name);
      return { ok: true, name: r!.name };
    }
    const after = this.lockout.failed(table, name, now);
    return after.locked ? { ok: false, reason: 'locked', minutesLeft: after.minutesLeft } : { ok: false, reason: 'invalid' };
  }

  private row(name: string): Row | undefined {
    return this.db.prepare('SELECT * FROM staff_accounts WHERE name = ?').get(name) as Row | undefined;
  }
}
