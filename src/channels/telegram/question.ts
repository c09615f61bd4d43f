/**
 * The citizen question handler: text (and edited text) → ask → a cited
 * answer in HTML with the feedback keyboard. Shows "typing" when the answer takes
 * longer than a moment and, when the answer is generated (the ask streams
 * deltas), streams it by editing a preview message; the final text is always
 * AnswerResult.answer.
 */
import { Composer, type Api } from 'grammy';
import type { AnswerResult } from '../../answer/types.ts';
import { maskPersonalData } from '../../desk/index.ts';
import { personaOf, type BotDeps } from './deps.ts';
import { addressedQuestion } from './addressing.ts';
import { formatAnswer, wantsKeyboard } from './answer-format.ts';
import { sendPieces } from './send.ts';
import { StreamingReply } from './streaming.ts';
import { keepTyping } from './typing.ts';
import type { BotContext } from './context.ts';

/**
 * Remembers what an answer cited so 📄 原文 / 🙋 转人工 work later, even after a
 * restart. With GUANBOT_KEEP_PERSONAL_DATA off only the masked question is kept,
 * as in the desk's own tables.
 */
export function rememberAnswer(deps: Pick<BotDeps, 'config' | 'chats'>, chatId: number, result: AnswerResult): void {
  if (!wantsKeyboard(result)) return;
  deps.chats.saveAnswer({
    turnId: result.turnId,
    chatId: String(chatId),
    question: deps.config.keepPersonalData ? result.question : maskPersonalData(result.question),
    citations: result.citations.map(({ docId, title, section, text, url, score }) => ({ docId, title, section, text, url, score })),
  });
}

/**
 * Replaces the streamed preview by the final answer: edits it into the first
 * piece and sends the rest; if the edit fails (preview deleted, too old), the
 * whole answer is sent as new messages rather than lost.
 */
async function finishStreamed(deps: BotDeps, api: Api, chatId: number, previewId: number, formatted: ReturnType<typeof formatAnswer>): Promise<void> {
  const [first = '', ...rest] = formatted.pieces;
  try {
    await api.editMessageText(chatId, previewId, first, {
      parse_mode: 'HTML',
      link_preview_options: { is_disabled: true },
      reply_markup: rest.length === 0 ? formatted.keyboard : undefined,
    });
  } catch (err) {
    if (!String((err as Error)?.message).includes('message is not modified')) {
      deps.log.warn({ err, chatId }, 'telegram: final edit failed, sending the answer anew');
      return void (await sendPieces(api, chatId, formatted.pieces, { keyboard: formatted.keyboard }));
    }
  }
  if (rest.length) await sendPieces(api, chatId, rest, { keyboard: formatted.keyboard });
}

/** Answers one addressed text message. */
export async function answerQuestion(deps: BotDeps, ctx: BotContext, question: string): Promise<void> {
  const chat = ctx.chat!;
  const replyTo = chat.type === 'private' ? undefined : ctx.msg?.message_id;
  const stopTyping = keepTyping(ctx.api, chat.id, { intervalMs: deps.typingIntervalMs, delayMs: deps.typingDelayMs }, deps.log);
  // Shows nothing until the first delta: only a generated answer streams, an answer from the corpus arrives whole.
  const stream = new StreamingReply(ctx.api, chat.id, deps.streamEditIntervalMs, deps.log, deps.t('answer.draft'), replyTo);
  let result: AnswerResult | undefined;
  let failure: unknown;
  try {
    result = await deps.ask(question, {
      channel: 'telegram',
      channelUserId: String(chat.id),
      // One conversation per chat: a follow-up is read with this chat's previous turn, never another chat's.
      conversationId: String(chat.id),
      persona: personaOf(deps, chat.id),
      onDelta: (text) => stream.update(text),
    });
  } catch (err) {
    failure = err;
  } finally {
    stopTyping();
  }
  // Stop previewing before anything else is sent: a pending edit must never land after the answer or the apology.
  const previewId = await stream.finish();
  if (!result) {
    if (previewId === undefined) throw failure;
    // The draft becomes the apology, so no unchecked text stays in the chat.
    deps.log.error({ err: failure, chatId: chat.id }, 'telegram: answering failed');
    return void (await ctx.api.editMessageText(chat.id, previewId, deps.t('error')));
  }
  rememberAnswer(deps, chat.id, result);
  const formatted = formatAnswer(deps, result);
  if (previewId !== undefined) await finishStreamed(deps, ctx.api, chat.id, previewId, formatted);
  else await sendPieces(ctx.api, chat.id, formatted.pieces, { keyboard: formatted.keyboard, replyTo });
  deps.log.debug({ chatId: chat.id, kind: result.kind, ticket: result.ticket, turnId: result.turnId }, 'telegram: answered');
}

/** Text and edited text messages addressed to the bot. Unknown /commands get the help text in private chats. */
export function questionHandler(deps: BotDeps): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  composer.on(['message:text', 'edited_message:text'], async (ctx) => {
    const question = addressedQuestion(ctx);
    if (question === undefined) return;
    if (question.startsWith('/')) {
      if (ctx.chat.type === 'private') await ctx.reply(deps.t('help'), { parse_mode: 'HTML' });
      return;
    }
    try {
      await answerQuestion(deps, ctx, question);
    } catch (err) {
      deps.log.error({ err, chatId: ctx.chat.id }, 'telegram: answering failed');
      await ctx.reply(deps.t('error')).catch(() => undefined);
    }
  });
  return composer;
}
