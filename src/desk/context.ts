/** What every desk module shares: the database, the settings it honours, the clock and the staff-facing messages. */
import type { Logger } from 'pino';
import type { AfterReply } from './after-reply.ts';
import type { Config } from '../config.ts';
import { messages, type Translator } from '../messages/index.ts';
import type { SqliteDb, SqliteStatement } from '../storage/sqlite.ts';

export interface DeskContext {
  db: SqliteDb;
  /** The prepared statement of `sql`, compiled once per connection (for SQL from a fixed set of texts). */
  stmt(sql: string): SqliteStatement;
  timeZone: string;
  /** False: only masked question text is ever written. */
  keepPersonalData: boolean;
  /** Salt of the pseudonymous handles. */
  salt: string;
  log: Logger;
  /** The clock; tests pass a fixed one. */
  now(): Date;
  /** The corpus folder: its user dictionary and synonyms shape how questions are compared (grouping, topics). */
  corpusDir?: string;
  /** A 👍 on an answer adds its question to the bank's learned file (GUANBOT_LEARN_FROM_FEEDBACK). */
  learnFromFeedback?: boolean;
  /** Work run after the reply (the 👍's bank write). */
  afterReply: AfterReply;
  /** The configured prompts folder. */
  promptsDir?: string;
  /** Messages of the `desk` namespace. */
  t: Translator<'desk'>;
}

export function deskMessages(config: Pick<Config, 'promptsDir'>): Translator<'desk'> {
  return messages('desk', config.promptsDir);
}
