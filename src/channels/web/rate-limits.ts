/**
 * Request budgets of the web channel, all counted by @fastify/rate-limit per
 * client address (IPv6 by /64, the plugin's default key). Each 429 carries
 * its own Chinese sentence from web.yaml and a Retry-After header.
 */
import type { FastifyInstance } from 'fastify';
import type { errorResponseBuilderContext } from '@fastify/rate-limit';
import { WebError } from './errors.ts';
import type { Translate } from './text.ts';
import type { MessageKey } from '../../messages/index.ts';

/** One minute, the window of every per-minute budget. */
export const MINUTE = 60_000;

/** "45 秒" or "3 分钟": how long to wait, for a Chinese message. */
export function waitText(t: Translate, ms: number): string {
  const seconds = Math.max(1, Math.ceil(ms / 1000));
  return seconds < 60 ? t('api.errors.waitSeconds', { n: seconds }) : t('api.errors.waitMinutes', { n: Math.ceil(seconds / 60) });
}

/** An errorResponseBuilder whose 429 says message `key` of web.yaml, `{wait}` filled. */
export function limitError(t: Translate, key: MessageKey<'web'>) {
  return (_request: unknown, ctx: errorResponseBuilderContext): WebError => new WebError(ctx.statusCode, t(key, { wait: waitText(t, ctx.ttl) }));
}

/** Tickets opened by hand (转人工) per address and minute: a sixth of the question budget, at least one. */
export function handoffPerMinute(questionsPerMinute: number): number {
  return Math.max(1, Math.floor(questionsPerMinute / 6));
}

/**
 * One shared limiter: every route that uses the returned hook draws from the
 * same per-address count (per-route `config.rateLimit` would give each route
 * its own store, so two question routes would allow twice the budget).
 */
export function sharedBudget(server: FastifyInstance, t: Translate, opts: { max: number; timeWindow: number; messageKey: MessageKey<'web'> }) {
  return server.rateLimit({ max: opts.max, timeWindow: opts.timeWindow, errorResponseBuilder: limitError(t, opts.messageKey) });
}
