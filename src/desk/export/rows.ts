/**
 * The register's columns and one row per item, always masked. The first sheet holds what a superior reads
 * (like a government website-message register: ticket, question, topic, 经办人, reply, 答复人, 关闭原因);
 * the working columns (anonymous handle, closest document and score, group, turn, FAQ entry, delivery)
 * go to a second sheet. The CSV carries both, the register's columns first.
 */
import type { Item } from '../types.ts';
import type { DeskContext } from '../context.ts';
import { localDateTime } from '../../time/index.ts';
import { describeDelivery } from '../render.ts';

/** Register column keys in order; their Chinese headers live in desk.yaml under export.columns. */
export const COLUMN_KEYS = ['ticket', 'time', 'channel', 'title', 'content', 'topic', 'status', 'assignee', 'reply', 'repliedBy', 'repliedAt', 'closeReason'] as const;
/** Working columns (second sheet, after the ticket). */
export const DETAIL_KEYS = ['handle', 'kind', 'closest', 'score', 'group', 'turn', 'faq', 'delivery'] as const;
export type ColumnKey = (typeof COLUMN_KEYS)[number];
export type DetailKey = (typeof DETAIL_KEYS)[number];
export type RegisterRow = Record<ColumnKey | DetailKey, string | number>;

/** Column widths in Excel character units (CJK characters count about two). */
export const COLUMN_WIDTHS: Record<ColumnKey | DetailKey, number> = {
  ticket: 17, time: 17, channel: 9, title: 26, content: 46, topic: 16, status: 10, assignee: 10, reply: 46, repliedBy: 10, repliedAt: 17, closeReason: 20,
  handle: 14, kind: 8, closest: 40, score: 8, group: 26, turn: 9, faq: 24, delivery: 28,
};

const TITLE_CHARS = 20;

/** First ~20 characters of the (masked) question on one line, with an ellipsis when cut. */
export function titleOf(question: string): string {
  const chars = [...question.replace(/\s+/g, ' ').trim()];
  return chars.length > TITLE_CHARS ? `${chars.slice(0, TITLE_CHARS).join('')}…` : chars.join('');
}

type Ctx = Pick<DeskContext, 't' | 'timeZone'>;

/** Chinese headers of the register columns. */
export function headers(ctx: Pick<DeskContext, 't'>): string[] {
  return COLUMN_KEYS.map((k) => ctx.t(`export.columns.${k}`));
}

/** Chinese headers of the working columns (without the ticket). */
export function detailHeaders(ctx: Pick<DeskContext, 't'>): string[] {
  return DETAIL_KEYS.map((k) => ctx.t(`export.columns.${k}`));
}

/** One row; `item.question` must already be masked (listItems without `unmasked`). `topic`: the week's topic of the item. */
export function toRegisterRow(ctx: Ctx, item: Item, topic?: string | null): RegisterRow {
  const top = item.candidates[0];
  return {
    ticket: item.ticket,
    time: localDateTime(item.createdAt, ctx.timeZone),
    channel: ctx.t(`channels.${item.channel}`),
    title: titleOf(item.question),
    content: item.question,
    topic: topic ?? item.topic ?? '',
    status: item.status,
    assignee: item.assignee ?? '',
    reply: item.reply ?? '',
    repliedBy: item.repliedBy ?? '',
    repliedAt: localDateTime(item.repliedAt, ctx.timeZone),
    closeReason: item.closeReason ?? '',
    handle: item.handle,
    kind: item.kind,
    closest: top ? [top.title, top.section].filter(Boolean).join(' › ') : '',
    score: top ? Math.round(top.score * 100) / 100 : '',
    group: (item.groupTickets ?? []).join('、'),
    turn: item.turnId ?? '',
    faq: item.faqId ?? '',
    delivery: item.reply ? describeDelivery(ctx, item.delivery) : '',
  };
}
