/**
 * WXBizMsgCrypt for the Official Account's 兼容/安全 modes: AES-256-CBC with
 * the key (and IV) decoded from the 43-character EncodingAESKey, the plaintext
 * framed as random(16) · length(4) · message · AppID. `@wecom/crypto` does the
 * cipher; this checks the AppID the platform puts in every message.
 */
import crypto from 'node:crypto';
import { decrypt, encrypt } from '@wecom/crypto';
import { messageSignature } from './signature.ts';

/** A ciphertext that does not open with the account's key or names another account. */
export class WechatCryptoError extends Error {}

/** Decrypts the `<Encrypt>` of a callback; throws WechatCryptoError unless it is for `appId`. */
export function decryptMessage(aesKey: string, appId: string, encrypted: string): string {
  let opened: { message: string; id: string };
  try {
    opened = decrypt(aesKey, encrypted);
  } catch (err) {
    throw new WechatCryptoError(`cannot decrypt the callback: ${(err as Error).message}`);
  }
  if (opened.id !== appId) throw new WechatCryptoError('the callback is for another AppID');
  return opened.message;
}

/** An encrypted reply: the ciphertext and the signature fields of its envelope. */
export interface SealedReply {
  encrypt: string;
  msgSignature: string;
  timestamp: string;
  nonce: string;
}

/** Encrypts a reply XML for `appId` and signs it with the Token. */
export function sealReply(opts: { aesKey: string; appId: string; token: string; xml: string; now?: Date }): SealedReply {
  const encrypted = encrypt(opts.aesKey, opts.xml, opts.appId);
  const timestamp = String(Math.floor((opts.now ?? new Date()).getTime() / 1000));
  const nonce = String(crypto.randomInt(1e9, 1e10));
  return { encrypt: encrypted, msgSignature: messageSignature(opts.token, timestamp, nonce, encrypted), timestamp, nonce };
}
