/**
 * Plain-text views of items for terminals and chat: aligned tables that count
 * CJK characters as two columns, an item's detail page, and the citizen's
 * ticket lookup. Staff views show masked questions.
 */
import type { Item, ItemSummary, ReplyPlan } from './types.ts';
import type { FaqDraft } from './promote.ts';
import type { DeskContext } from './context.ts';
import { localDateTime } from '../time/index.ts';
import { isOpenStatus } from './status.ts';
import type { KeysUnder } from '../messages/index.ts';

type Ctx = Pick<DeskContext, 't' | 'timeZone'>;
/** The keys of the desk's messages under `P`, for the view helpers below. */
type Under<P extends string> = KeysUnder<'desk', P>;

/** Terminal columns a string takes: East Asian wide and full-width characters count two. */
export function displayWidth(text: string): number {
  let width = 0;
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    const wide =
      (cp >= 0x1100 && cp <= 0x115f) ||
      (cp >= 0x2e80 && cp <= 0xa4cf) ||
      (cp >= 0xac00 && cp <= 0xd7a3) ||
      (cp >= 0xf900 && cp <= 0xfaff) ||
      (cp >= 0xfe30 && cp <= 0xfe4f) ||
      (cp >= 0xff00 && cp <= 0xff60) ||
      (cp >= 0xffe0 && cp <= 0xffe6) ||
      (cp >= 0x1f300 && cp <= 0x1faff) ||
      (cp >= 0x20000 && cp <= 0x3fffd);
    width += wide ? 2 : 1;
  }
  return width;
}

/** Pads with spaces to `width` terminal columns. */
export function padDisplay(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - displayWidth(text)));
}

/** Cuts to at most `width` columns, ending with … when cut. */
export function truncateDisplay(text: string, width: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (displayWidth(flat) <= width) return flat;
  let out = '';
  for (const ch of flat) {
    if (displayWidth(out + ch) > width - 1) break;
    out += ch;
  }
  return `${out}…`;
}

/** Aligned table; the last column is not padded. */
export function renderTable(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(displayWidth(h), ...rows.map((r) => displayWidth(r[i] ?? ''))));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : padDisplay(c, widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

/** The staff list: one line per item, question cut to fit. */
export function renderItemTable(ctx: Ctx, items: Item[]): string {
  if (items.length === 0) return ctx.t('cli.list.empty');
  const h = (k: Under<'cli.list.header'>) => ctx.t(`cli.list.header.${k}`);
  const table = renderTable(
    [h('ticket'), h('time'), h('channel'), h('status'), h('kind'), h('assignee'), h('question')],
    items.map((i) => [
      i.ticket,
      localDateTime(i.createdAt, ctx.timeZone),
      ctx.t(`channels.${i.channel}`),
      i.status,
      i.kind,
      i.assignee ?? '',
      `${i.suggestion ? ctx.t('cli.list.suggested') : ''}${truncateDisplay(i.question, 48)}`,
    ]),
  );
  const flagged = items.filter((i) => i.suggestion).length;
  const count = ctx.t('cli.list.count', { count: items.length });
  return `${table}\n${flagged ? `${count}${ctx.t('cli.list.suggestedCount', { count: flagged })}` : count}`;
}

/** Delivery state in words, e.g. 待重试（已失败 2 次，下次 2026-11-28 10:31）. */
export function describeDelivery(ctx: Ctx, d: Item['delivery']): string {
  const s = (k: Under<'delivery.states'>, vars = {}) => ctx.t(`delivery.states.${k}`, vars);
  if (d.state === 'delivered') return d.method === 'lookup' ? s('lookup') : s('delivered');
  const withError = (state: string) => (d.lastError ? ctx.t('delivery.withError', { state, error: d.lastError }) : state);
  if (d.state === 'failed') return withError(s('failed', { attempts: d.attempts }));
  if (d.state === 'pending' && d.attempts > 0) {
    return withError(s('retrying', { attempts: d.attempts, next: localDateTime(d.nextAttemptAt, ctx.timeZone) }));
  }
  return s(d.state);
}

/** One item's detail page for staff. */
export function renderItemDetail(ctx: Ctx, item: Item): string {
  const l = (k: Under<'cli.show'>) => ctx.t(`cli.show.${k}`);
  const none = l('none');
  const fields: [string, string][] = [
    [l('ticket'), item.ticket],
    [l('time'), localDateTime(item.createdAt, ctx.timeZone)],
    [l('channel'), ctx.t(`channels.${item.channel}`)],
    [l('handle'), item.handle],
    [l('kind'), item.kind],
    [l('status'), item.status],
    [l('topic'), item.topic ?? none],
    [l('assignee'), item.assignee ?? none],
    [l('department'), item.department ?? none],
    [l('question'), item.question],
  ];
  if (item.groupTickets?.length) fields.push([l('group'), item.groupTickets.join('、')]);
  if (item.reply) {
    fields.push([l('reply'), item.reply], [l('repliedAt'), localDateTime(item.repliedAt, ctx.timeZone)], [l('repliedBy'), item.repliedBy ?? none]);
  }
  if (item.closeReason) fields.push([l('closeReason'), item.closeReason]);
  if (item.faqId) fields.push([l('faq'), item.faqId]);
  fields.push([l('delivery'), describeDelivery(ctx, item.delivery)]);

  const width = Math.max(...fields.map(([k]) => displayWidth(k)));
  const indent = ' '.repeat(width + 2);
  const lines = fields.map(([k, v]) => `${padDisplay(k, width)}  ${v.split('\n').join(`\n${indent}`)}`);

  const heading = (k: Under<'cli.show'>) => ctx.t('cli.show.heading', { title: l(k) });
  lines.push('', heading('candidates'));
  if (item.candidates.length === 0) lines.push(`  ${none}`);
  item.candidates.forEach((c, i) => {
    lines.push(`  ${i + 1}. ${[c.title, c.section].filter(Boolean).join(' › ')}  (${c.score.toFixed(2)})`);
  });
  if (item.suggestion) {
    lines.push('', heading('suggestion'));
    for (const line of item.suggestion.answer.split('\n')) lines.push(`  ${line}`);
    item.suggestion.citations.forEach((c, i) => {
      lines.push(`  ${ctx.t('cli.show.suggestionFrom', { n: i + 1, source: [c.title, c.section === c.title ? '' : c.section].filter(Boolean).join(' › ') })}`);
    });
    lines.push(`  ${ctx.t('cli.show.suggestionHint', { ticket: item.ticket, at: localDateTime(item.suggestion.at, ctx.timeZone) })}`);
  }
  if (item.rejected) {
    lines.push('', heading('rejected'));
    for (const line of item.rejected.answer.split('\n')) lines.push(`  ${line}`);
    lines.push('', heading('rejectedFrom'));
    if (item.rejected.passages.length === 0) lines.push(`  ${none}`);
    item.rejected.passages.forEach((p, i) => {
      lines.push(`  ${i + 1}. ${[p.title, p.section === p.title ? '' : p.section].filter(Boolean).join(' › ')}`);
      if (p.text) lines.push(`     ${p.text.replace(/\s+/g, ' ').trim()}`);
    });
  }
  lines.push('', heading('history'));
  for (const h of item.history) {
    const action = h.detail ? ctx.t('cli.show.withDetail', { action: h.action, detail: h.detail }) : h.action;
    lines.push(`  ${localDateTime(h.at, ctx.timeZone)}  ${h.actor}  ${action}`);
  }
  return lines.join('\n');
}

/** What a citizen sees when looking up a ticket: status, and the reply once there is one. */
export function renderTicketForCitizen(ctx: Ctx, item: ItemSummary): string {
  const lines = [
    ctx.t('ticket.title', { ticket: item.ticket }),
    ctx.t('ticket.status', { status: item.status }),
    ctx.t('ticket.time', { time: localDateTime(item.createdAt, ctx.timeZone) }),
    ctx.t('ticket.question', { question: item.question }),
  ];
  if (item.reply) lines.push('', ctx.t('ticket.reply', { time: localDateTime(item.repliedAt, ctx.timeZone) }), item.reply);
  else if (isOpenStatus(item.status)) lines.push('', ctx.t('ticket.pending'));
  else lines.push('', item.closeReason ? ctx.t('ticket.closedReason', { reason: item.closeReason }) : ctx.t('ticket.closed'));
  return lines.join('\n');
}

/** A draft FAQ entry as staff review it before it is published: question, variants, answer and what to look at. */
export function renderFaqDraft(ctx: Ctx, draft: Omit<FaqDraft, 'ticket'>): string {
  const p = (k: Under<'promote.preview'>, vars = {}) => ctx.t(`promote.preview.${k}`, vars);
  const fields: [string, string][] = [
    [p('question'), draft.question],
    [p('variants'), draft.variants.length ? draft.variants.join('\n') : p('none')],
    [p('answer'), draft.answer],
  ];
  const width = Math.max(...fields.map(([k]) => displayWidth(k)));
  const indent = ' '.repeat(width + 2);
  const lines = [p('heading', { faqId: draft.faqId, file: draft.file })];
  for (const [k, v] of fields) lines.push(`${padDisplay(k, width)}  ${v.split('\n').join(`\n${indent}`)}`);
  if (draft.warnings.length) {
    lines.push('', p('warnings'));
    for (const w of draft.warnings) lines.push(`  · ${w.message}`);
  }
  lines.push('', p('edit'));
  return lines.join('\n');
}

/** Names of personal details for staff: 手机号“138****5678”, 姓名“王”. */
export function describePersonalDetails(ctx: Pick<DeskContext, 't'>, details: ReplyPlan['personal']): string {
  return details
    .map((d) => `${ctx.t(d.kind === 'number' ? `personal.number.${d.numberKind}` : `personal.${d.kind}`)}“${d.text}”`)
    .join('、');
}

/** Who else a reply reaches (or why it reaches nobody else), for staff to confirm before sending. */
export function renderReplyPlan(ctx: Ctx, plan: ReplyPlan): string {
  const r = (k: Under<'cli.replyPlan'>, vars = {}) => ctx.t(`cli.replyPlan.${k}`, vars);
  const lines: string[] = [];
  if (plan.alsoTo.length) {
    lines.push(r('heading', { count: plan.alsoTo.length }));
    for (const other of plan.alsoTo) lines.push(r('item', { ticket: other.ticket, question: truncateDisplay(other.question, 60) }));
  }
  if (plan.personal.length) {
    lines.push(r('personal', { details: describePersonalDetails(ctx, plan.personal), ticket: plan.ticket }));
    if (plan.heldBack.length) lines.push(r('heldBack', { others: plan.heldBack.map((h) => h.ticket).join('、') }));
  }
  return lines.join('\n');
}
