/**
 * Whose turn, whose ticket: citizens may act on (👎, 转人工) and look up only
 * what they asked themselves. Ownership is the pseudonymous handle of
 * (channel, channelUserId); anonymous callers own nothing, because every
 * anonymous turn shares the same handle.
 */
import type { Channel } from '../answer/types.ts';
import type { DeskContext } from './context.ts';
import { handleFor } from './handles.ts';
import { findTurn } from './turns.ts';
import type { ItemSummary } from './types.ts';
import { findItemRow, toSummary } from './items.ts';

/** The caller's handle, or undefined for an anonymous caller (who can own nothing). */
function callerHandle(ctx: DeskContext, channel: Channel, channelUserId: string | undefined): string | undefined {
  if (!channelUserId || !channelUserId.trim()) return undefined;
  const handle = handleFor(channel, channelUserId, ctx.salt);
  // handleFor maps a missing id to the literal "anonymous"; a caller naming themselves that must not inherit those turns.
  return handle === handleFor(channel, undefined, ctx.salt) ? undefined : handle;
}

/** True when `row` (a turn or an item, already loaded) exists and belongs to (channel, channelUserId). */
export function ownsRow(
  ctx: DeskContext,
  row: { channel: Channel; handle: string } | undefined,
  channel: Channel,
  channelUserId: string | undefined,
): boolean {
  if (!row) return false;
  const handle = callerHandle(ctx, channel, channelUserId);
  return !!handle && row.channel === channel && row.handle === handle;
}

/** True when turn `turnId` exists and was asked by (channel, channelUserId). */
export function ownsTurn(ctx: DeskContext, turnId: number, channel: Channel, channelUserId: string | undefined): boolean {
  return ownsRow(ctx, findTurn(ctx, turnId), channel, channelUserId);
}

/** True when the item of `ticket` exists and belongs to (channel, channelUserId). */
export function ownsTicket(ctx: DeskContext, ticket: string, channel: Channel, channelUserId: string | undefined): boolean {
  return ownsRow(ctx, findItemRow(ctx, ticket), channel, channelUserId);
}

/** The summary of the caller's own item, or undefined when the ticket is unknown or someone else's. */
export function citizenTicket(ctx: DeskContext, ticket: string, channel: Channel, channelUserId: string | undefined): ItemSummary | undefined {
  const row = findItemRow(ctx, ticket);
  return row && ownsRow(ctx, row, channel, channelUserId) ? toSummary(row) : undefined;
}
