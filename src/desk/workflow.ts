/**
 * Staff actions on items: assign, reply (to the item, and to the members of its
 * near-duplicate group that staff confirmed), close, mark promoted.
 */
import type { DeskContext } from './context.ts';
import type { Item, ReplyOptions, ReplyPlan } from './types.ts';
import { DeskError } from './errors.ts';
import { requireItemRow, toItem, toSummary, type ItemRow } from './items.ts';
import { ITEM_STATUS, isOpenStatus, OPEN_STATUSES, OPEN_STATUS_PLACEHOLDERS } from './status.ts';
import { addHistory } from './history.ts';
import { queueDelivery } from './deliveries.ts';
import { maskPersonalData } from './mask.ts';
import { normalizeTicket } from './tickets.ts';
import { personalDetails } from './personal.ts';

function requireText(ctx: DeskContext, value: string, what: 'name' | 'reply' | 'reason' | 'department'): string {
  const text = (value ?? '').trim();
  if (!text) throw new DeskError('invalid_input', ctx.t(`errors.empty.${what}`));
  return text;
}

function requireOpen(ctx: DeskContext, row: ItemRow): void {
  if (!isOpenStatus(row.status)) {
    throw new DeskError('invalid_state', ctx.t('errors.notOpen', { ticket: row.ticket, status: row.status }));
  }
}

/** Runs one staff action on an item inside a write transaction (so two staff never act on a stale state), then returns it. */
function act(ctx: DeskContext, ticket: string, change: (row: ItemRow) => void): Item {
  ctx.db.transaction(() => change(requireItemRow(ctx, ticket))).immediate();
  return toItem(ctx, requireItemRow(ctx, ticket));
}

/** Assigns an open item to a staff member; it becomes 处理中. */
export function assign(ctx: DeskContext, ticket: string, assignee: string, actor: string): Item {
  const name = requireText(ctx, assignee, 'name');
  return act(ctx, ticket, (row) => {
    requireOpen(ctx, row);
    ctx.stmt('UPDATE items SET status = ?, assignee = ?, updated_at = ? WHERE id = ?').run(ITEM_STATUS.inProgress, name, ctx.now().toISOString(), row.id);
    addHistory(ctx, row.id, actor, 'assign', name);
  });
}

/** Assigns an open item to a department (部门); status and assignee stay as they are. */
export function assignDepartment(ctx: DeskContext, ticket: string, department: string, actor: string): Item {
  const name = requireText(ctx, department, 'department');
  return act(ctx, ticket, (row) => {
    requireOpen(ctx, row);
    ctx.stmt('UPDATE items SET department = ?, updated_at = ? WHERE id = ?').run(name, ctx.now().toISOString(), row.id);
    addHistory(ctx, row.id, actor, 'department', name);
  });
}

/** The other open items of `row`'s near-duplicate group, oldest first. */
function openGroupMembers(ctx: DeskContext, row: ItemRow): ItemRow[] {
  return ctx
    .stmt(`SELECT * FROM items WHERE group_id = ? AND id != ? AND status IN (${OPEN_STATUS_PLACEHOLDERS}) ORDER BY id`)
    .all(row.group_id ?? row.id, row.id, ...OPEN_STATUSES) as ItemRow[];
}

/** Who would receive `text` as the reply to `ticket`: the open group members, unless the reply is personal. */
function planFor(ctx: DeskContext, row: ItemRow, text: string): { plan: ReplyPlan; members: ItemRow[] } {
  const members = openGroupMembers(ctx, row);
  const personal = personalDetails(text);
  const plan: ReplyPlan = {
    ticket: row.ticket,
    alsoTo: personal.length ? [] : members.map(toSummary),
    heldBack: personal.length ? members.map(toSummary) : [],
    personal,
  };
  return { plan, members };
}

/**
 * What replying `text` to `ticket` would do, for staff to confirm before sending: the other
 * open items of its group that would receive the same reply, or, when the reply contains
 * personal details (a name, a house number, a phone), none of them.
 */
export function replyPlan(ctx: DeskContext, ticket: string, text: string): ReplyPlan {
  const body = requireText(ctx, text, 'reply');
  const row = requireItemRow(ctx, ticket);
  requireOpen(ctx, row);
  return planFor(ctx, row, body).plan;
}

/**
 * Answers the item, and those of `opts.alsoTo` that are still open members of its group
 * (the tickets staff were shown by `replyPlan` and confirmed), queuing a delivery for each
 * citizen. Nobody else receives it; a reply with personal details goes to this item only.
 */
export function reply(ctx: DeskContext, ticket: string, text: string, actor: string, opts: ReplyOptions = {}): Item {
  const body = requireText(ctx, text, 'reply');
  const confirmed = new Set((opts.alsoTo ?? []).map((t) => normalizeTicket(t)).filter(Boolean));
  return act(ctx, ticket, (row) => {
    requireOpen(ctx, row);
    const { plan, members } = planFor(ctx, row, body);
    const allowed = new Set(plan.alsoTo.map((s) => s.ticket));
    const others = members.filter((m) => allowed.has(m.ticket) && confirmed.has(m.ticket));
    const now = ctx.now().toISOString();
    const update = ctx.stmt('UPDATE items SET status = ?, reply = ?, replied_at = ?, replied_by = ?, updated_at = ?, suggestion = NULL WHERE id = ?');
    for (const member of [row, ...others]) {
      update.run(ITEM_STATUS.replied, body, now, actor, now, member.id);
      const detail = member.id === row.id ? null : ctx.t('history.groupReplyDetail', { ticket: row.ticket });
      addHistory(ctx, member.id, actor, 'reply', detail);
      queueDelivery(ctx, member, body);
    }
  });
}

/** Closes an open item with a reason (spam, out of the county's remit, duplicate…). */
export function close(ctx: DeskContext, ticket: string, reason: string, actor: string): Item {
  const why = requireText(ctx, reason, 'reason');
  // Staff often note how they reached the citizen (已电话联系 138…): kept like the question.
  const stored = ctx.keepPersonalData ? why : maskPersonalData(why);
  return act(ctx, ticket, (row) => {
    requireOpen(ctx, row);
    ctx
      .stmt('UPDATE items SET status = ?, close_reason = ?, updated_at = ?, suggestion = NULL WHERE id = ?')
      .run(ITEM_STATUS.closed, stored, ctx.now().toISOString(), row.id);
    addHistory(ctx, row.id, actor, 'close', why);
  });
}

/** Marks an answered item 已转为问答 once its FAQ entry exists in the corpus. */
export function markPromoted(ctx: DeskContext, ticket: string, faqId: string, actor: string): Item {
  return act(ctx, ticket, (row) => {
    if (row.status !== ITEM_STATUS.replied || !row.reply) {
      throw new DeskError('invalid_state', ctx.t('errors.promoteNeedsReply', { ticket: row.ticket, status: row.status }));
    }
    ctx
      .stmt('UPDATE items SET status = ?, faq_id = ?, updated_at = ?, suggestion = NULL WHERE id = ?')
      .run(ITEM_STATUS.promoted, faqId, ctx.now().toISOString(), row.id);
    addHistory(ctx, row.id, actor, 'promote', faqId);
  });
}
