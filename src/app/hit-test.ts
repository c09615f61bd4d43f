/**
 * Hit testing with a conversation: staff give the question a citizen asked before, and the follow-up is read the way
 * the bot reads it in a chat (alone, or together with that question when the learned decision finds it better). The
 * explanation and the text are those of the reading taken; nothing is logged.
 */
import { resolveFollowUp } from '../answer/conversation.ts';
import type { EngineAnswer, FollowUpTrace, HitTest } from '../answer/types.ts';
import type { HitTester } from './ports.ts';

export interface HitTestResult {
  explained: HitTest;
  /** What the citizen would read. */
  answer: EngineAnswer;
  /** The question looked up: the message, or it read with the previous question. */
  resolvedQuestion: string;
  /** How the previous question was weighed; null without one. */
  followUp: FollowUpTrace | null;
}

/** Explains and answers `question`, after `previous` when given (as the turn before it in one conversation). */
export async function hitTest(engine: HitTester, question: string, opts: { previous?: string; limit?: number } = {}): Promise<HitTestResult> {
  let reading: { question: string; combined?: boolean; trace?: FollowUpTrace } = { question };
  if (opts.previous) {
    const before = await engine.answer(opts.previous);
    // A refused previous question leaves no turn to lean on, as in a chat.
    const turns = before.resolved && before.citations.length ? [{ question: opts.previous, passages: before.citations.map((c) => c.chunkId), at: Date.now() }] : [];
    reading = await resolveFollowUp(engine, question, turns);
  }
  const whole = { whole: reading.combined };
  // Two passes on purpose: `explain` gives the scores and the decision, `answer` the text the citizen would read.
  const [explained, answer] = await Promise.all([engine.explain(reading.question, opts.limit, whole), engine.answer(reading.question, whole)]);
  return { explained, answer, resolvedQuestion: reading.question, followUp: reading.trace ?? null };
}
