/**
 * Citizen feedback on an answer; 👎 on an answered question becomes a 反馈 item linked to that turn, and 👍 adds its
 * question to the question bank's learned file (unless GUANBOT_LEARN_FROM_FEEDBACK is off).
 * Citizens (callers passing channel or channelUserId) must own the turn.
 */
import type { Channel } from '../answer/types.ts';
import type { DeskContext } from './context.ts';
import { DeskError } from './errors.ts';
import { findTurn, type TurnRow } from './turns.ts';
import { insertItem } from './intake.ts';
import { ownsRow } from './ownership.ts';
import { addHistory } from './history.ts';
import { maskPersonalData } from './mask.ts';
import { learnFromHelpful } from './bank-growth.ts';
import { ITEM_KIND } from './status.ts';

export function feedback(
  ctx: DeskContext,
  turnId: number,
  helpful: boolean,
  opts: { channel?: Channel; channelUserId?: string; note?: string } = {},
): { ticket: string | null } {
  const turn = findTurn(ctx, turnId);
  const notFound = () => new DeskError('not_found', ctx.t('errors.turnNotFound', { id: turnId }));
  if (!turn) throw notFound();
  const channel = opts.channel ?? turn.channel;
  // A citizen may judge only their own answers; someone else's turn looks exactly like an unknown one.
  const fromCitizen = opts.channel !== undefined || opts.channelUserId !== undefined;
  if (fromCitizen && !ownsRow(ctx, turn, channel, opts.channelUserId)) throw notFound();
  const handle = turn.handle;
  const given = opts.note?.trim() ? opts.note.trim().slice(0, 1000) : null;
  // A note is the citizen's free text, kept like their question: masked unless personal data may be kept.
  const note = given && !ctx.keepPersonalData ? maskPersonalData(given) : given;

  const result = ctx.db
    .transaction(() => {
      let ticket: string | null = null;
      const answered = turn.kind === 'answer' || turn.kind === 'faq';
      if (!helpful && answered) {
        const existing = ctx.stmt('SELECT ticket FROM items WHERE turn_id = ? AND kind = ?').get(turn.id, ITEM_KIND.feedback) as { ticket: string } | undefined;
        if (existing) {
          ticket = existing.ticket;
        } else {
          const citations = JSON.parse(turn.citations) as { docId: string; chunkId: string; score: number; title?: string; section?: string }[];
          const item = insertItem(ctx, {
            kind: ITEM_KIND.feedback,
            channel,
            channelUserId: opts.channelUserId,
            handle,
            question: turn.question,
            // The passages the rejected answer came from, named as staff read them (turns logged before titles were kept: the id).
            candidates: citations.map((c) => ({ docId: c.docId, title: c.title ?? c.docId, section: c.section ?? '', score: c.score })),
            turnId: turn.id,
          });
          addHistory(ctx, item.id, handle, 'feedback', note ?? ctx.t('history.feedbackDetail', { turnId: turn.id }));
          ticket = item.ticket;
        }
      } else if (!helpful && !turn.resolved) {
        // Unresolved questions already have their item.
        ticket = turn.ticket;
      }
      ctx
        .stmt('INSERT INTO feedback(turn_id, helpful, note, channel, handle, ticket, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
        .run(turn.id, helpful ? 1 : 0, note, channel, handle, ticket, ctx.now().toISOString());
      return { ticket };
    })
    .immediate();
  // After the feedback is stored and the citizen answered: the bank is a file, slow to read the first time, and a
  // problem with it must never cost the citizen's 👍.
  const corpusDir = ctx.corpusDir;
  if (helpful && ctx.learnFromFeedback && corpusDir) ctx.afterReply.defer('learn-helpful', () => learnFromTurn(ctx, turn, corpusDir));
  return result;
}

/** Files a 👍 turn's question under its passage; logs what happened (never the question: it is a citizen's text). */
function learnFromTurn(ctx: DeskContext, turn: TurnRow, corpusDir: string): void {
  try {
    const citations = JSON.parse(turn.citations) as { docId: string; section?: string; text?: string }[];
    const host = { corpusDir, timeZone: ctx.timeZone, now: ctx.now, t: ctx.t, promptsDir: ctx.promptsDir };
    const outcome = learnFromHelpful(host, { id: turn.id, question: turn.question, answer: turn.answer, kind: turn.kind, resolved: turn.resolved === 1, citations });
    if (outcome?.reason === 'failed') ctx.log.warn({ turnId: turn.id, file: outcome.file, detail: outcome.message }, 'question bank: could not add the 👍 question');
    else if (outcome) ctx.log.info({ turnId: turn.id, added: outcome.added, reason: outcome.reason, file: outcome.file }, 'question bank: 👍 question');
  } catch (err) {
    ctx.log.warn({ err, turnId: turn.id }, 'question bank: could not add the 👍 question');
  }
}
