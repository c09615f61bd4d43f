/**
 * Migration 3: who may do what. Staff accounts get a role and an optional
 * department; desk items can be assigned to a department. Accounts made
 * before roles existed become administrators (`admin`), so an upgraded county
 * keeps every permission it had.
 */
import type { SqliteDb } from '../sqlite.ts';

const SQL = `
-- Role codes: admin (管理员), editor (编辑), handler (经办人), viewer (只读); see src/channels/web/staff/roles.ts.
ALTER TABLE staff_accounts ADD COLUMN role TEXT NOT NULL DEFAULT 'admin';
ALTER TABLE staff_accounts ADD COLUMN department TEXT;
ALTER TABLE items ADD COLUMN department TEXT;
CREATE INDEX items_department ON items(department);
CREATE INDEX staff_audit_actor ON staff_audit(actor);
`;

/** Adds the role and department columns. */
export function up(db: SqliteDb): void {
  db.exec(SQL);
}
