/**
 * Whether a text message is addressed to the bot, and the question in it.
 * Private chats: always. Groups: only when the bot is @mentioned or the message
 * replies to one of the bot's messages (the mention is removed from the text).
 */
import type { BotContext } from './context.ts';

/** Whether the message replies to one of the bot's own messages. */
export function repliesToBot(ctx: BotContext): boolean {
  return ctx.msg?.reply_to_message?.from?.id === ctx.me.id;
}

/** The question a message asks the bot, or undefined when the bot should stay quiet. */
export function addressedQuestion(ctx: BotContext): string | undefined {
  const msg = ctx.msg;
  const text = msg?.text;
  if (!msg || text === undefined || !ctx.chat) return undefined;
  if (ctx.chat.type === 'channel') return undefined;
  if (ctx.chat.type === 'private') return text.trim();

  const me = ctx.me;
  const username = me.username?.toLowerCase();
  let mentioned = false;
  let question = text;
  // Remove mentions from the end backwards so earlier offsets stay valid.
  const entities = [...(msg.entities ?? [])].sort((a, b) => b.offset - a.offset);
  for (const e of entities) {
    const slice = text.slice(e.offset, e.offset + e.length);
    const isMe =
      (e.type === 'mention' && username !== undefined && slice.slice(1).toLowerCase() === username) ||
      (e.type === 'text_mention' && e.user.id === me.id);
    if (isMe) {
      mentioned = true;
      question = question.slice(0, e.offset) + question.slice(e.offset + e.length);
    }
  }
  if (!mentioned && !repliesToBot(ctx)) return undefined;
  return question.replace(/\s+/g, ' ').trim();
}
