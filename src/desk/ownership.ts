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

/** True when turn `turnId` exists and was asked by (channel, channelUserId). */
export function ownsTurn(ctx: DeskContext, turnId: number, channel: Channel, channelUserId: string | undefined): boolean {
  const handle = callerHandle(ctx, channel, channelUserId);
  if (!handle) return false;
  const turn = findTurn(ctx, turnId);
  return !!turn && turn.channel === channel && turn.handle === handle;
}

/** True when the item of `ticket` exists and belongs to (channel, channelUserId). */
export function ownsTicket(ctx: DeskContext, ticket: string, channel: Channel, channelUserId: string | undefined): boolean {
  const handle = callerHandle(ctx, channel, channelUserId);
  if (!handle) return false;
  const row = findItemRow(ctx, ticket);
  return !!row && row.channel === channel && row.handle === handle;
}

/** The summary of the caller's own item, or undefined when the ticket is unknown or someone else's. */
export function citizenTicket(ctx: DeskContext, ticket: string, channel: Channel, channelUserId: string | undefined): ItemSummary | undefined {
  if (!ownsTicket(ctx, ticket, channel, channelUserId)) return undefined;
  const row = findItemRow(ctx, ticket);
  return row ? toSummary(row) : undefined;
}
