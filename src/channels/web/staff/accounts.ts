/**
 * Staff accounts: argon2id password hashes, disable flag, and login checks
 * throttled per account and source address (login-throttle.ts).
 */
import { hash, verify } from '@node-rs/argon2';
import type { StaffDb } from './db.ts';
import { LoginThrottle } from './login-throttle.ts';
import { isRole, type Role } from './roles.ts';

export { FREE_FAILURES, FIRST_DELAY_MS, MAX_DELAY_MS, delayAfter } from './login-throttle.ts';
/** Shortest accepted password. */
export const MIN_PASSWORD_LENGTH = 8;

const NAME_PATTERN = /^[\p{L}\p{N}_.-]{2,32}$/u;
/** A department name such as 县政府办 or 教体局. */
const DEPARTMENT_PATTERN = /^[\p{L}\p{N}_.()（）·-]{2,32}$/u;

export interface StaffAccount {
  name: string;
  disabled: boolean;
  createdAt: string;
  lastLoginAt: string | null;
  /** What the account may do (see roles.ts). */
  role: Role;
  /** The department (部门) the staff member belongs to, if any. */
  department: string | null;
  /** Addresses that must currently wait before trying this name again. */
  throttledAddresses: number;
}

/** Why a login failed; `throttled` carries how long this address must wait. */
export type LoginResult =
  | { ok: true; name: string }
  | { ok: false; reason: 'invalid' }
  | { ok: false; reason: 'throttled'; retryAfterMs: number };

/** What a password change did besides the change itself. */
export interface PasswordChange {
  /** Sessions of the account that were ended (everyone must log in again). */
  sessionsEnded: number;
}

/** The account rule a name or password broke (message keys in web.yaml `staff.*`). */
export class AccountRuleError extends Error {
  constructor(readonly rule: 'badName' | 'shortPassword' | 'exists' | 'unknown' | 'badRole' | 'badDepartment' | 'lastAdmin') {
    super(rule);
  }
}

interface Row {
  name: string;
  password_hash: string;
  disabled: number;
  created_at: string;
  last_login_at: string | null;
  role: string;
  department: string | null;
}

/** Role and department of a new account. */
export interface NewAccountOptions {
  /** Default `admin`: the first account of a county must be able to do everything. */
  role?: Role;
  department?: string | null;
}

// Verified against when the name is unknown, so both paths cost the same time.
let dummyHash: Promise<string> | undefined;

/** Account operations over the staff tables. */
export class StaffAccounts {
  private readonly throttle: LoginThrottle;

  constructor(private readonly db: StaffDb, private readonly now: () => number = Date.now) {
    this.throttle = new LoginThrottle(db);
  }

  /** Creates an account; throws AccountRuleError on a bad name, short password, existing name, bad role or department. */
  async add(name: string, password: string, options: NewAccountOptions = {}): Promise<StaffAccount> {
    if (!NAME_PATTERN.test(name)) throw new AccountRuleError('badName');
    if (password.length < MIN_PASSWORD_LENGTH) throw new AccountRuleError('shortPassword');
    if (this.row(name)) throw new AccountRuleError('exists');
    const role = options.role ?? 'admin';
    if (!isRole(role)) throw new AccountRuleError('badRole');
    const department = checkDepartment(options.department);
    const passwordHash = await hash(password);
    const createdAt = new Date(this.now()).toISOString();
    this.db
      .prepare('INSERT INTO staff_accounts (name, password_hash, created_at, role, department) VALUES (?, ?, ?, ?, ?)')
      .run(name, passwordHash, createdAt, role, department);
    return this.toAccount(this.row(name)!);
  }

  /**
   * Changes the role of an account; its sessions stay, and the next request is judged by the new role.
   * Refuses to take the role away from the last enabled administrator (nobody could manage accounts).
   */
  setRole(name: string, role: Role): StaffAccount {
    if (!isRole(role)) throw new AccountRuleError('badRole');
    return this.db
      .transaction((): StaffAccount => {
        const r = this.row(name);
        if (!r) throw new AccountRuleError('unknown');
        if (r.role === 'admin' && role !== 'admin' && !r.disabled && this.enabledAdmins() <= 1) throw new AccountRuleError('lastAdmin');
        this.db.prepare('UPDATE staff_accounts SET role = ? WHERE name = ?').run(role, name);
        return this.toAccount(this.row(name)!);
      })
      .immediate();
  }

  /** Puts an account in a department, or in none (`null`). */
  setDepartment(name: string, department: string | null): StaffAccount {
    const value = checkDepartment(department);
    if (this.db.prepare('UPDATE staff_accounts SET department = ? WHERE name = ?').run(value, name).changes === 0) throw new AccountRuleError('unknown');
    return this.toAccount(this.row(name)!);
  }

  /** The departments enabled accounts belong to, sorted (tickets can be assigned to these). */
  departments(): string[] {
    const rows = this.db.prepare('SELECT DISTINCT department FROM staff_accounts WHERE department IS NOT NULL AND disabled = 0').all() as { department: string }[];
    return rows.map((r) => r.department).sort((a, b) => a.localeCompare(b, 'zh'));
  }

  private enabledAdmins(): number {
    return (this.db.prepare("SELECT COUNT(*) AS n FROM staff_accounts WHERE role = 'admin' AND disabled = 0").get() as { n: number }).n;
  }

  /**
   * Replaces the password of an existing account, ends every session of it
   * (a leaked or shared password stops working everywhere at once) and clears
   * its login throttle.
   */
  async setPassword(name: string, password: string): Promise<PasswordChange> {
    if (password.length < MIN_PASSWORD_LENGTH) throw new AccountRuleError('shortPassword');
    if (!this.row(name)) throw new AccountRuleError('unknown');
    const passwordHash = await hash(password);
    return this.db
      .transaction((): PasswordChange => {
        if (this.db.prepare('UPDATE staff_accounts SET password_hash = ? WHERE name = ?').run(passwordHash, name).changes === 0) {
          throw new AccountRuleError('unknown');
        }
        const sessionsEnded = this.db.prepare('DELETE FROM staff_sessions WHERE name = ?').run(name).changes;
        this.throttle.clear(name);
        return { sessionsEnded };
      })
      .immediate();
  }

  /** Every account, by name. */
  list(): StaffAccount[] {
    return (this.db.prepare('SELECT * FROM staff_accounts ORDER BY name').all() as Row[]).map((r) => this.toAccount(r));
  }

  /** One account, or undefined when the name is unknown. */
  get(name: string): StaffAccount | undefined {
    const r = this.row(name);
    return r ? this.toAccount(r) : undefined;
  }

  /** Disables an account and ends its sessions. Returns false when the name is unknown. */
  disable(name: string): boolean {
    const changed = this.db.prepare('UPDATE staff_accounts SET disabled = 1 WHERE name = ?').run(name).changes > 0;
    if (changed) this.db.prepare('DELETE FROM staff_sessions WHERE name = ?').run(name);
    return changed;
  }

  /** Enables an account again and clears its login throttle. Returns false when the name is unknown. */
  enable(name: string): boolean {
    const changed = this.db.prepare('UPDATE staff_accounts SET disabled = 0 WHERE name = ?').run(name).changes > 0;
    if (changed) this.throttle.clear(name);
    return changed;
  }

  /**
   * Checks a login from `address` (the client IP). After a few failures from
   * that address at that name, each further attempt must wait a delay that
   * doubles up to a cap (login-throttle.ts); other addresses are not slowed,
   * so the right password from the staff member's own computer still works.
   * Unknown and disabled names fail and are throttled exactly like a wrong password.
   */
  async login(name: string, password: string, address = 'local'): Promise<LoginResult> {
    const now = this.now();
    const reservation = this.throttle.reserve(name, address, now);
    if (!reservation.allowed) return { ok: false, reason: 'throttled', retryAfterMs: reservation.retryAfterMs };
    const r = this.row(name);

    let good = false;
    if (r && !r.disabled) {
      good = await verify(r.password_hash, password).catch(() => false);
    } else {
      // Same cost as a real check, so timing does not tell which names exist.
      dummyHash ??= hash('guanbot-dummy-password');
      await verify(await dummyHash, password).catch(() => false);
    }
    if (!good) return { ok: false, reason: 'invalid' };
    this.throttle.succeeded(name, address);
    this.db.prepare('UPDATE staff_accounts SET last_login_at = ? WHERE name = ?').run(new Date(now).toISOString(), name);
    return { ok: true, name: r!.name };
  }

  private toAccount(r: Row): StaffAccount {
    return {
      name: r.name,
      disabled: !!r.disabled,
      createdAt: r.created_at,
      lastLoginAt: r.last_login_at,
      // An unknown stored code (edited by hand) gets the least power, not the most.
      role: isRole(r.role) ? r.role : 'viewer',
      department: r.department,
      throttledAddresses: this.throttle.blockedAddresses(r.name, this.now()),
    };
  }

  private row(name: string): Row | undefined {
    return this.db.prepare('SELECT * FROM staff_accounts WHERE name = ?').get(name) as Row | undefined;
  }
}

/** A trimmed department name or null; throws AccountRuleError('badDepartment') on a malformed one. */
function checkDepartment(department: string | null | undefined): string | null {
  const value = department?.trim();
  if (!value) return null;
  if (!DEPARTMENT_PATTERN.test(value)) throw new AccountRuleError('badDepartment');
  return value;
}
