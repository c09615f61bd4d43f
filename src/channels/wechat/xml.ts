/**
 * The platform's XML: callbacks in, passive replies and encrypted envelopes
 * out. Every value is read as a string (a MsgId does not fit a double) and
 * written as CDATA where the platform does.
 */
import { XMLBuilder, XMLParser, XMLValidator } from 'fast-xml-parser';
import type { SealedReply } from './crypto.ts';

/** A callback as the platform sends it (the fields this channel reads). */
export interface InboundMessage {
  /** The account's original id (gh_…). */
  toUserName: string;
  /** The follower's openid. */
  fromUserName: string;
  /** Seconds since the epoch, as sent. */
  createTime: string;
  /** text, image, voice, video, shortvideo, location, link, event, … */
  msgType: string;
  msgId?: string;
  content?: string;
  /** Voice messages: the platform's speech recognition (may be empty). */
  recognition?: string;
  /** Events: subscribe, unsubscribe, CLICK, VIEW, SCAN, … */
  event?: string;
  eventKey?: string;
}

/** A body that is not the XML the platform sends. */
export class BadXmlError extends Error {}

const parser = new XMLParser({ parseTagValue: false, ignoreAttributes: true, processEntities: true });
const builder = new XMLBuilder({ cdataPropName: '__cdata' });

const text = (v: unknown): string | undefined => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined);

/** The `<xml>` element's children as strings; throws BadXmlError for anything else. */
export function parseXmlFields(body: string): Record<string, string | undefined> {
  if (!body.trim() || XMLValidator.validate(body) !== true) throw new BadXmlError('not well-formed XML');
  const root = (parser.parse(body) as { xml?: unknown }).xml;
  if (!root || typeof root !== 'object') throw new BadXmlError('no <xml> root element');
  return Object.fromEntries(Object.entries(root as Record<string, unknown>).map(([k, v]) => [k, text(v)]));
}

/** Reads a (decrypted) callback; throws BadXmlError when the sender or type is missing. */
export function parseInbound(body: string): InboundMessage {
  const f = parseXmlFields(body);
  if (!f.FromUserName || !f.ToUserName || !f.MsgType) throw new BadXmlError('FromUserName, ToUserName or MsgType missing');
  return {
    toUserName: f.ToUserName,
    fromUserName: f.FromUserName,
    createTime: f.CreateTime ?? '',
    msgType: f.MsgType,
    msgId: f.MsgId || undefined,
    content: f.Content,
    recognition: f.Recognition,
    event: f.Event,
    eventKey: f.EventKey,
  };
}

/** A passive text reply to `to` from the account `from`. */
export function buildTextReply(opts: { to: string; from: string; content: string; now?: Date }): string {
  return builder.build({
    xml: {
      ToUserName: { __cdata: opts.to },
      FromUserName: { __cdata: opts.from },
      CreateTime: Math.floor((opts.now ?? new Date()).getTime() / 1000),
      MsgType: { __cdata: 'text' },
      Content: { __cdata: opts.content },
    },
  });
}

/** The envelope of an encrypted reply. */
export function buildEncryptedReply(sealed: SealedReply): string {
  return builder.build({
    xml: {
      Encrypt: { __cdata: sealed.encrypt },
      MsgSignature: { __cdata: sealed.msgSignature },
      TimeStamp: sealed.timestamp,
      Nonce: { __cdata: sealed.nonce },
    },
  });
}
