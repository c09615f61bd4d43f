/**
 * Sending laid-out HTML pieces: one sendMessage per piece, the inline keyboard
 * under the last one, the first one optionally replying to the question.
 */
import type { Api, InlineKeyboard } from 'grammy';

export interface SendOptions {
  keyboard?: InlineKeyboard;
  /** Reply to this message (used in groups so the answer sits under the question). */
  replyTo?: number;
}

/** Sends `pieces` in order and returns the id of the last message sent. */
export async function sendPieces(api: Api, chatId: number | string, pieces: string[], opts: SendOptions = {}): Promise<number | undefined> {
  let lastId: number | undefined;
  for (const [i, piece] of pieces.entries()) {
    const isLast = i === pieces.length - 1;
    const sent = await api.sendMessage(chatId, piece, {
      parse_mode: 'HTML',
      link_preview_options: { is_disabled: true },
      reply_markup: isLast ? opts.keyboard : undefined,
      reply_parameters: i === 0 && opts.replyTo ? { message_id: opts.replyTo, allow_sending_without_reply: true } : undefined,
    });
    lastId = sent.message_id;
  }
  return lastId;
}
