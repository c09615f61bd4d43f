/**
 * The Telegram channel's own SQLite tables, in the app's database file:
 * - `telegram_chats`: the persona each chat chose (survives restarts);
 * - `telegram_answers`: what each answer under an inline keyboard cited, so
 *   📄 原文 and 🙋 转人工 work after a restart and a second tap is recognised;
 * - `telegram_state`: small key/value state (the staff notification cursor).
 * Their schema belongs to the one migration runner (src/storage/migrations/).
 */
import { openDatabase } from '../../storage/database.ts';
import { PERSONAS, type Citation, type PersonaId } from '../../answer/types.ts';

/** The part of a citation kept for 📄 原文 and for staff items. */
export type StoredCitation = Pick<Citation, 'docId' | 'title' | 'section' | 'text' | 'url' | 'score'>;

/** An answer the bot sent with a keyboard under it. */
export interface StoredAnswer {
  turnId: number;
  chatId: string;
  question: string;
  citations: StoredCitation[];
  /** Ticket of the 👎 or 🙋 item already opened for this answer, if any. */
  followUpTicket: string | null;
  helpful: boolean | null;
}

export interface ChatStore {
  getPersona(chatId: string): PersonaId | undefined;
  setPersona(chatId: string, persona: PersonaId): void;
  saveAnswer(answer: Omit<StoredAnswer, 'followUpTicket' | 'helpful'>): void;
  getAnswer(turnId: number): StoredAnswer | undefined;
  /** Records the follow-up item; returns false when one was already recorded (a second tap). */
  setFollowUp(turnId: number, ticket: string): boolean;
  setHelpful(turnId: number, helpful: boolean): void;
  getState(key: string): string | undefined;
  setState(key: string, value: string): void;
  close(): void;
}

/** Opens (creating if needed) the database at `dbPath`, migrated to the current schema, for the Telegram tables. */
export function openChatStore(dbPath: string): ChatStore {
  const db = openDatabase(dbPath);

  const now = () => new Date().toISOString();
  const getPersona = db.prepare<[string], { persona: string }>('SELECT persona FROM telegram_chats WHERE chat_id = ?');
  const upsertPersona = db.prepare(
    `INSERT INTO telegram_chats (chat_id, persona, updated_at) VALUES (?, ?, ?)
     ON CONFLICT(chat_id) DO UPDATE SET persona = excluded.persona, updated_at = excluded.updated_at`,
  );
  const insertAnswer = db.prepare(
    'INSERT OR REPLACE INTO telegram_answers (turn_id, chat_id, question, citations, created_at) VALUES (?, ?, ?, ?, ?)',
  );
  const selectAnswer = db.prepare<[number], { turn_id: number; chat_id: string; question: string; citations: string; follow_up_ticket: string | null; helpful: number | null }>(
    'SELECT * FROM telegram_answers WHERE turn_id = ?',
  );
  const updateFollowUp = db.prepare('UPDATE telegram_answers SET follow_up_ticket = ? WHERE turn_id = ? AND follow_up_ticket IS NULL');
  const updateHelpful = db.prepare('UPDATE telegram_answers SET helpful = ? WHERE turn_id = ?');
  const selectState = db.prepare<[string], { value: string }>('SELECT value FROM telegram_state WHERE key = ?');
  const upsertState = db.prepare('INSERT INTO telegram_state (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value');

  return {
    getPersona(chatId) {
      const row = getPersona.get(chatId);
      return row && (PERSONAS as readonly string[]).includes(row.persona) ? (row.persona as PersonaId) : undefined;
    },
    setPersona(chatId, persona) {
      upsertPersona.run(chatId, persona, now());
    },
    saveAnswer(a) {
      insertAnswer.run(a.turnId, a.chatId, a.question, JSON.stringify(a.citations), now());
    },
    getAnswer(turnId) {
      const row = selectAnswer.get(turnId);
      if (!row) return undefined;
      return {
        turnId: row.turn_id,
        chatId: row.chat_id,
        question: row.question,
        citations: JSON.parse(row.citations) as StoredCitation[],
        followUpTicket: row.follow_up_ticket,
        helpful: row.helpful === null ? null : row.helpful === 1,
      };
    },
    setFollowUp(turnId, ticket) {
      return updateFollowUp.run(ticket, turnId).changes > 0;
    },
    setHelpful(turnId, helpful) {
      updateHelpful.run(helpful ? 1 : 0, turnId);
    },
    getState(key) {
      return selectState.get(key)?.value;
    },
    setState(key, value) {
      upsertState.run(key, value);
    },
    close() {
      db.close();
    },
  };
}
