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
import { hitTest } from '../../../app/hit-test.ts';
import { MAX_QUESTION_CHARS } from '../../../constants.ts';


export const hitTestRoutes = routeGroup('guanbot-admin-hittest', ['hitTester', 'webTexts', 'staffStore'], async (server) => {
  const { hitTester: engine, webTexts: t, staffStore: staff } = server;
  const schema = z.object({
    q: questionSchema(t),
    // The question asked before it in the same conversation (optional): the follow-up is read as in a chat.
    previous: z.string().trim().max(MAX_QUESTION_CHARS).optional(),
    limit: z.coerce.number().int().min(1).max(30).default(10),
  });

  server.get('/hittest', needs(CAPABILITY.hitTest), async (request) => {
    const { q, limit, previous } = parseInput(schema, request.query, t);
    const { explained, answer, resolvedQuestion, followUp } = await hitTest(engine, q, { previous: previous || undefined, limit });
    staff.audit.record(request.staffName!, 'hittest', { detail: previous ? { q, previous } : { q }, ip: request.ip });
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
      // With a previous question: the question looked up and how the previous one was weighed (null without).
      resolvedQuestion,
      followUp,
      answer: answer.answer,
    };
  });
});
