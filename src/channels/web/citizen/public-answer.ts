/** The answer object the API returns: the same fields `guanbot ask --json` prints. */
import type { AnswerResult, PersonaId } from '../../../answer/types.ts';

export interface PublicCitation {
  docId: string;
  title: string;
  section: string;
  text: string;
  score: number;
  url?: string;
  published?: string;
}

export interface PublicAnswer {
  question: string;
  resolved: boolean;
  answer: string;
  persona: PersonaId;
  citations: PublicCitation[];
  messageId: string | null;
  turnId: number | null;
  timings: { totalMs: number };
}

/** Keeps the documented subset of an AnswerResult (no internal ids or scores of other stages). */
export function toPublicAnswer(r: AnswerResult): PublicAnswer {
  return {
    question: r.question,
    resolved: r.resolved,
    answer: r.answer,
    persona: r.persona,
    citations: r.citations.map((c) => ({
      docId: c.docId,
      title: c.title,
      section: c.section,
      text: c.text,
      score: c.score,
      ...(c.url ? { url: c.url } : {}),
      ...(c.published ? { published: c.published } : {}),
    })),
    messageId: r.messageId,
    turnId: r.turnId,
    timings: { totalMs: r.timings.totalMs },
  };
}
