/**
 * Staff accounts (with their roles and departments), sessions and the audit
 * log of the web console, in one store over the app's SQLite file. The
 * `guanbot staff`, `guanbot audit` and desk commands use it too.
 */
import { openStaffDb } from './db.ts';
import { StaffAccounts } from './accounts.ts';
import { StaffSessions } from './sessions.ts';
import { StaffAudit } from './audit.ts';

export { StaffAccounts, AccountRuleError, FREE_FAILURES, FIRST_DELAY_MS, MAX_DELAY_MS, delayAfter, MIN_PASSWORD_LENGTH } from './accounts.ts';
export type { StaffAccount, LoginResult, PasswordChange, NewAccountOptions } from './accounts.ts';
export { StaffSessions, SESSION_TTL_MS } from './sessions.ts';
export { StaffAudit, MAX_AUDIT_LIMIT } from './audit.ts';
export type { AuditEntry, AuditFilter } from './audit.ts';
export { ROLES, CAPABILITY, CAPABILITIES, ROLES_FOR, OPEN_ACCESS, may, capabilitiesOf, isRole, isCapability, parseRole } from './roles.ts';
export type { Role, Capability, Access } from './roles.ts';
export { viewAuditEntry, actionLabel, detailText, auditHeaders, auditCells, type AuditView } from './audit-text.ts';
export { parseAuditFilter, AuditFilterError, type AuditFilterInput } from './audit-filter.ts';
export { exportAudit, type AuditExportFormat } from './audit-export.ts';
export { resolveOperator, OperatorError } from './operator.ts';

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
