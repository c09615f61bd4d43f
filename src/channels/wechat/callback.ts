/**
 * Reading one POST /wechat: the `signature` checked on every callback; with
 * `encrypt_type=aes` the `msg_signature` checked and the `<Encrypt>` opened
 * (an account without an EncodingAESKey refuses it); a plain callback is read
 * as it is (明文 and 兼容 modes).
 */
import { decryptMessage, sealReply, WechatCryptoError } from './crypto.ts';
import type { WechatAccount } from './deps.ts';
import { callbackSignature, messageSignature, sameSignature } from './signature.ts';
import { BadXmlError, buildEncryptedReply, buildTextReply, parseInbound, parseXmlFields, type InboundMessage } from './xml.ts';

/** The query string the platform adds to the callback URL. */
export interface CallbackQuery {
  signature?: string;
  timestamp?: string;
  nonce?: string;
  openid?: string;
  echostr?: string;
  encrypt_type?: string;
  msg_signature?: string;
}

/** Why a callback is refused (HTTP status and a log reason; nothing is said to the caller). */
export class RefusedCallback extends Error {
  constructor(
    readonly status: 400 | 403,
    reason: string,
  ) {
    super(reason);
  }
}

/** True when `signature` matches the Token (URL verification and every callback). */
export function signedByPlatform(account: WechatAccount, q: CallbackQuery): boolean {
  if (!q.timestamp || !q.nonce) return false;
  return sameSignature(q.signature, callbackSignature(account.token, q.timestamp, q.nonce));
}

/** A verified callback and how to answer it. */
export interface OpenedCallback {
  message: InboundMessage;
  encrypted: boolean;
}

/** Verifies and reads a callback body; throws RefusedCallback. */
export function openCallback(account: WechatAccount, q: CallbackQuery, body: string): OpenedCallback {
  if (!signedByPlatform(account, q)) throw new RefusedCallback(403, 'bad signature');
  try {
    if (q.encrypt_type !== 'aes') return { message: parseInbound(body), encrypted: false };
    if (!account.aesKey) throw new RefusedCallback(400, 'encrypted callback but no EncodingAESKey is configured');
    const encrypted = parseXmlFields(body).Encrypt;
    if (!encrypted) throw new RefusedCallback(400, 'no <Encrypt> in an encrypted callback');
    if (!sameSignature(q.msg_signature, messageSignature(account.token, q.timestamp!, q.nonce!, encrypted))) {
      throw new RefusedCallback(403, 'bad msg_signature');
    }
    return { message: parseInbound(decryptMessage(account.aesKey, account.appId, encrypted)), encrypted: true };
  } catch (err) {
    if (err instanceof BadXmlError || err instanceof WechatCryptoError) throw new RefusedCallback(400, err.message);
    throw err;
  }
}

/** The passive reply body for `text`: plain XML, or sealed in an envelope when the callback was encrypted. */
export function replyBody(account: WechatAccount, opened: OpenedCallback, text: string, now: Date): string {
  const xml = buildTextReply({ to: opened.message.fromUserName, from: opened.message.toUserName, content: text, now });
  if (!opened.encrypted) return xml;
  return buildEncryptedReply(sealReply({ aesKey: account.aesKey!, appId: account.appId, token: account.token, xml, now }));
}

/** The dedupe key of a callback: its MsgId, or sender + time + event for events (which have none). */
export function callbackKey(m: InboundMessage): string {
  return m.msgId ? `msg:${m.msgId}` : `event:${m.fromUserName}:${m.createTime}:${m.event ?? ''}:${m.eventKey ?? ''}`;
}

/** Events that open the 48-hour customer-service window (besides every message a follower sends). */
const WINDOW_EVENTS = new Set(['subscribe', 'CLICK', 'SCAN', 'scancode_push', 'scancode_waitmsg']);

/** Whether this callback lets the account write to the follower for the next 48 hours. */
export function opensWindow(m: InboundMessage): boolean {
  return m.msgType !== 'event' || WINDOW_EVENTS.has(m.event ?? '');
}
