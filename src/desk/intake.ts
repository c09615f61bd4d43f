/** Opening items: ticket allocation, masking, topic guess and near-duplicate grouping, all in one immediate transaction. */
import type { DeskContext } from './context.ts';
import type { NewItemInput } from './types.ts';
import { DeskError } from './errors.ts';
import { allocateTicket } from './tickets.ts';
import { handleFor } from './handles.ts';
import { findPersonalData, maskPersonalData } from './mask.ts';
import { findNearDuplicate, normalizeQuestion } from './grouping.ts';
import { questionAnalyzer } from './question-terms.ts';
import { personNames } from './personal.ts';
import { addHistory } from './history.ts';
import { ITEM_STATUS, OPEN_STATUSES, OPEN_STATUS_PLACEHOLDERS } from './status.ts';

/** How many recent open items a new question is compared with. */
const GROUPING_WINDOW = 1000;

/** A question that names a person or carries a personal number is that person's case: it is never grouped. */
function isPersonalCase(question: string): boolean {
  return findPersonalData(question).length > 0 || personNames(question).length > 0;
}

/** The most recent open items, which a new question may join. */
function openCandidates(ctx: DeskContext): { id: number; ticket: string; group_id: number | null; norm: string }[] {
  return ctx
    .stmt(`SELECT id, ticket, group_id, norm FROM items WHERE status IN (${OPEN_STATUS_PLACEHOLDERS}) ORDER BY id DESC LIMIT ?`)
    .all(...OPEN_STATUSES, GROUPING_WINDOW) as { id: number; ticket: string; group_id: number | null; norm: string }[];
}

/**
 * Inserts an item; the caller must hold an immediate transaction.
 * `handle` overrides the one derived from `channelUserId` (feedback reuses the turn's handle).
 */
export function insertItem(ctx: DeskContext, input: NewItemInput & { handle?: string }): { id: number; ticket: string } {
  const question = input.question.trim();
  if (!question) throw new DeskError('invalid_input', ctx.t('errors.emptyQuestion'));
  const now = ctx.now();
  const ticket = allocateTicket(ctx, now);
  const masked = maskPersonalData(question);
  const norm = normalizeQuestion(masked);
  const handle = input.handle ?? handleFor(input.channel, input.channelUserId, ctx.salt);
  // Only a topic staff or a channel set on purpose: the nearest document's tags say nothing about the question
  // (新生儿医保 → 建议提案). The week's topics are found from the questions' own words (topics.ts).
  const topic = input.topic?.trim() || null;

  const duplicate = isPersonalCase(question) ? undefined : findNearDuplicate(norm, openCandidates(ctx), questionAnalyzer(ctx.corpusDir));

  const iso = now.toISOString();
  const { lastInsertRowid } = ctx
    .stmt(
      `INSERT INTO items(ticket, created_at, updated_at, kind, channel, handle, deliver_to, question, question_masked, norm,
                         candidates, topic, status, group_id, turn_id)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(
      ticket,
      iso,
      iso,
      input.kind,
      input.channel,
      handle,
      input.channelUserId?.trim() || null,
      ctx.keepPersonalData ? question : masked,
      masked,
      norm,
      JSON.stringify(input.candidates ?? []),
      topic,
      ITEM_STATUS.pending,
      duplicate ? (duplicate.group_id ?? duplicate.id) : null,
      input.turnId ?? null,
    );
  const id = Number(lastInsertRowid);
  if (!duplicate) ctx.stmt('UPDATE items SET group_id = ? WHERE id = ?').run(id, id);

  const system = ctx.t('actors.system');
  addHistory(ctx, id, system, 'open', ctx.t(`channels.${input.channel}`));
  if (duplicate) addHistory(ctx, id, system, 'group', ctx.t('history.groupDetail', { ticket: duplicate.ticket }));
  return { id, ticket };
}

/** Opens an item (joining a near-duplicate group when there is one) and returns its ticket. */
export function openItem(ctx: DeskContext, input: NewItemInput): { ticket: string } {
  const { ticket } = ctx.db.transaction(() => insertItem(ctx, input)).immediate();
  return { ticket };
}
