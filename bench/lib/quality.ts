/** Answer quality next to speed: the evaluation's own scoring rule applied to the bench's first-pass answers. */
import type { EngineAnswer } from '../../src/answer/types.ts';
import { satisfies } from '../../src/eval/score.ts';
import type { StreamQuestion } from './questions.ts';

export interface QualityScore {
  answerable: number;
  answeredRight: number;
  outOfScope: number;
  outOfScopeAnswered: number;
  /** answeredRight / answerable. */
  accuracy: number;
  /** outOfScopeAnswered / outOfScope (the false-answer rate). */
  falseAnswerRate: number;
}

/**
 * Scores answers as `npm run eval` does: an answerable question passes when it is answered and what the citizen is
 * shown (answer plus cited passages) satisfies `expect`; an out-of-scope question passes when it is not answered.
 */
export function scoreAnswers(questions: StreamQuestion[], answers: EngineAnswer[]): QualityScore {
  let answerable = 0;
  let answeredRight = 0;
  let outOfScope = 0;
  let outOfScopeAnswered = 0;
  questions.forEach((q, i) => {
    const a = answers[i];
    if (!a) throw new Error(`scoreAnswers: no answer for question ${i + 1} of ${questions.length}`);
    if (q.expect === null) {
      outOfScope++;
      if (a.resolved) outOfScopeAnswered++;
      return;
    }
    answerable++;
    const shown = [a.answer, ...a.citations.map((c) => c.text)].join('\n');
    if (a.resolved && satisfies(shown, q.expect)) answeredRight++;
  });
  const ratio = (n: number, d: number) => (d ? n / d : 0);
  return { answerable, answeredRight, outOfScope, outOfScopeAnswered, accuracy: ratio(answeredRight, answerable), falseAnswerRate: ratio(outOfScopeAnswered, outOfScope) };
}
