/** Ticket numbers (留言编号): `GX<yyyymmdd local>-<daily sequence, at least 4 digits>`. */
import type { DeskContext } from './context.ts';
import { localDayKey } from '../time/index.ts';
import { toHalfWidth } from '../text/index.ts';

export const TICKET_PATTERN = /^GX\d{8}-\d{4,}$/;

/**
 * Allocates the next ticket of the local day. Must run inside the caller's
 * `BEGIN IMMEDIATE` transaction, which serialises writers across processes.
 */
export function allocateTicket(ctx: Pick<DeskContext, 'stmt' | 'timeZone'>, now: Date): string {
  const day = localDayKey(now, ctx.timeZone);
  const row = ctx
    .stmt('INSERT INTO ticket_counters(day, last) VALUES (?, 1) ON CONFLICT(day) DO UPDATE SET last = last + 1 RETURNING last')
    .get(day) as { last: number };
  return `GX${day}-${String(row.last).padStart(4, '0')}`;
}

/** Accepts what people type (lower case, full-width, spaces) and returns the canonical ticket, or undefined. */
export function normalizeTicket(input: string): string | undefined {
  const t = toHalfWidth(input)
    .replace(/\s+/g, '')
    .replace(/[‐-―−]/g, '-')
    .toUpperCase();
  return TICKET_PATTERN.test(t) ? t : undefined;
}
