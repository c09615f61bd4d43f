/**
 * Staff accounts, sessions and audit log of the web console, in one store
 * over the app's SQLite file. The `guanbot staff` command uses it too.
 */
import { openStaffDb } from './db.ts';
import { StaffAccounts } from './accounts.ts';
import { StaffSessions } from './sessions.ts';
import { StaffAudit } from './audit.ts';

export { StaffAccounts, AccountRuleError, FREE_FAILURES, FIRST_DELAY_MS, MAX_DELAY_MS, delayAfter, MIN_PASSWORD_LENGTH } from './accounts.ts';
export type { StaffAccount, LoginResult, PasswordChange } from './accounts.ts';
export { StaffSessions, SESSION_TTL_MS } from './sessions.ts';
export { StaffAudit } from './audit.ts';
export type { AuditEntry } from './audit.ts';

export interface StaffStore {
  accounts: StaffAccounts;
  sessions: StaffSessions;
  audit: StaffAudit;
  close(): void;
}

/** Opens the staff tables in `dbPath`. `now` is injectable so tests can move time past a login delay. */
export function openStaffStore(dbPath: string, now: () => number = Date.now): StaffStore {
  const db = openStaffDb(dbPath);
  return {
    accounts: new StaffAccounts(db, now),
    sessions: new StaffSessions(db, now),
    audit: new StaffAudit(db, now),
    close: () => db.close(),
  };
}
