/**
 * What the Telegram channel takes from the application (TelegramParts: the
 * ports it uses, nothing more) and what every part of the bot pipeline shares
 * (BotDeps: those parts, the Chinese texts, the channel's own store and a few
 * tunables). Built once in buildTelegramBot.
 */
import type { Logger } from 'pino';
import type { ChatStaffDesk, CitizenAsk, CitizenDesk } from '../../app/index.ts';
import type { Config } from '../../config.ts';
import { DEFAULT_PERSONA, type PersonaId } from '../../constants.ts';
import { messages, type Translator } from '../../messages/index.ts';
import type { ChatStore } from './chat-store.ts';

/** The settings the bot reads. */
export type TelegramConfig = Pick<Config, 'telegram' | 'promptsDir' | 'dbPath' | 'keepPersonalData' | 'timezone'>;

/** The application parts the Telegram channel uses. */
export interface TelegramParts {
  config: TelegramConfig;
  log: Logger;
  ask: CitizenAsk;
  /** Citizens' tickets, feedback and 转人工; staff look-ups, replies and new-item notices. */
  desk: CitizenDesk & ChatStaffDesk;
}

export interface BotDeps {
  config: TelegramConfig;
  ask: CitizenAsk;
  desk: TelegramParts['desk'];
  /** The channel's logger (a child of the app's). */
  log: Logger;
  /** Telegram texts from prompts/messages/telegram.yaml. */
  t: Translator<'telegram'>;
  chats: ChatStore;
  /** Telegram user ids allowed to use staff commands. */
  staffIds: Set<string>;
  /** Minimum time between two edits of a streamed reply. */
  streamEditIntervalMs: number;
  /** How often "typing" is re-sent while an answer is being prepared (Telegram shows it ~5 s). */
  typingIntervalMs: number;
  /** How long an answer may take before "typing" is shown at all (saves a round trip for quick answers). */
  typingDelayMs: number;
}

/** The persona a chat chose, or the default 冠小梨. */
export function personaOf(deps: BotDeps, chatId: number | string): PersonaId {
  return deps.chats.getPersona(String(chatId)) ?? DEFAULT_PERSONA;
}

/** The Telegram message texts, bound to the app's prompts folder. */
export function telegramTexts(promptsDir: string): BotDeps['t'] {
  return messages('telegram', promptsDir);
}
