/**
 * The ask use case: the single path a citizen question takes, whatever the
 * channel. A follow-up is read with its conversation's previous turn, the
 * engine answers (a configured model may rewrite a resolved answer), an
 * unanswered question opens a desk item whose ticket the reply names, and the
 * turn is logged.
 */
import type { Config } from '../config.ts';
import type { AnswerResult, AskOptions, Engine, RankedPassage } from '../answer/types.ts';
import { conversationKey, resolveFollowUp, type ConversationStore } from '../answer/conversation.ts';
import type { Desk } from '../desk/index.ts';
import { ITEM_KIND, maskPersonalData } from '../desk/index.ts';
import { DEFAULT_PERSONA } from '../constants.ts';
import type { Generator } from '../llm/index.ts';

/** What answering a question uses; built once by the composition root. */
export interface AskServiceParts {
  config: Pick<Config, 'keepPersonalData'>;
  engine: Pick<Engine, 'answer' | 'unresolvedReply' | 'explain' | 'passageCoverage'>;
  desk: Pick<Desk, 'openItem' | 'recordTurn'>;
  /** Null when no OpenAI-compatible chat model is configured. */
  generator: Generator | null;
  /** Remembered turns per conversation; `salt` keys them so a conversation id is never stored as typed. */
  conversations: ConversationStore & { readonly salt: string };
}

/** The ask function: answers `question`, logs the turn and opens an item when the corpus has no answer. */
export type AskFunction = (question: string, opts: AskOptions) => Promise<AnswerResult>;

/** Builds the ask use case over the parts. */
export function createAskService({ config, engine, desk, generator, conversations }: AskServiceParts): AskFunction {
  return async function ask(question, opts) {
    const started = performance.now();
    const persona = opts.persona ?? DEFAULT_PERSONA;
    // A follow-up is read with the conversation's previous turn when the learned decision finds that reading better.
    const key = opts.conversationId ? conversationKey(opts.channel, opts.conversationId, conversations.salt) : undefined;
    const reading = await resolveFollowUp(engine, question, key ? conversations.turns(key) : []);
    const record = opts.record ?? true;
    const openUnanswered = (candidates: RankedPassage[]) =>
      desk.openItem({
        kind: ITEM_KIND.unanswered,
        channel: opts.channel,
        channelUserId: opts.channelUserId,
        question,
        candidates: candidates.slice(0, 5).map((c) => ({ docId: c.docId, title: c.title, section: c.section, score: c.score, tags: c.tags })),
      }).ticket;
    let partTicket: string | null = null;
    // Answered in part: the rest is staff's, as any unanswered question is.
    const ticketFor = record ? (_unanswered: string[], candidates: RankedPassage[]) => (partTicket = openUnanswered(candidates)) : undefined;
    const result = await engine.answer(reading.question, { persona, ticketFor, whole: reading.combined });
    let answer = result.answer;
    let generated = false;
    let generationMs: number | undefined;

    if (result.resolved && generator) {
      const g0 = performance.now();
      const text = await generator.generate({ question: reading.question, citations: result.citations, persona, onDelta: opts.onDelta, signal: opts.signal });
      generationMs = performance.now() - g0;
      if (text) {
        // The model rewrites what was found; what was not found and its ticket stay as the engine said them.
        answer = result.missingNote ? `${text}\n${result.missingNote}` : text;
        generated = true;
      }
    }

    let ticket: string | null = partTicket;
    if (!result.resolved && result.kind === 'unresolved') {
      if (record) ticket = openUnanswered(result.candidates);
      answer = engine.unresolvedReply(ticket ?? '', persona);
    }

    if (key) {
      if (result.kind === 'answer' || result.kind === 'faq') {
        const remembered = config.keepPersonalData ? reading.question : maskPersonalData(reading.question);
        conversations.remember(key, { question: remembered, passages: result.citations.map((c) => c.chunkId), at: Date.now() });
      } else conversations.touch(key);
    }

    const totalMs = performance.now() - started;
    let turnId: number | null = null;
    if (record) {
      turnId = desk.recordTurn({
        channel: opts.channel,
        channelUserId: opts.channelUserId,
        question,
        answer,
        resolved: result.resolved,
        kind: result.kind,
        persona,
        citations: result.citations.map((c) => ({ docId: c.docId, chunkId: c.chunkId, score: c.score, title: c.title, section: c.section, text: c.text })),
        latencyMs: totalMs,
        ticket,
        generated,
        confidence: result.confidence,
      });
    }

    return {
      question,
      resolved: result.resolved,
      kind: result.kind,
      answer,
      persona,
      citations: result.citations,
      ticket,
      turnId,
      confidence: result.confidence,
      generated,
      timings: { totalMs: Math.round(totalMs * 100) / 100, retrievalMs: result.retrievalMs, generationMs },
      resolvedQuestion: reading.question,
      ...(reading.trace ? { followUp: reading.trace } : {}),
    };
  };
}
