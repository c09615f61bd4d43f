/** Pseudonymous citizen handles: stable per channel user, not reversible without the database's salt. */
import crypto from 'node:crypto';
import type { Channel } from '../answer/types.ts';

const PREFIX: Record<Channel, string> = { telegram: 'TG', web: 'WEB', cli: 'CLI', wechat: 'WX' };

/** `TG-` / `WEB-` / `CLI-` / `WX-` + the first 8 hex digits of HMAC-SHA256(channelUserId, salt). */
export function handleFor(channel: Channel, channelUserId: string | undefined, salt: string): string {
  const id = channelUserId && channelUserId.trim() ? channelUserId.trim() : 'anonymous';
  const digest = crypto.createHmac('sha256', salt).update(`${channel}:${id}`).digest('hex');
  return `${PREFIX[channel] ?? channel.toUpperCase()}-${digest.slice(0, 8)}`;
}
