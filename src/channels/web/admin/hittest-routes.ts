/**
 * Hit testing: staff type a question and see the ranked passages with their
 * lexical, dense and fused scores and whether the bot would answer, so they
 * understand (and can fix) what the bot does. Nothing is recorded as a turn.
 */
import { z } from 'zod';
import { parseInput } from '../errors.ts';
import { questionSchema } from '../citizen/schemas.ts';
import { CAPABILITY } from '../staff/index.ts';
import { needs } from './access.ts';
import { routeGroup } from '../ports.ts';


export const hitTestRoutes = routeGroup('guanbot-admin-hittest', ['hitTester', 'webTexts', 'staffStore'], async (server) => {
  const { hitTester: engine, webTexts: t, staffStore: staff } = server;
  const schema = z.object({
    q: questionSchema(t),
    limit: z.coerce.number().int().min(1).max(30).default(10),
  });

  server.get('/hittest', needs(CAPABILITY.hitTest), async (request) => {
    const { q, limit } = parseInput(schema, request.query, t);
    // Two passes on purpose: `explain` gives the scores and the decision, `answer` the text the citizen
    // would read (extractive; nothing is logged). The engine has no call that returns both.
    const [explained, answer] = await Promise.all([engine.explain(q, limit), engine.answer(q)]);
    staff.audit.record(request.staffName!, 'hittest', { detail: { q }, ip: request.ip });
    return {
      question: q,
      resolved: explained.resolved,
      // The decision: faq, answer, unresolved, vague or smalltalk (the same classification the citizen gets).
      kind: explained.kind,
      evidence: explained.evidence,
      threshold: explained.threshold,
      faq: explained.faq,
      answerType: explained.answerType,
      answerStated: explained.answerStated,
      // A message of several sentences: the passages quoted and the sentences none answers.
      parts: explained.parts,
      passages: explained.passages,
      // Why: matched and missed words, the closest bank question and negative, each candidate's feature contributions.
      trace: explained.trace,
      answer: answer.answer,
    };
  });
});
