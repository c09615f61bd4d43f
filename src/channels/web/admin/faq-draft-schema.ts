/**
 * What a staff member sends for an FAQ entry they draft, promoting a ticket or correcting a logged turn: one set of
 * field limits for both (the question limit is the citizens' own, src/constants.ts).
 */
import { z } from 'zod';
import { MAX_QUESTION_CHARS } from '../../../constants.ts';

const MAX_ANSWER_CHARS = 20_000;
const MAX_VARIANTS = 50;

const question = z.string().trim().max(MAX_QUESTION_CHARS);
const variants = z.array(question).max(MAX_VARIANTS);
/** A draft's answer text. */
export const draftAnswer = z.string().trim().max(MAX_ANSWER_CHARS);

/** A preview request: the desk proposes whatever is left out. */
export const draftPreview = z.object({ question: question.optional(), answer: draftAnswer.optional(), variants: variants.optional() });

/** Publishing takes exactly what the staff member reviewed in the preview: question and answer are required. */
export function confirmedDraft(needsPreview: string, answerMissing: string) {
  return z.object({
    question: z.string({ error: needsPreview }).trim().min(1, needsPreview).max(MAX_QUESTION_CHARS),
    answer: z.string({ error: answerMissing }).trim().min(1, answerMissing).max(MAX_ANSWER_CHARS),
    variants: variants.default([]),
  });
}
