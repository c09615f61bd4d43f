/** The audit log: one row per staff action (logins included), never updated or deleted. */
import type { StaffDb } from './db.ts';

export interface AuditEntry {
  id: number;
  at: string;
  actor: string;
  action: string;
  target: string | null;
  detail: string | null;
  /** The client address; null for actions taken on the server's command line. */
  ip: string | null;
}

/** Which entries to read; `since`/`until` are instants (callers turn local dates into them). */
export interface AuditFilter {
  actor?: string;
  /** An action code (`item.close`) or a family (`item`, matching `item.*`). */
  action?: string;
  /** Entries at or after this instant. */
  since?: Date;
  /** Entries before this instant. */
  until?: Date;
  /** Default 100, at most MAX_AUDIT_LIMIT. */
  limit?: number;
}

/** The most entries one read returns (an export of a busy year stays bounded). */
export const MAX_AUDIT_LIMIT = 100_000;

export class StaffAudit {
  constructor(private readonly db: StaffDb, private readonly now: () => number = Date.now) {}

  /** Appends one entry; `detail` objects are stored as JSON. Without `ip` the entry reads as a command-line action. */
  record(actor: string, action: string, opts: { target?: string | null; detail?: unknown; ip?: string } = {}): void {
    const detail = opts.detail === undefined ? null : typeof opts.detail === 'string' ? opts.detail : JSON.stringify(opts.detail);
    this.db
      .prepare('INSERT INTO staff_audit (at, actor, action, target, detail, ip) VALUES (?, ?, ?, ?, ?, ?)')
      .run(new Date(this.now()).toISOString(), actor, action, opts.target ?? null, detail, opts.ip ?? null);
  }

  /** Entries matching `filter`, most recent first. */
  list(filter: AuditFilter = {}): AuditEntry[] {
    const where: string[] = [];
    const params: unknown[] = [];
    if (filter.actor) {
      where.push('actor = ?');
      params.push(filter.actor);
    }
    if (filter.action) {
      where.push('(action = ? OR action LIKE ?)');
      params.push(filter.action, `${filter.action.replace(/[%_]/g, '')}.%`);
    }
    if (filter.since) {
      where.push('at >= ?');
      params.push(filter.since.toISOString());
    }
    if (filter.until) {
      where.push('at < ?');
      params.push(filter.until.toISOString());
    }
    const limit = Math.min(Math.max(Math.floor(filter.limit ?? 100), 1), MAX_AUDIT_LIMIT);
    const sql = `SELECT * FROM staff_audit ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT ?`;
    return this.db.prepare(sql).all(...params, limit) as AuditEntry[];
  }

  /** Every name that appears as an actor, sorted (the console's operator filter). */
  actors(): string[] {
    return (this.db.prepare('SELECT DISTINCT actor FROM staff_audit').all() as { actor: string }[]).map((r) => r.actor).sort((a, b) => a.localeCompare(b, 'zh'));
  }
}
