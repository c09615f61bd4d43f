/**
 * The Telegram channel: citizens chat with 冠小梨 and 冠小芝, staff receive and
 * answer items in the chat.
 *
 *   const handle = await startTelegram({ config, log, ask, desk }); // null when TELEGRAM_BOT_TOKEN is unset
 *   startDeskJobs(app, { deliverers: { telegram: handle.deliver } });
 *   // webhook mode: server.post(handle.webhook.path, handle.webhook.fastify)
 *   await handle.close();
 */
export { startTelegram, type TelegramHandle, type StartOptions } from './start.ts';
export type { TelegramParts } from './deps.ts';
