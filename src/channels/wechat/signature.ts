/**
 * The platform's callback signatures: `signature` is the SHA-1 of the sorted
 * Token, timestamp and nonce; in AES mode `msg_signature` also covers the
 * ciphertext. Compared in constant time.
 */
import crypto from 'node:crypto';
import { getSignature } from '@wecom/crypto';

/** SHA-1 hex of the sorted, concatenated parts (the scheme both signatures use). */
export function sha1Signature(...parts: string[]): string {
  return crypto.createHash('sha1').update([...parts].sort().join('')).digest('hex');
}

/** `signature` of a callback or URL verification. */
export function callbackSignature(token: string, timestamp: string, nonce: string): string {
  return sha1Signature(token, timestamp, nonce);
}

/** `msg_signature` of an encrypted callback or reply (WXBizMsgCrypt). */
export function messageSignature(token: string, timestamp: string, nonce: string, encrypted: string): string {
  return getSignature(token, timestamp, nonce, encrypted);
}

/** Constant-time comparison of a received hex signature with the expected one. */
export function sameSignature(received: unknown, expected: string): boolean {
  if (typeof received !== 'string' || received.length !== expected.length) return false;
  return crypto.timingSafeEqual(Buffer.from(received.toLowerCase()), Buffer.from(expected));
}
