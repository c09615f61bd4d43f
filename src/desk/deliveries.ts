/**
 * Replies on their way back to citizens. Telegram and WeChat items get a queued delivery
 * retried with exponential backoff; web items are answered by ticket lookup,
 * so they are recorded as delivered that way; CLI items have nobody to reach.
 */
import type { Channel } from '../answer/types.ts';
import type { DeskContext } from './context.ts';
import type { Delivery } from './types.ts';
import type { ItemRow } from './items.ts';
import { DeskError } from './errors.ts';
import { addHistory } from './history.ts';
import { DELIVERY_STATE, type DeliveryState } from './status.ts';

/** Channels that push a reply to the citizen. */
export const PUSH_CHANNELS: Channel[] = ['telegram', 'wechat'];
/** After this many failed attempts a delivery is given up (state `failed`, visible in `messages show`). */
export const MAX_DELIVERY_ATTEMPTS = 15;
const FIRST_RETRY_MS = 30_000;
const MAX_RETRY_MS = 6 * 3600_000;
/** A delivery handed to a deliverer is not handed out again for this long (another process may be polling too). */
const LEASE_MS = 60_000;

/** Delay before attempt `attempts + 1`, after `attempts` failures. */
export function retryDelayMs(attempts: number): number {
  return Math.min(FIRST_RETRY_MS * 2 ** Math.max(0, attempts - 1), MAX_RETRY_MS);
}

/** Queues the reply of `row` for its citizen, if its channel can reach them. Caller holds the transaction. */
export function queueDelivery(ctx: DeskContext, row: ItemRow, reply: string): void {
  const now = ctx.now().toISOString();
  const text = ctx.t('delivery.text', { ticket: row.ticket, reply });
  if (PUSH_CHANNELS.includes(row.channel) && row.deliver_to) {
    ctx
      .stmt(
        `INSERT INTO deliveries(item_id, channel, deliver_to, text, state, attempts, next_attempt_at, created_at)
         VALUES (?, ?, ?, ?, ?, 0, ?, ?)`,
      )
      .run(row.id, row.channel, row.deliver_to, text, DELIVERY_STATE.pending, now, now);
  } else if (row.channel === 'web') {
    ctx
      .stmt(
        `INSERT INTO deliveries(item_id, channel, deliver_to, text, state, attempts, created_at, delivered_at)
         VALUES (?, 'web', ?, ?, ?, 0, ?, ?)`,
      )
      .run(row.id, row.deliver_to ?? '', text, DELIVERY_STATE.lookup, now, now);
  }
}

interface DueRow {
  id: number;
  ticket: string;
  channel: Channel;
  deliver_to: string;
  text: string;
  attempts: number;
}

/** Deliveries due now on `channels`, leased so a second poller does not send them twice. */
export function dueDeliveries(ctx: DeskContext, channels: Channel[], limit = 20): Delivery[] {
  if (channels.length === 0) return [];
  return ctx.db
    .transaction(() => {
      const now = ctx.now();
      const rows = ctx
        .stmt(
          `SELECT d.id, i.ticket, d.channel, d.deliver_to, d.text, d.attempts
             FROM deliveries d JOIN items i ON i.id = d.item_id
            WHERE d.state = ? AND d.next_attempt_at <= ? AND d.channel IN (${channels.map(() => '?').join(', ')})
            ORDER BY d.next_attempt_at, d.id LIMIT ?`,
        )
        .all(DELIVERY_STATE.pending, now.toISOString(), ...channels, Math.max(1, Math.floor(limit))) as DueRow[];
      const lease = ctx.stmt('UPDATE deliveries SET next_attempt_at = ? WHERE id = ?');
      const until = new Date(now.getTime() + LEASE_MS).toISOString();
      for (const r of rows) lease.run(until, r.id);
      return rows.map((r) => ({ id: r.id, ticket: r.ticket, channel: r.channel, channelUserId: r.deliver_to, text: r.text, attempts: r.attempts }));
    })
    .immediate();
}

function requireDelivery(ctx: DeskContext, id: number): { id: number; item_id: number; attempts: number; state: DeliveryState } {
  const row = ctx.stmt('SELECT id, item_id, attempts, state FROM deliveries WHERE id = ?').get(id) as
    | { id: number; item_id: number; attempts: number; state: DeliveryState }
    | undefined;
  if (!row) throw new DeskError('not_found', ctx.t('errors.deliveryNotFound', { id }));
  return row;
}

/** Records a successful delivery. */
export function markDelivered(ctx: DeskContext, id: number): void {
  ctx.db
    .transaction(() => {
      const d = requireDelivery(ctx, id);
      if (d.state === DELIVERY_STATE.delivered) return;
      const now = ctx.now().toISOString();
      ctx
        .stmt('UPDATE deliveries SET state = ?, attempts = attempts + 1, delivered_at = ?, next_attempt_at = NULL WHERE id = ?')
        .run(DELIVERY_STATE.delivered, now, id);
      addHistory(ctx, d.item_id, ctx.t('actors.system'), 'delivered');
    })
    .immediate();
}

/**
 * Records a failed attempt and schedules the next one (or gives up after MAX_DELIVERY_ATTEMPTS, or at once with
 * `giveUp` when the channel can never deliver it).
 */
export function markDeliveryFailed(ctx: DeskContext, id: number, error: string, opts: { giveUp?: boolean } = {}): void {
  ctx.db
    .transaction(() => {
      const d = requireDelivery(ctx, id);
      if (d.state === DELIVERY_STATE.delivered) return;
      const attempts = d.attempts + 1;
      const giveUp = opts.giveUp === true || attempts >= MAX_DELIVERY_ATTEMPTS;
      const next = giveUp ? null : new Date(ctx.now().getTime() + retryDelayMs(attempts)).toISOString();
      ctx
        .stmt('UPDATE deliveries SET state = ?, attempts = ?, last_error = ?, next_attempt_at = ? WHERE id = ?')
        .run(giveUp ? DELIVERY_STATE.failed : DELIVERY_STATE.pending, attempts, error.slice(0, 500), next, id);
      addHistory(ctx, d.item_id, ctx.t('actors.system'), 'deliveryFailed', ctx.t('history.deliveryFailedDetail', { attempts, error: error.slice(0, 200) }));
    })
    .immediate();
}
