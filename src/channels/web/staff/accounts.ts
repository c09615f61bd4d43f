/**
 * Staff accounts: argon2id password hashes, disable flag, and the lockout
 * after repeated failed logins.
 */
import { hash, verify } from '@node-rs/argon2';
import type { StaffDb } from './db.ts';

/** Failed logins in a row before the account is locked. */
export const MAX_FAILED_LOGINS = 5;
/** How long a locked account stays locked. */
export const LOCKOUT_MS = 15 * 60 * 1000;
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
  constructor(private readonly db: StaffDb, private readonly now: () => number = Date.now) {}

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
   * Checks a login. Five failures in a row lock the account for 15 minutes;
   * while locked even the right password is refused. Unknown and disabled
   * names fail exactly like a wrong password.
   */
  async login(name: string, password: string): Promise<LoginResult> {
    const r = this.row(name);
    const now = this.now();
    if (r?.locked_until && r.locked_until > now) {
      return { ok: false, reason: 'locked', minutesLeft: Math.ceil((r.locked_until - now) / 60_000) };
    }
    if (!r || r.disabled) {
      dummyHash ??= hash('guanbot-dummy-password');
      await verify(await dummyHash, password).catch(() => false);
      return { ok: false, reason: 'invalid' };
    }
    const good = await verify(r.password_hash, password).catch(() => false);
    if (good) {
      this.db
        .prepare('UPDATE staff_accounts SET failed_count = 0, locked_until = NULL, last_login_at = ? WHERE name = ?')
        .run(new Date(now).toISOString(), name);
      return { ok: true, name: r.name };
    }
    const failed = r.failed_count + 1;
    if (failed >= MAX_FAILED_LOGINS) {
      this.db.prepare('UPDATE staff_accounts SET failed_count = 0, locked_until = ? WHERE name = ?').run(now + LOCKOUT_MS, name);
      return { ok: false, reason: 'locked', minutesLeft: Math.ceil(LOCKOUT_MS / 60_000) };
    }
    this.db.prepare('UPDATE staff_accounts SET failed_count = ? WHERE name = ?').run(failed, name);
    return { ok: false, reason: 'invalid' };
  }

  private row(name: string): Row | undefined {
    return this.db.prepare('SELECT * FROM staff_accounts WHERE name = ?').get(name) as Row | undefined;
  }
}
