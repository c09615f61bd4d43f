/**
 * Runs the bot: long polling through @grammyjs/runner (concurrent updates,
 * sequential per chat) or, when config.telegram.webhookUrl is set, a webhook
 * whose handler the HTTP server mounts. Also starts the staff notifier and
 * offers the Deliverer for staff replies. close() stops fetching, waits for
 * updates in flight and closes the channel's database handle.
 */
import crypto from 'node:crypto';
import { webhookCallback, type Bot } from 'grammy';
import { run, type RunnerHandle } from '@grammyjs/runner';
import type { Deliverer } from '../../desk/types.ts';
import { buildTelegramBot, type CreateBotOptions } from './bot.ts';
import { registerCommandMenus } from './commands.ts';
import { createDeliverer } from './delivery.ts';
import { startStaffNotifier } from './staff-notifier.ts';
import type { BotContext } from './context.ts';
import { telegramTexts, type TelegramParts } from './deps.ts';

/** grammY's handler for fastify routes, as webhookCallback builds it for this bot. */
type FastifyWebhookHandler = ReturnType<typeof webhookCallback<BotContext, 'fastify'>>;

/** Update kinds the bot asks Telegram for (channel posts are not among them). */
export const ALLOWED_UPDATES = ['message', 'edited_message', 'callback_query'] as const;

/** The webhook endpoint to mount when config.telegram.webhookUrl is set. */
export interface TelegramWebhook {
  /** Path of the webhook URL, e.g. `/telegram/webhook`: mount the handler at it (POST). */
  path: string;
  /** Telegram sends it in `X-Telegram-Bot-Api-Secret-Token`; the handlers check it. */
  secretToken: string;
  /** For fastify: `server.post(webhook.path, webhook.fastify)`. */
  fastify: FastifyWebhookHandler;
}

export interface TelegramHandle {
  /** Sends a staff reply to `delivery.channelUserId` (the chat id); throws to have it retried. */
  deliver: Deliverer;
  /** Present in webhook mode: the HTTP server must mount it. */
  webhook?: TelegramWebhook;
  /**
   * Resolves once no update is being handled: every update the bot has received so far is answered (or
   * dropped) and its replies sent. close() waits for it; tests await it instead of sleeping.
   */
  idle(): Promise<void>;
  close(): Promise<void>;
}

export interface StartOptions extends CreateBotOptions {
  /** How often new items are checked for staff notifications (default 5000 ms). */
  staffPollMs?: number;
  /** Long-poll timeout of getUpdates in seconds (default 30). */
  pollTimeoutSeconds?: number;
  /** Updates handled at once by the runner (default 50). */
  concurrency?: number;
}

/** A secret derived from the token: stable across restarts, unknown to anyone without the token. */
function webhookSecret(token: string): string {
  return crypto.createHash('sha256').update(`guanbot-webhook:${token}`).digest('hex').slice(0, 48);
}

/** Registers the webhook with Telegram and builds the handler the HTTP server mounts. */
async function setUpWebhook(bot: Bot<BotContext>, token: string, webhookUrl: string): Promise<TelegramWebhook> {
  const secretToken = webhookSecret(token);
  await bot.api.setWebhook(webhookUrl, { secret_token: secretToken, allowed_updates: [...ALLOWED_UPDATES] });
  // Telegram re-sends an update not acknowledged in time; answering continues in the background.
  const options = { secretToken, onTimeout: 'return' as const, timeoutMilliseconds: 9_000 };
  return {
    path: new URL(webhookUrl).pathname,
    secretToken,
    fastify: webhookCallback(bot, 'fastify', options),
  };
}

/**
 * Starts the Telegram channel, or returns null (with a log line) when no bot
 * token is configured.
 */
export async function startTelegram(parts: TelegramParts, opts: StartOptions = {}): Promise<TelegramHandle | null> {
  const { config } = parts;
  const t = telegramTexts(config.promptsDir);
  const token = config.telegram.token;
  if (!token) {
    parts.log.info(t('log.disabled'));
    return null;
  }

  const { bot, deps, inFlight } = buildTelegramBot(parts, opts);
  let runner: RunnerHandle | undefined;
  let webhook: TelegramWebhook | undefined;
  try {
    await bot.init();
    await registerCommandMenus(bot.api, deps).catch((err) => deps.log.warn({ err }, 'telegram: setMyCommands failed'));
    const webhookUrl = config.telegram.webhookUrl;
    if (webhookUrl) webhook = await setUpWebhook(bot, token, webhookUrl);
    else {
      await bot.api.deleteWebhook();
      runner = run(bot, {
        runner: { fetch: { allowed_updates: [...ALLOWED_UPDATES], timeout: opts.pollTimeoutSeconds ?? 30 }, silent: true },
        sink: { concurrency: opts.concurrency ?? 50 },
      });
      runner.task()?.catch((err) => deps.log.error({ err }, 'telegram: polling stopped'));
    }
  } catch (err) {
    // A wrong token or an unreachable Bot API: say so clearly and leave the decision to the caller.
    deps.log.error({ err }, t('log.startFailed'));
    deps.chats.close();
    throw err;
  }

  const notifier = startStaffNotifier(bot.api, deps, { pollMs: opts.staffPollMs ?? 5000 });
  deps.log.info({ username: bot.botInfo.username, mode: webhook ? 'webhook' : 'polling' }, t('log.started'));

  let closing: Promise<void> | undefined;
  return {
    deliver: createDeliverer(bot.api, deps),
    webhook,
    idle: () => inFlight.idle(),
    close() {
      closing ??= (async () => {
        await notifier.stop();
        if (runner?.isRunning()) await runner.stop();
        await inFlight.idle();
        deps.chats.close();
      })();
      return closing;
    },
  };
}
