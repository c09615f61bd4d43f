/**
 * The "typing…" chat action while an answer is prepared. Telegram shows it for
 * about five seconds, so it is re-sent until the work is done.
 */
import type { Api } from 'grammy';
import type { Logger } from 'pino';

/** Starts showing "typing" in `chatId`; call the returned function to stop. */
export function keepTyping(api: Api, chatId: number, intervalMs: number, log: Logger): () => void {
  const send = () => {
    // Best effort: a lost typing indicator must never hold up or fail the answer.
    api.sendChatAction(chatId, 'typing').catch((err) => log.debug({ err }, 'telegram: typing action failed'));
  };
  send();
  const timer = setInterval(send, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
