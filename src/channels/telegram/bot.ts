/**
 * Builds the grammY bot as one readable middleware pipeline:
 *   in-flight tracking → channel posts dropped → rate limit → per-chat order →
 *   callback safety net → commands → persona → staff → feedback buttons →
 *   questions → non-text messages; errors are logged by bot.catch and the bot
 *   keeps serving.
 */
import { Bot } from 'grammy';
import type { UserFromGetMe } from 'grammy/types';
import { sequentialize } from '@grammyjs/runner';
import { DEFAULT_RESILIENCE, resilienceTransformers, type ResilienceOptions } from './api-resilience.ts';
import { openChatStore, type ChatStore } from './chat-store.ts';
import type { BotContext } from './context.ts';
import { citizenCommands } from './commands.ts';
import { telegramTexts, type BotDeps, type TelegramParts } from './deps.ts';
import { alwaysAnswerCallbacks, feedbackHandlers } from './feedback.ts';
import { trackInFlight, type InFlight } from './in-flight.ts';
import { nonTextHandler } from './non-text.ts';
import { personaHandlers } from './persona.ts';
import { questionHandler } from './question.ts';
import { rateLimit } from './rate-limit.ts';
import { staffHandlers } from './staff.ts';
import { TYPING_DELAY_MS } from './typing.ts';

export interface CreateBotOptions {
  /** Skip getMe (tests, or a known bot). */
  botInfo?: UserFromGetMe;
  /** Client timeout per Bot API call (default 60 s; must exceed the long-poll timeout). */
  timeoutSeconds?: number;
  resilience?: Partial<ResilienceOptions>;
  /** Minimum time between edits of a streamed answer (default 1000 ms). */
  streamEditIntervalMs?: number;
  typingIntervalMs?: number;
  /** Delay before the first "typing" action (default TYPING_DELAY_MS; 0: at once). */
  typingDelayMs?: number;
  /** Default: config.telegram.rateLimit per config.telegram.rateWindowMs. */
  rateLimit?: { limit: number; windowMs: number };
  /** Default: config.telegram.staffIds. */
  staffIds?: string[];
  /** Default: the Telegram tables in config.dbPath. */
  chats?: ChatStore;
}

/** The bot with what it was built from (startTelegram needs the parts to run and shut down). */
export interface TelegramBot {
  bot: Bot<BotContext>;
  deps: BotDeps;
  inFlight: InFlight;
}

/** Builds the bot and its parts; nothing is started. */
export function buildTelegramBot(parts: TelegramParts, opts: CreateBotOptions = {}): TelegramBot {
  const { config, ask, desk } = parts;
  const log = parts.log.child({ channel: 'telegram' });
  const bot = new Bot<BotContext>(config.telegram.token ?? 'unset', {
    botInfo: opts.botInfo,
    client: { apiRoot: config.telegram.apiRoot, timeoutSeconds: opts.timeoutSeconds ?? 60 },
  });
  bot.api.config.use(...resilienceTransformers({ ...DEFAULT_RESILIENCE, ...opts.resilience }, log));

  const deps: BotDeps = {
    config,
    ask,
    desk,
    log,
    t: telegramTexts(config.promptsDir),
    chats: opts.chats ?? openChatStore(config.dbPath),
    staffIds: new Set(opts.staffIds ?? config.telegram.staffIds),
    streamEditIntervalMs: opts.streamEditIntervalMs ?? 1000,
    typingIntervalMs: opts.typingIntervalMs ?? 4500,
    typingDelayMs: opts.typingDelayMs ?? TYPING_DELAY_MS,
  };
  const inFlight = trackInFlight();

  bot.use(inFlight.middleware);
  bot.on(['channel_post', 'edited_channel_post'], () => undefined);
  bot.use(rateLimit(deps, opts.rateLimit ?? { limit: config.telegram.rateLimit, windowMs: config.telegram.rateWindowMs }));
  bot.use(sequentialize((ctx) => ctx.chat?.id.toString()));
  bot.use(alwaysAnswerCallbacks(log));
  bot.use(citizenCommands(deps));
  bot.use(personaHandlers(deps));
  bot.use(staffHandlers(deps));
  bot.use(feedbackHandlers(deps));
  bot.use(questionHandler(deps));
  bot.use(nonTextHandler(deps));

  bot.catch((err) => {
    log.error({ err: err.error, updateId: err.ctx.update.update_id }, 'telegram: update failed');
  });
  return { bot, deps, inFlight };
}
