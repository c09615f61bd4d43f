/**
 * Delivers staff replies to followers through the customer-service API, within
 * the platform's 48-hour window: the account may write to a follower only
 * within 48 hours of their last message. A reply after that is not sent; the
 * desk gives the delivery up at once and shows staff why (in Chinese).
 */
import type { Deliverer } from '../../desk/types.ts';
import { UndeliverableError } from '../../desk/index.ts';
import { IP_NOT_ALLOWED_CODE, OUT_OF_WINDOW_CODE, STALE_TOKEN_CODES, WechatApiError } from './api-error.ts';
import type { WechatDeps } from './deps.ts';
import { localDateTime } from '../../time/index.ts';

/** The platform's customer-service window after a follower's last message. */
export const WINDOW_MS = 48 * 3600_000;

/** A platform refusal in words staff can act on. */
export function describeApiError(deps: Pick<WechatDeps, 't'>, err: WechatApiError): string {
  const hint = err.errcode === IP_NOT_ALLOWED_CODE ? 'ipHint' : STALE_TOKEN_CODES.has(err.errcode) || err.errcode === 40125 || err.errcode === 40013 ? 'credentialHint' : null;
  const text = deps.t('delivery.apiError', { errcode: err.errcode, errmsg: err.errmsg });
  return hint ? `${text}${deps.t(`delivery.${hint}`)}` : text;
}

/** The Deliverer for channel `wechat`: `delivery.channelUserId` is the follower's openid. */
export function createDeliverer(deps: WechatDeps): Deliverer {
  return async (delivery) => {
    const openid = delivery.channelUserId;
    const last = deps.store.lastMessageAt(openid);
    if (last && deps.now().getTime() - last.getTime() > WINDOW_MS) {
      throw new UndeliverableError(deps.t('delivery.windowExpired', { last: localDateTime(last.toISOString(), deps.config.timezone) }));
    }
    try {
      await deps.customerService.sendText(openid, delivery.text);
    } catch (err) {
      if (err instanceof WechatApiError && err.errcode === OUT_OF_WINDOW_CODE) throw new UndeliverableError(deps.t('delivery.windowRefused'));
      if (err instanceof WechatApiError) throw new Error(describeApiError(deps, err));
      throw err;
    }
    deps.log.info({ ticket: delivery.ticket, attempts: delivery.attempts }, 'wechat: staff reply delivered');
  };
}
