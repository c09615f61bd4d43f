/** The register's columns (like a government website-message register) and one row per item, always masked. */
import type { Item } from '../types.ts';
import type { DeskContext } from '../context.ts';
import { localDateTime } from '../time.ts';

/** Column keys in order; their Chinese headers live in desk.yaml under export.columns. */
export const COLUMN_KEYS = ['ticket', 'time', 'channel', 'handle', 'title', 'content', 'closest', 'score', 'status', 'reply', 'repliedAt'] as const;
export type ColumnKey = (typeof COLUMN_KEYS)[number];
export type RegisterRow = Record<ColumnKey, string | number>;

/** Column widths in Excel character units (CJK characters count about two). */
export const COLUMN_WIDTHS: Record<ColumnKey, number> = {
  ticket: 17, time: 17, channel: 9, handle: 14, title: 30, content: 50, closest: 36, score: 8, status: 10, reply: 50, repliedAt: 17,
};

const TITLE_CHARS = 20;

/** First ~20 characters of the (masked) question on one line, with an ellipsis when cut. */
export function titleOf(question: string): string {
  const chars = [...question.replace(/\s+/g, ' ').trim()];
  return chars.length > TITLE_CHARS ? `${chars.slice(0, TITLE_CHARS).join('')}…` : chars.join('');
}

type Ctx = Pick<DeskContext, 't' | 'timeZone'>;

/** Chinese headers in column order. */
export function headers(ctx: Pick<DeskContext, 't'>): string[] {
  return COLUMN_KEYS.map((k) => ctx.t(`export.columns.${k}`));
}

/** One register row; `item.question` must already be masked (listItems without `unmasked`). */
export function toRegisterRow(ctx: Ctx, item: Item): RegisterRow {
  const top = item.candidates[0];
  return {
    ticket: item.ticket,
    time: localDateTime(item.createdAt, ctx.timeZone),
    channel: ctx.t(`channels.${item.channel}`),
    handle: item.handle,
    title: titleOf(item.question),
    content: item.question,
    closest: top ? [top.title, top.section].filter(Boolean).join(' › ') : '',
    score: top ? Math.round(top.score * 100) / 100 : '',
    status: item.status,
    reply: item.reply ?? '',
    repliedAt: localDateTime(item.repliedAt, ctx.timeZone),
  };
}
