/**
 * The "typing…" chat action while an answer is prepared. Telegram shows it for
 * about five seconds, so it is re-sent until the work is done.
 *
 * It starts only after a short delay: most answers from the corpus are ready in
 * a few milliseconds, and a typing action sent just before the answer is a
 * round trip (one Bot API call per update) that nobody sees.
 */
import type { Api } from 'grammy';
import type { Logger } from 'pino';

/** How long an answer may take before "typing" is shown (answers from the corpus usually take < 50 ms). */
export const TYPING_DELAY_MS = 400;

export interface TypingOptions {
  /** Re-send interval while still working (Telegram shows the action for about 5 s). */
  intervalMs: number;
  /** Wait this long before the first action; 0 sends it at once. Default TYPING_DELAY_MS. */
  delayMs?: number;
}

/** Shows "typing" in `chatId` once the work takes longer than the delay; call the returned function to stop. */
export function keepTyping(api: Api, chatId: number, opts: TypingOptions, log: Logger): () => void {
  const send = () => {
    // Best effort: a lost typing indicator must never hold up or fail the answer.
    api.sendChatAction(chatId, 'typing').catch((err) => log.debug({ err }, 'telegram: typing action failed'));
  };
  let repeat: ReturnType<typeof setInterval> | undefined;
  const begin = () => {
    send();
    repeat = setInterval(send, opts.intervalMs);
    repeat.unref();
  };
  const delayMs = opts.delayMs ?? TYPING_DELAY_MS;
  let delay: ReturnType<typeof setTimeout> | undefined;
  if (delayMs <= 0) begin();
  else {
    delay = setTimeout(begin, delayMs);
    delay.unref();
  }
  return () => {
    clearTimeout(delay);
    clearInterval(repeat);
  };
}
