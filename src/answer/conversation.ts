/**
 * Follow-up questions: a citizen asks 「人大代表建议去年办了多少件？」 and then 「政协提案呢？」. The second message
 * leans on the first, so it is read two ways, each through the engine's own learned decision: alone, and combined
 * with the conversation's previous resolved question. The combined reading is taken only when it is answered,
 * clearly more confident than the message alone, and its passage speaks to what the message itself says; otherwise
 * the message stands alone (a new topic starts fresh, an out-of-scope question is still refused). No word lists:
 * both readings are judged by the same decision that answers every question (measured on
 * tests/fixtures/followups.jsonl, see tests/followups-resolution.test.ts).
 */
import crypto from 'node:crypto';
import type { Channel, Engine, FollowUpTrace, HitTest } from './types.ts';

/** One remembered turn of a conversation: the question as it was looked up and the passages its answer cited. */
export interface ConversationTurn {
  question: string;
  passages: string[];
  /** When it was answered (ms since the epoch). */
  at: number;
}

/** Where conversations are remembered between messages (and processes): see conversation-store.ts. */
export interface ConversationStore {
  /** The conversation's remembered turns, newest first; empty when it has none or fell silent too long ago. */
  turns(key: string): ConversationTurn[];
  /** Remembers a resolved turn (keeping only the newest few) and marks the conversation as active. */
  remember(key: string, turn: ConversationTurn): void;
  /** Marks the conversation as active without a new turn (an unresolved or smalltalk message). */
  touch(key: string): void;
  close(): void;
}

/** The knobs of follow-up resolution; DEFAULT_FOLLOW_UP_OPTIONS holds the measured values. */
export interface FollowUpOptions {
  /**
   * How much more probable the combined reading must be than the message alone (when the message alone is answered
   * or refused on its own merits) before it is taken. A self-contained question is usually answered alone at
   * 0.92–0.98 and its combined reading is less probable, so a small margin is enough to keep it fresh.
   */
  margin: number;
  /**
   * The least share of the message's own words the combined reading's passage must cover. It keeps an unrelated
   * new question (「冠县哪里可以办护照？」 after a question about 建议提案) from being answered by the previous turn's
   * passage: on the measured set such passages cover 0–0.41 of the message, real follow-ups 0.55–1.
   */
  minCoverage: number;
  /** A conversation silent longer than this starts fresh. */
  ttlMs: number;
  /** How many resolved turns are remembered (each is tried as the previous turn, newest first). */
  keepTurns: number;
}

export const DEFAULT_FOLLOW_UP_OPTIONS: FollowUpOptions = {
  margin: 0.05,
  minCoverage: 0.5,
  ttlMs: 30 * 60 * 1000,
  keepTurns: 2,
};

/**
 * The stored key of a conversation: HMAC-SHA256 of channel and id with the database's salt, so the raw chat or
 * session id never reaches the file and two channels' ids never meet.
 */
export function conversationKey(channel: Channel, conversationId: string, salt: string): string {
  return crypto.createHmac('sha256', salt).update(`conversation:${channel}:${conversationId}`).digest('hex');
}

/**
 * The previous question and the message read as one question. Measured on tests/fixtures/followups.jsonl with the
 * guards below, the message first, a space or a comma between them all right on the same 38 of 42 follow-ups; without
 * the coverage guard, the message placed first let one more unrelated question (「县医院的电话是多少？」) borrow the
 * previous answer, so the previous question comes first.
 */
export function combinedQuestion(previous: string, message: string): string {
  return `${previous}${message}`;
}

/** What resolution decided: the question to answer and, when a previous turn was weighed, how. */
export interface FollowUpResolution {
  question: string;
  /** True when `question` is the combined reading: one question, to be decided whole (not sentence by sentence). */
  combined?: boolean;
  trace?: FollowUpTrace;
}

const answered = (h: HitTest) => h.kind === 'answer' || h.kind === 'faq';
/** The probability of a reading as an answer: a message too vague to look up has none. */
const probabilityOf = (h: HitTest) => (h.kind === 'vague' ? 0 : h.evidence);

/**
 * Reads `message` alone and with each remembered turn (newest first) and returns the question to answer.
 * Smalltalk (thanks, greetings) never borrows context.
 */
export async function resolveFollowUp(
  engine: Pick<Engine, 'explain' | 'passageCoverage'>,
  message: string,
  turns: readonly ConversationTurn[],
  options: FollowUpOptions = DEFAULT_FOLLOW_UP_OPTIONS,
): Promise<FollowUpResolution> {
  if (!turns.length) return { question: message };
  const alone = await engine.explain(message);
  const aloneProbability = probabilityOf(alone);
  let best: { question: string; combined: true; trace: FollowUpTrace } | undefined;
  let first: FollowUpTrace | undefined;
  for (const turn of turns) {
    const question = combinedQuestion(turn.question, message);
    const base = {
      previousQuestion: turn.question,
      previousPassages: turn.passages,
      combinedQuestion: question,
      aloneProbability,
      aloneKind: alone.kind,
    };
    if (alone.kind === 'smalltalk') {
      return { question: message, trace: { ...base, used: false, combinedProbability: 0, combinedKind: 'smalltalk', coverage: null, reason: 'smalltalk' } };
    }
    // Read as one question: split into its sentences, the previous one would bring back the previous answer too.
    const combined = await engine.explain(question, undefined, { whole: true });
    const chosen = combined.trace.chosen;
    const coverage = chosen ? engine.passageCoverage(message, chosen) : null;
    const reason: FollowUpTrace['reason'] = !answered(combined)
      ? 'combined-unresolved'
      : combined.evidence < aloneProbability + options.margin
        ? 'alone-confident'
        : (coverage ?? 0) < options.minCoverage
          ? 'message-not-covered'
          : 'combined-more-confident';
    const trace: FollowUpTrace = { ...base, used: reason === 'combined-more-confident', combinedProbability: combined.evidence, combinedKind: combined.kind, coverage, reason };
    first ??= trace;
    if (trace.used && (!best || trace.combinedProbability > best.trace.combinedProbability)) best = { question, combined: true, trace };
  }
  return best ?? { question: message, trace: first };
}
