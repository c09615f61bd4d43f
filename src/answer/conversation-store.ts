/**
 * Conversations remembered in the shared SQLite file (table `conversations`, migration 3), so a follow-up is read
 * with its previous turn whichever process answers it: the server, or a second `guanbot ask --conversation ID`.
 * Rows are keyed by a salted hash of channel and id; a conversation silent past the time-to-live is forgotten
 * (and deleted on the next write), and only the newest few turns are kept.
 */
import crypto from 'node:crypto';
import { z } from 'zod';
import { openDatabase } from '../storage/database.ts';
import { statementCache, type SqliteDb } from '../storage/sqlite.ts';
import { DEFAULT_FOLLOW_UP_OPTIONS, type ConversationStore, type ConversationTurn } from './conversation.ts';

const turnsSchema = z.array(z.object({ question: z.string(), passages: z.array(z.string()), at: z.number() }));

export interface SqliteConversationStoreOptions {
  ttlMs?: number;
  keepTurns?: number;
  /** The clock (tests move it past the time-to-live). */
  now?: () => number;
}

/** A conversation store on its own connection to the file at `dbPath`. */
export class SqliteConversationStore implements ConversationStore {
  private readonly db: SqliteDb;
  private readonly stmt: ReturnType<typeof statementCache>;
  private readonly ttlMs: number;
  private readonly keepTurns: number;
  private readonly now: () => number;
  /** The salt of this database's conversation keys (the one desk handles use). */
  readonly salt: string;

  constructor(dbPath: string, options: SqliteConversationStoreOptions = {}) {
    this.db = openDatabase(dbPath);
    this.stmt = statementCache(this.db);
    this.ttlMs = options.ttlMs ?? DEFAULT_FOLLOW_UP_OPTIONS.ttlMs;
    this.keepTurns = options.keepTurns ?? DEFAULT_FOLLOW_UP_OPTIONS.keepTurns;
    this.now = options.now ?? Date.now;
    // Made once per database by whichever module opens it first, never shown.
    this.stmt('INSERT OR IGNORE INTO desk_meta(key, value) VALUES (?, ?)').run('handle_salt', crypto.randomBytes(32).toString('hex'));
    this.salt = (this.stmt('SELECT value FROM desk_meta WHERE key = ?').get('handle_salt') as { value: string }).value;
  }

  turns(key: string): ConversationTurn[] {
    const row = this.stmt('SELECT turns, updated_at FROM conversations WHERE key = ?').get(key) as { turns: string; updated_at: number } | undefined;
    if (!row || this.now() - row.updated_at > this.ttlMs) return [];
    try {
      return turnsSchema.parse(JSON.parse(row.turns));
    } catch {
      // A damaged row only costs the context: the message is answered on its own.
      return [];
    }
  }

  remember(key: string, turn: ConversationTurn): void {
    const turns = [turn, ...this.turns(key)].slice(0, this.keepTurns);
    this.write(key, JSON.stringify(turns));
  }

  touch(key: string): void {
    // An expired conversation stays expired: its turns are cleared rather than revived.
    this.write(key, JSON.stringify(this.turns(key)));
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  private write(key: string, turns: string): void {
    const now = this.now();
    this.db.transaction(() => {
      this.stmt('DELETE FROM conversations WHERE updated_at < ?').run(now - this.ttlMs);
      this.stmt('INSERT INTO conversations (key, turns, updated_at) VALUES (?, ?, ?) ON CONFLICT(key) DO UPDATE SET turns = excluded.turns, updated_at = excluded.updated_at').run(key, turns, now);
    })();
  }
}
