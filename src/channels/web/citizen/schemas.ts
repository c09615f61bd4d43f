/** Input schemas of the citizen API, with the Chinese messages citizens see. */
import { z } from 'zod';
import { MAX_QUESTION_CHARS, parsePersona } from '../../../answer/index.ts';
import { ticketSchema } from '../ticket-schema.ts';
import type { Translate } from '../text.ts';

export { MAX_QUESTION_CHARS };
export const MAX_NOTE_CHARS = 500;

/** A question as typed by a citizen (the chat) or by staff (hit testing): trimmed, not empty, at most MAX_QUESTION_CHARS. */
export function questionSchema(t: Translate) {
  return z
    .string({ error: t('api.errors.questionMissing') })
    .trim()
    .min(1, t('api.errors.questionEmpty'))
    .max(MAX_QUESTION_CHARS, t('api.errors.questionTooLong', { max: MAX_QUESTION_CHARS }));
}

/** Builds the schemas once per server (messages come from web.yaml). */
export function citizenSchemas(t: Translate, promptsDir: string) {
  const question = questionSchema(t);
  const sessionId = z
    .string({ error: t('api.errors.badSession') })
    .regex(/^[A-Za-z0-9_-]{8,64}$/, t('api.errors.badSession'));
  // The ids or the names the CLI accepts (冠小梨、冠小芝、两人); anything else is refused, not guessed at.
  const persona = z.string({ error: t('api.errors.badPersona') }).transform((value, ctx) => {
    const id = parsePersona(value, promptsDir);
    if (!id) ctx.addIssue({ code: 'custom', message: t('api.errors.badPersona') });
    return id ?? z.NEVER;
  });
  const ticket = ticketSchema(t('api.errors.badTicket'));
  const turnId = z.number({ error: t('api.errors.badTurn') }).int(t('api.errors.badTurn')).positive(t('api.errors.badTurn'));

  return {
    ask: z.object({ question, sessionId: sessionId.optional(), persona: persona.optional() }),
    feedback: z.object({
      turnId,
      helpful: z.boolean({ error: t('api.errors.badHelpful') }),
      note: z.string({ error: t('api.errors.noteTooLong', { max: MAX_NOTE_CHARS }) }).trim().max(MAX_NOTE_CHARS, t('api.errors.noteTooLong', { max: MAX_NOTE_CHARS })).optional(),
      // Required: a citizen may judge only the answers of their own session.
      sessionId,
    }),
    handoff: z
      .object({ turnId: turnId.optional(), question: question.optional(), sessionId })
      .refine((v) => v.turnId !== undefined || v.question !== undefined, { message: t('api.errors.handoffNeedsQuestion') }),
    // Lookups are bound to the session that asked: another session's ticket is "not found".
    ticketLookup: z.object({ ticket, sessionId }),
  };
}

export type CitizenSchemas = ReturnType<typeof citizenSchemas>;
