/**
 * Per-user rate limit on messages (@grammyjs/ratelimiter): at most
 * `limit` messages per `windowMs`; the first message over the limit in a window
 * gets a polite notice, later ones are dropped quietly. Group chatter not
 * addressed to the bot and staff members are not counted; callback queries are
 * never limited (they must always be answered).
 */
import { Composer } from 'grammy';
import { limit } from '@grammyjs/ratelimiter';
import { addressedQuestion, repliesToBot } from './addressing.ts';
import type { BotDeps } from './deps.ts';
import { isStaff } from './staff.ts';
import type { BotContext } from './context.ts';

/** Whose quota a message counts against, or undefined when it is not counted. */
function quotaKey(deps: BotDeps, ctx: BotContext): string | undefined {
  const from = ctx.from;
  if (!from || !ctx.chat || isStaff(deps, ctx)) return undefined;
  if (ctx.chat.type === 'private') return String(from.id);
  const text = ctx.msg?.text;
  const forUs = text?.startsWith('/') || addressedQuestion(ctx) !== undefined || repliesToBot(ctx);
  return forUs ? String(from.id) : undefined;
}

export function rateLimit(deps: BotDeps, opts: { limit: number; windowMs: number }): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  composer.on(['message', 'edited_message']).use(
    limit({
      timeFrame: opts.windowMs,
      limit: opts.limit,
      keyGenerator: (ctx: BotContext) => quotaKey(deps, ctx),
      onLimitExceeded: (ctx: BotContext) => {
        deps.log.info({ userId: ctx.from?.id }, 'telegram: rate limit reached');
        // Returned so the update counts as in flight until the notice is sent.
        return ctx.reply(deps.t('rateLimited')).catch((err) => deps.log.warn({ err }, 'telegram: rate-limit notice failed'));
      },
    }),
  );
  return composer;
}
