/**
 * The Telegram channel: citizens chat with 冠小梨 and 冠小芝, staff receive and
 * answer items in the chat.
 *
 *   const handle = await startTelegram(app);          // null when TELEGRAM_BOT_TOKEN is unset
 *   startDeskJobs(app, { deliverers: { telegram: handle.deliver } });
 *   // webhook mode: server.post(handle.webhook.path, handle.webhook.fastify)
 *   await handle.close();
 */
export { createBot, type CreateBotOptions } from './bot.ts';
export { startTelegram, ALLOWED_UPDATES, type TelegramHandle, type TelegramWebhook, type StartOptions } from './start.ts';
export { escapeHtml, splitPlainText, layoutMessages, TELEGRAM_TEXT_LIMIT } from './html.ts';
