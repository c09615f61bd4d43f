/**
 * Delivers staff replies (from Telegram, the CLI or the web console) to
 * Telegram citizens. The desk's delivery loop calls it with the finished text
 * (the desk writes the greeting, ticket and reply); throwing makes the desk
 * retry later with backoff and record the failure.
 */
import type { Api } from 'grammy';
import type { Deliverer } from '../../desk/types.ts';
import type { BotDeps } from './deps.ts';
import { layoutMessages } from './html.ts';
import { sendPieces } from './send.ts';

/** The Deliverer for channel `telegram`: `delivery.channelUserId` is the chat id. */
export function createDeliverer(api: Api, deps: Pick<BotDeps, 'log'>): Deliverer {
  return async (delivery) => {
    const chatId = Number(delivery.channelUserId);
    if (!Number.isSafeInteger(chatId)) throw new Error(`not a Telegram chat id: ${delivery.channelUserId}`);
    await sendPieces(api, chatId, layoutMessages(delivery.text));
    deps.log.info({ ticket: delivery.ticket, attempts: delivery.attempts }, 'telegram: staff reply delivered');
  };
}
