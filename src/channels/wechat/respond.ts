/**
 * What the account says to one callback: a text or a voice message is asked
 * (voice through the platform's own recognition), a message that is just a
 * ticket number shows that ticket (the follower's own only), a menu click
 * asks its common question, a new follower is welcomed, anything else gets a
 * friendly note or nothing. Returns the reply text, or null to say nothing (`success`).
 */
import type { AnswerResult } from '../../answer/types.ts';
import { DEFAULT_PERSONA } from '../../constants.ts';
import type { WechatDeps } from './deps.ts';
import type { InboundMessage } from './xml.ts';
import { answerText, fitText } from './reply-text.ts';
import { deskMessages, normalizeTicket, renderTicketForCitizen } from '../../desk/index.ts';

/** The reply text of an answer, fitted into one passive message (see reply-text.ts). */
export function formatAnswer(deps: WechatDeps, result: AnswerResult, webUrl: string): string {
  const { text, keep } = answerText(result, deps.t, deps.config.promptsDir);
  return fitText(text, { moreNote: deps.t('answer.more', { url: webUrl }), keep });
}

/** The follower's own ticket, or the same "not found" for an unknown and someone else's (tickets are sequential). */
function lookUpTicket(deps: WechatDeps, ticket: string, openid: string): string {
  const item = deps.desk.citizenTicket(ticket, 'wechat', openid);
  if (!item) return deps.t('ticketNotFound', { ticket });
  return renderTicketForCitizen({ t: deskMessages(deps.config), timeZone: deps.config.timezone }, item);
}

async function ask(deps: WechatDeps, msg: InboundMessage, question: string, webUrl: string): Promise<string> {
  // The follower's openid is also the conversation: a follow-up (「那政协提案呢？」) leans on their previous question.
  const result = await deps.ask(question, { channel: 'wechat', channelUserId: msg.fromUserName, conversationId: msg.fromUserName, persona: DEFAULT_PERSONA });
  return formatAnswer(deps, result, webUrl);
}

/**
 * Answers one verified, parsed callback. Never throws: a failure is logged and the follower gets an apology.
 * @param webUrl the web chat page for the rest of a cut answer
 */
export async function respond(deps: WechatDeps, msg: InboundMessage, webUrl: string): Promise<string | null> {
  try {
    switch (msg.msgType) {
      case 'text': {
        const question = (msg.content ?? '').trim();
        if (!question) return deps.t('emptyText');
        const ticket = normalizeTicket(question);
        return ticket ? lookUpTicket(deps, ticket, msg.fromUserName) : await ask(deps, msg, question, webUrl);
      }
      case 'voice': {
        const heard = (msg.recognition ?? '').trim();
        return heard ? await ask(deps, msg, heard, webUrl) : deps.t('voiceUnrecognized');
      }
      case 'event':
        return await respondToEvent(deps, msg, webUrl);
      default:
        // Pictures, stickers (sent as images), video, locations, links, files: one note for all of them.
        return deps.t('nonText');
    }
  } catch (err) {
    deps.log.error({ err, msgType: msg.msgType }, 'wechat: answering failed');
    return deps.t('error');
  }
}

async function respondToEvent(deps: WechatDeps, msg: InboundMessage, webUrl: string): Promise<string | null> {
  switch (msg.event) {
    case 'subscribe':
      return deps.t('welcome');
    case 'CLICK': {
      const question = deps.menu.get(msg.eventKey ?? '');
      return question ? ask(deps, msg, question, webUrl) : null;
    }
    default:
      return null;
  }
}
