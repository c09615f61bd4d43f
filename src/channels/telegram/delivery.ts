/**
 * Delivers staff replies (from Telegram, the CLI or the web console) to
 * Telegram citizens. The desk's delivery loop calls it; throwing makes the desk
 * retry later with backoff and record the failure.
 */
import type { Api } from 'grammy';
import type { Deliverer } from '../../desk/types.ts';
import type { BotDeps } from './deps.ts';
import { escapeHtml, layoutMessages } from './html.ts';
import { sendPieces } from './send.ts';

/** The Deliverer for channel `telegram`: `delivery.channelUserId` is the chat id. */
export function createDeliverer(api: Api, deps: Pick<BotDeps, 't' | 'log'>): Deliverer {
  return async (delivery) => {
    const chatId = Number(delivery.channelUserId);
    if (!Number.isSafeInteger(chatId)) throw new Error(`not a Telegram chat id: ${delivery.channelUserId}`);
    const html = deps.t('delivery.reply', { ticket: escapeHtml(delivery.ticket), text: escapeHtml(delivery.text) });
    // A long reply: the heading first, then the reply split at natural boundaries.
    const pieces = html.length <= 4096 ? [html] : [deps.t('delivery.replyHeader', { ticket: escapeHtml(delivery.ticket) }), ...layoutMessages(delivery.text)];
    await sendPieces(api, chatId, pieces);
    deps.log.info({ ticket: delivery.ticket, attempts: delivery.attempts }, 'telegram: staff reply delivered');
  };
}
