/**
 * The WeChat Official Account channel (「冠县在线」): followers ask 冠小梨 and
 * 冠小芝 in the account's chat; staff replies reach them through the
 * customer-service API within the platform's 48-hour window.
 *
 *   const wechat = startWechat({ config, log, ask, desk }); // null when GUANBOT_WECHAT_TOKEN is unset
 *   await startWebServer(webParts, { mount: wechat?.mount }); // GET/POST /wechat
 *   startDeskJobs(app, { deliverers: { wechat: wechat.deliver } });
 *   await wechat.close();
 */
export { startWechat, type WechatHandle, type StartWechatOptions } from './start.ts';
export type { WechatParts } from './deps.ts';
export { WINDOW_MS } from './delivery.ts';
export { TEXT_LIMIT_BYTES } from './reply-text.ts';
