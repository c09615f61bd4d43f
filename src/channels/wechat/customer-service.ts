/**
 * Sends text to a follower through the customer-service message API
 * (`/cgi-bin/message/custom/send`): staff replies, and answers that missed
 * the passive-reply deadline. Long texts go as several messages.
 */
import type { AccessTokens } from './access-token.ts';
import { callPlatform, STALE_TOKEN_CODES, WechatApiError } from './api-error.ts';
import { splitText } from './reply-text.ts';

export interface CustomerService {
  /** Sends `text` to `openid`; throws WechatApiError (or a transport error) when the platform refuses it. */
  sendText(openid: string, text: string): Promise<void>;
}

export function createCustomerService(tokens: AccessTokens, opts: { apiRoot: string; fetch?: typeof fetch; timeoutMs?: number }): CustomerService {
  const fetchFn = opts.fetch ?? fetch;
  const timeoutMs = opts.timeoutMs ?? 10_000;

  async function sendOne(openid: string, content: string): Promise<void> {
    const body = { touser: openid, msgtype: 'text', text: { content } };
    const post = (token: string) =>
      callPlatform(fetchFn, `${opts.apiRoot}/cgi-bin/message/custom/send?access_token=${encodeURIComponent(token)}`, { method: 'POST', body, timeoutMs });
    const token = await tokens.get();
    try {
      await post(token);
    } catch (err) {
      if (!(err instanceof WechatApiError && STALE_TOKEN_CODES.has(err.errcode))) throw err;
      await post(await tokens.refresh(token));
    }
  }

  return {
    async sendText(openid, text) {
      for (const piece of splitText(text)) await sendOne(openid, piece);
    },
  };
}
