/**
 * What the WeChat channel takes from the application (WechatParts: the ports
 * it uses) and what its parts share, built once in startWechat: those parts,
 * the texts, the account settings, the channel's store, the in-flight
 * answers, the customer-service sender and the clock.
 */
import type { Logger } from 'pino';
import type { CitizenAsk, CitizenDesk } from '../../app/index.ts';
import type { Config } from '../../config.ts';
import type { CustomerService } from './customer-service.ts';
import type { Exchanges } from './exchanges.ts';
import type { FollowerRateLimit } from './rate-limit.ts';
import type { WechatStore } from './store.ts';
import type { WechatTexts } from './texts.ts';

/** The account as configured (config.wechat with the channel on). */
export interface WechatAccount {
  token: string;
  appId: string;
  aesKey?: string;
  /** The web chat page a cut answer links to; undefined: https://<the callback's host>/. */
  webUrl?: string;
}

/** The settings the channel reads. */
export type WechatConfig = Pick<Config, 'wechat' | 'promptsDir' | 'dbPath' | 'timezone'>;

/** The application parts the WeChat channel uses. */
export interface WechatParts {
  config: WechatConfig;
  log: Logger;
  ask: CitizenAsk;
  /** A follower looks up their own tickets by number. */
  desk: Pick<CitizenDesk, 'citizenTicket'>;
}

export interface WechatDeps {
  config: WechatConfig;
  ask: CitizenAsk;
  desk: WechatParts['desk'];
  /** The channel's logger (a child of the app's). */
  log: Logger;
  t: WechatTexts;
  account: WechatAccount;
  /** CLICK EventKey → question. */
  menu: Map<string, string>;
  store: WechatStore;
  exchanges: Exchanges;
  /** Questions per follower per time window. */
  rateLimit: FollowerRateLimit;
  customerService: CustomerService;
  /** How long a callback waits for its answer before it is acknowledged and answered later (platform: 5 s). */
  answerDeadlineMs: number;
  now: () => Date;
}
