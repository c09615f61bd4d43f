/** Reading items: rows to the contract's `Item`, lists with filters, masked unless asked otherwise. */
import type { Channel } from '../answer/types.ts';
import type { Candidate, Item, ItemFilter, ItemKind, ItemStatus, ItemSummary } from './types.ts';
import type { DeskContext } from './context.ts';
import { DeskError } from './errors.ts';
import { normalizeTicket } from './tickets.ts';
import { parseDateOrDateTime } from '../time/index.ts';
import { maskPersonalData } from './mask.ts';
import { getTurn } from './turn-log.ts';
import { parseSuggestion } from './suggestions.ts';
import type { HistoryCode } from './history.ts';
import { DELIVERY_STATE, ITEM_KIND, ITEM_STATUSES, isItemStatus, isOpenStatus, type DeliveryState } from './status.ts';


/** One row of `items` as stored. */
export interface ItemRow {
  id: number;
  ticket: string;
  created_at: string;
  updated_at: string;
  kind: ItemKind;
  channel: Channel;
  handle: string;
  deliver_to: string | null;
  question: string;
  question_masked: string;
  norm: string;
  candidates: string;
  topic: string | null;
  status: ItemStatus;
  assignee: string | null;
  department: string | null;
  reply: string | null;
  replied_at: string | null;
  replied_by: string | null;
  close_reason: string | null;
  faq_id: string | null;
  group_id: number | null;
  turn_id: number | null;
  suggestion: string | null;
}

/** The row of a ticket (normalised first); throws `DeskError('not_found')` when unknown. */
export function requireItemRow(ctx: DeskContext, ticket: string): ItemRow {
  const row = findItemRow(ctx, ticket);
  if (!row) throw new DeskError('not_found', ctx.t('errors.ticketNotFound', { ticket: ticket.trim() }));
  return row;
}

/** The row of a ticket, or undefined. */
export function findItemRow(ctx: DeskContext, ticket: string): ItemRow | undefined {
  const canonical = normalizeTicket(ticket);
  if (!canonical) return undefined;
  return ctx.stmt('SELECT * FROM items WHERE ticket = ?').get(canonical) as ItemRow | undefined;
}

/**
 * The citizen-safe summary: masked question, status and the reply once there is one.
 * The stored masked text is masked again on the way out, so items stored by an older,
 * weaker masker are shown as safely as new ones.
 */
export function toSummary(row: ItemRow): ItemSummary {
  return {
    ticket: row.ticket,
    createdAt: row.created_at,
    channel: row.channel,
    question: maskPersonalData(row.question_masked),
    status: row.status,
    kind: row.kind,
    reply: row.reply,
    repliedAt: row.replied_at,
    closeReason: row.close_reason === null ? null : maskPersonalData(row.close_reason),
  };
}

interface HistoryRow {
  at: string;
  actor: string;
  /** Written by `addHistory`. */
  action: HistoryCode;
  detail: string | null;
}

interface DeliveryRow {
  state: DeliveryState;
  attempts: number;
  last_error: string | null;
  next_attempt_at: string | null;
}

function deliveryOf(ctx: DeskContext, itemId: number): Item['delivery'] {
  const d = ctx
    .stmt('SELECT state, attempts, last_error, next_attempt_at FROM deliveries WHERE item_id = ? ORDER BY id DESC LIMIT 1')
    .get(itemId) as DeliveryRow | undefined;
  if (!d) return { state: 'none', attempts: 0, lastError: null };
  return {
    state: d.state === DELIVERY_STATE.lookup ? DELIVERY_STATE.delivered : d.state,
    attempts: d.attempts,
    lastError: d.last_error,
    method: d.state === DELIVERY_STATE.lookup ? 'lookup' : 'push',
    nextAttemptAt: d.state === DELIVERY_STATE.pending ? d.next_attempt_at : null,
  };
}

/** Tickets of the other items in the same near-duplicate group. */
function groupTickets(ctx: DeskContext, row: ItemRow): string[] {
  if (row.group_id === null) return [];
  return (
    ctx.stmt('SELECT ticket FROM items WHERE group_id = ? AND id != ? ORDER BY id').all(row.group_id, row.id) as { ticket: string }[]
  ).map((r) => r.ticket);
}

/** The full item as staff see it; the question, history details and close reason are masked unless `unmasked`. */
export function toItem(ctx: DeskContext, row: ItemRow, unmasked = false): Item {
  const shown = (text: string) => (unmasked ? text : maskPersonalData(text));
  const history = (
    ctx.stmt('SELECT at, actor, action, detail FROM item_history WHERE item_id = ? ORDER BY id').all(row.id) as HistoryRow[]
  ).map((h) => ({
    at: h.at,
    actor: h.actor,
    action: historyLabel(ctx, h.action),
    code: h.action,
    ...(h.detail ? { detail: shown(h.detail) } : {}),
  }));
  return {
    ...toSummary(row),
    question: unmasked ? row.question : maskPersonalData(row.question_masked),
    id: row.id,
    handle: row.handle,
    topic: row.topic,
    candidates: JSON.parse(row.candidates) as Candidate[],
    assignee: row.assignee,
    department: row.department ?? null,
    closeReason: row.close_reason === null ? null : shown(row.close_reason),
    groupId: row.group_id,
    groupTickets: groupTickets(ctx, row),
    turnId: row.turn_id,
    faqId: row.faq_id,
    repliedBy: row.replied_by,
    history,
    delivery: deliveryOf(ctx, row.id),
    rejected: rejectedAnswer(ctx, row),
    suggestion: isOpenStatus(row.status) ? parseSuggestion(row.suggestion) : null,
  };
}

/** The answer a 👎 反馈 item is about, with the passages it came from; null for other items. */
function rejectedAnswer(ctx: DeskContext, row: ItemRow): Item['rejected'] {
  if (row.kind !== ITEM_KIND.feedback || row.turn_id === null) return null;
  const turn = getTurn(ctx, row.turn_id);
  return turn ? { turnId: turn.turnId, answer: turn.answer, passages: turn.citations } : null;
}

/** The action in words; a code no text names (from a newer version sharing the database) shows as it is. */
function historyLabel(ctx: DeskContext, code: HistoryCode): string {
  try {
    return ctx.t(`history.${code}`);
  } catch {
    return code;
  }
}

/** Items matching `filter`, newest first unless `filter.order` is `asc`. */
export function listItemRows(ctx: DeskContext, filter: ItemFilter = {}): ItemRow[] {
  const where: string[] = [];
  const params: unknown[] = [];
  if (filter.status) {
    if (!isItemStatus(filter.status)) {
      throw new DeskError('invalid_input', ctx.t('errors.badStatus', { status: filter.status, statuses: ITEM_STATUSES.join('、') }));
    }
    where.push('status = ?');
    params.push(filter.status);
  }
  if (filter.kind) {
    where.push('kind = ?');
    params.push(filter.kind);
  }
  if (filter.department) {
    where.push('department = ?');
    params.push(filter.department);
  }
  if (filter.channel) {
    where.push('channel = ?');
    params.push(filter.channel);
  }
  for (const [key, op] of [['since', '>='], ['until', '<']] as const) {
    const value = filter[key];
    if (!value) continue;
    const at = parseDateOrDateTime(value, ctx.timeZone);
    if (!at) throw new DeskError('invalid_input', ctx.t('errors.badDate', { date: value }));
    where.push(`created_at ${op} ?`);
    params.push(at.toISOString());
  }
  if (filter.search) {
    // Search the masked text: staff find "身份证" questions without the number being searchable.
    where.push("question_masked LIKE ? ESCAPE '\\'");
    params.push(`%${filter.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
  }
  const limit = filter.limit && filter.limit > 0 ? Math.floor(filter.limit) : -1;
  const dir = filter.order === 'asc' ? 'ASC' : 'DESC';
  const sql = `SELECT * FROM items ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY created_at ${dir}, id ${dir} LIMIT ?`;
  return ctx.stmt(sql).all(...params, limit) as ItemRow[];
}
