/**
 * The account's message server on the web server: `GET /wechat` answers the
 * platform's URL verification, `POST /wechat` every callback. A callback that
 * is not signed with the Token gets a 4xx and nothing else; a retried one is
 * never asked twice (see exchanges.ts for the 5-second deadline).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { callbackKey, openCallback, opensWindow, RefusedCallback, replyBody, signedByPlatform, type CallbackQuery } from './callback.ts';
import type { WechatDeps } from './deps.ts';
import { respond } from './respond.ts';

/** The callback path (the 服务器地址(URL) is https://<domain>/wechat). */
export const WECHAT_PATH = '/wechat';

/** Messages that make the bot look something up (and count against the follower's rate limit). */
function asksQuestion(m: { msgType: string; event?: string }): boolean {
  return m.msgType === 'text' || m.msgType === 'voice' || (m.msgType === 'event' && m.event === 'CLICK');
}

/** The web chat page for the rest of a cut answer: the configured one, or the site the platform called. */
function webUrlFor(deps: WechatDeps, request: FastifyRequest): string {
  return deps.account.webUrl ?? `https://${request.host}/`;
}

/** Registers the routes (fastify plugin; XML bodies are read as text in its scope only). */
export async function wechatRoutes(server: FastifyInstance, opts: { deps: WechatDeps }): Promise<void> {
  const { deps } = opts;
  const log = deps.log;
  server.addContentTypeParser(['text/xml', 'application/xml', 'text/plain'], { parseAs: 'string', bodyLimit: 64 * 1024 }, (_req, body, done) =>
    done(null, body),
  );

  server.get(WECHAT_PATH, async (request, reply) => {
    const q = request.query as CallbackQuery;
    if (!signedByPlatform(deps.account, q) || typeof q.echostr !== 'string') {
      log.warn({ ip: request.ip }, 'wechat: URL verification with a wrong signature refused');
      return reply.code(403).send();
    }
    return reply.type('text/plain; charset=utf-8').send(q.echostr);
  });

  server.post(WECHAT_PATH, async (request, reply) => {
    const q = request.query as CallbackQuery;
    let opened: ReturnType<typeof openCallback>;
    try {
      opened = openCallback(deps.account, q, typeof request.body === 'string' ? request.body : '');
    } catch (err) {
      if (!(err instanceof RefusedCallback)) throw err;
      log.warn({ ip: request.ip, reason: err.message }, 'wechat: callback refused');
      return reply.code(err.status).send();
    }
    const { message } = opened;
    const now = deps.now();
    if (opensWindow(message)) deps.store.touch(message.fromUserName, now);
    const key = callbackKey(message);
    const webUrl = webUrlFor(deps, request);
    if (deps.store.claim(key, now)) {
      const decision = asksQuestion(message) ? deps.rateLimit.check(message.fromUserName, now) : 'allow';
      if (decision !== 'allow') log.info({ decision }, 'wechat: follower over the rate limit');
      const answer = decision === 'allow' ? () => respond(deps, message, webUrl) : async () => (decision === 'notice' ? deps.t('rateLimited') : null);
      deps.exchanges.start(key, message.fromUserName, answer);
    } else log.info({ key }, 'wechat: retried callback, not asked again');

    const text = await deps.exchanges.passiveReply(key, deps.answerDeadlineMs);
    if (!text) return reply.type('text/plain; charset=utf-8').send('success');
    return reply.type('application/xml; charset=utf-8').send(replyBody(deps.account, opened, text, deps.now()));
  });
}
