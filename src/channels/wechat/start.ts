/**
 * Starts the WeChat channel when GUANBOT_WECHAT_TOKEN is set: the routes the
 * web server mounts, the Deliverer for staff replies, and close() that waits
 * for answers in flight (late ones are still sent) and closes the store.
 */
import type { FastifyInstance } from 'fastify';
import type { Deliverer } from '../../desk/types.ts';
import { createAccessTokens, type AccessTokenOptions } from './access-token.ts';
import { createCustomerService } from './customer-service.ts';
import { createDeliverer, describeApiError } from './delivery.ts';
import type { WechatDeps, WechatParts } from './deps.ts';
import { createExchanges } from './exchanges.ts';
import { WechatApiError } from './api-error.ts';
import { WECHAT_PATH, wechatRoutes } from './plugin.ts';
import { openWechatStore } from './store.ts';
import { createRateLimit } from './rate-limit.ts';
import { menuQuestions, wechatTexts } from './texts.ts';

export interface WechatHandle {
  /** The callback path, `/wechat`. */
  path: string;
  /** Adds GET and POST /wechat to the web server (pass as `mount` to the web server builder). */
  mount(server: FastifyInstance): Promise<void>;
  /** Sends a staff reply to `delivery.channelUserId` (the openid); throws to retry, or UndeliverableError to give up. */
  deliver: Deliverer;
  close(): Promise<void>;
}

export interface StartWechatOptions {
  /** How long a callback waits for its answer before replying `success` and sending it later (default 4000 ms; the platform waits 5 s). */
  answerDeadlineMs?: number;
  /** The clock for the 48-hour window and the access token's expiry (tests). */
  now?: () => Date;
  /** Questions per follower per window before the polite notice (default 6 per 10 s). */
  rateLimit?: { limit: number; windowMs: number };
  /** Token endpoint: `stable` (default) or `classic`. */
  tokenEndpoint?: AccessTokenOptions['endpoint'];
  fetch?: typeof fetch;
}

/** Starts the channel, or returns null (with a log line) when no Token is configured. */
export function startWechat(parts: WechatParts, opts: StartWechatOptions = {}): WechatHandle | null {
  const { config, ask, desk } = parts;
  const log = parts.log.child({ module: 'wechat' });
  const w = config.wechat;
  if (!w.token || !w.appId || !w.secret) {
    log.info('wechat: GUANBOT_WECHAT_TOKEN not set, the WeChat channel is off');
    return null;
  }
  const now = opts.now ?? (() => new Date());
  const t = wechatTexts(config.promptsDir);
  const tokens = createAccessTokens({ apiRoot: w.apiRoot, appId: w.appId, secret: w.secret, endpoint: opts.tokenEndpoint, fetch: opts.fetch, now: () => now().getTime() });
  const customerService = createCustomerService(tokens, { apiRoot: w.apiRoot, fetch: opts.fetch });
  const store = openWechatStore(config.dbPath);

  const deps: WechatDeps = {
    config,
    ask,
    desk,
    log,
    t,
    account: { token: w.token, appId: w.appId, aesKey: w.aesKey, webUrl: w.webUrl },
    menu: menuQuestions(config.promptsDir),
    store,
    customerService,
    answerDeadlineMs: opts.answerDeadlineMs ?? 4000,
    rateLimit: createRateLimit(opts.rateLimit ?? { limit: 6, windowMs: 10_000 }),
    now,
    exchanges: createExchanges(async (openid, text, key) => {
      try {
        await customerService.sendText(openid, text);
        log.info({ key }, 'wechat: late answer sent as a customer-service message');
      } catch (err) {
        log.error({ key, err: err instanceof WechatApiError ? describeApiError(deps, err) : err }, 'wechat: late answer could not be sent');
      }
    }),
  };
  log.info({ encrypted: Boolean(w.aesKey) }, 'wechat: channel on');
  let closing: Promise<void> | undefined;
  return {
    path: WECHAT_PATH,
    async mount(server) {
      await server.register(wechatRoutes, { deps });
    },
    deliver: createDeliverer(deps),
    close() {
      closing ??= (async () => {
        await deps.exchanges.idle();
        store.close();
      })();
      return closing;
    },
  };
}
