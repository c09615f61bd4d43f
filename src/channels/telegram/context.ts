/**
 * The context every handler of the bot receives. The bot installs no context
 * flavours (no sessions, no conversations): its per-chat state lives in the
 * channel's SQLite store (chat-store.ts), so the context is grammY's own.
 * Should a plugin add a flavour, it is added here, once, and every composer
 * and helper sees it.
 */
import type { CallbackQueryContext, Context } from 'grammy';

export type BotContext = Context;

/** A callback query matched by a RegExp trigger (the feedback and persona buttons). */
export type MatchedCallbackContext = CallbackQueryContext<BotContext> & { match: RegExpMatchArray };
