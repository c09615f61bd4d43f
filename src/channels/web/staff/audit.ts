/** The audit log: one row per staff action (logins included), never updated or deleted. */
import type { StaffDb } from './db.ts';

export interface AuditEntry {
  id: number;
  at: string;
  actor: string;
  action: string;
  target: string | null;
  detail: string | null;
  ip: string | null;
}

export class StaffAudit {
  constructor(private readonly db: StaffDb, private readonly now: () => number = Date.now) {}

  /** Appends one entry; `detail` objects are stored as JSON. */
  record(actor: string, action: string, opts: { target?: string | null; detail?: unknown; ip?: string } = {}): void {
    const detail = opts.detail === undefined ? null : typeof opts.detail === 'string' ? opts.detail : JSON.stringify(opts.detail);
    this.db
      .prepare('INSERT INTO staff_audit (at, actor, action, target, detail, ip) VALUES (?, ?, ?, ?, ?, ?)')
      .run(new Date(this.now()).toISOString(), actor, action, opts.target ?? null, detail, opts.ip ?? null);
  }

  /** Most recent entries first. */
  list(opts: { limit?: number; actor?: string } = {}): AuditEntry[] {
    const limit = Math.min(Math.max(opts.limit ?? 100, 1), 1000);
    if (opts.actor) {
      return this.db.prepare('SELECT * FROM staff_audit WHERE actor = ? ORDER BY id DESC LIMIT ?').all(opts.actor, limit) as AuditEntry[];
    }
    return this.db.prepare('SELECT * FROM staff_audit ORDER BY id DESC LIMIT ?').all(limit) as AuditEntry[];
  }
}
