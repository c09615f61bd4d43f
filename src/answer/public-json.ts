/** The public JSON shape of an answer: what `guanbot ask --json` prints and `POST /api/ask` returns. */
import type { AnswerResult } from './types.ts';

/** The documented fields of an answer, nothing internal (no candidates, no confidence). */
export function answerJson(r: AnswerResult) {
  return {
    question: r.question,
    resolved: r.resolved,
    answer: r.answer,
    persona: r.persona,
    citations: r.citations.map((c) => ({ docId: c.docId, title: c.title, section: c.section, text: c.text, score: c.score, url: c.url, published: c.published })),
    ticket: r.ticket,
    turnId: r.turnId,
    kind: r.kind,
    generated: r.generated ?? false,
    timings: r.timings,
  };
}
