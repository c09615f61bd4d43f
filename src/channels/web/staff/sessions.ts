/**
 * Staff login sessions. The cookie carries a random token; only its SHA-256
 * is stored, so a copy of the database cannot be replayed as a session.
 */
import crypto from 'node:crypto';
import type { StaffDb } from './db.ts';

/** A session ends this long after login. */
export const SESSION_TTL_MS = 10 * 60 * 60 * 1000;

const digest = (token: string) => crypto.createHash('sha256').update(token).digest('hex');

export class StaffSessions {
  constructor(private readonly db: StaffDb, private readonly now: () => number = Date.now) {}

  /** Starts a session for `name` and returns the token for the cookie. */
  create(name: string): string {
    const token = crypto.randomBytes(32).toString('base64url');
    const now = this.now();
    this.db.prepare('DELETE FROM staff_sessions WHERE expires_at <= ?').run(now);
    this.db.prepare('INSERT INTO staff_sessions (token_hash, name, created_at, expires_at) VALUES (?, ?, ?, ?)').run(digest(token), name, now, now + SESSION_TTL_MS);
    return token;
  }

  /** The staff name of a live session on an enabled account, else undefined. */
  resolve(token: string | undefined): string | undefined {
    if (!token) return undefined;
    const row = this.db
      .prepare(
        `SELECT s.name FROM staff_sessions s JOIN staff_accounts a ON a.name = s.name
         WHERE s.token_hash = ? AND s.expires_at > ? AND a.disabled = 0`,
      )
      .get(digest(token), this.now()) as { name: string } | undefined;
    return row?.name;
  }

  destroy(token: string | undefined): void {
    if (token) this.db.prepare('DELETE FROM staff_sessions WHERE token_hash = ?').run(digest(token));
  }
}
