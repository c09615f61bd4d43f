/** The citizen API: ask (streamed over SSE), feedback, hand-off, ticket lookup. */
import { fetchOk, HttpError, requestJson } from '../lib/http.js';
import { t } from '../lib/text.js';

/** @typedef {'xiaoli' | 'xiaozhi' | 'duo'} Persona */

/**
 * A passage an answer cites, as `api/ask` sends it (citizen/citation-view.ts).
 * @typedef {object} Citation
 * @property {string} docId
 * @property {string} title
 * @property {string} section
 * @property {string} text
 * @property {string} [url]
 * @property {string} [published]
 * @property {string} sourceLine the source line every channel prints
 * @property {string} [sourceDate] the date of the facts, when the line does not give it
 */

/**
 * The final answer of `api/ask` (answer/public-json.ts plus the citation view).
 * @typedef {object} Answer
 * @property {string} question
 * @property {string} answer
 * @property {Persona} persona
 * @property {Citation[]} citations
 * @property {string | null} [ticket] the ticket opened for an unanswered question
 * @property {number | null} turnId
 * @property {string} kind answer, faq, unresolved, smalltalk, …
 * @property {boolean} [generated]
 */

/**
 * A ticket as the citizen may see it (`api/tickets/lookup`): masked question, status, the reply once there is one.
 * @typedef {object} CitizenTicket
 * @property {string} ticket
 * @property {string} status
 * @property {string} [statusText]
 * @property {string} createdAt
 * @property {string} question
 * @property {string | null} [reply]
 */

/**
 * Parses one SSE block (`event:` and `data:` lines).
 * @param {string} block
 * @returns {{ event: string; data: { text?: string; error?: string } & Partial<Answer> | null }}
 */
function parseEvent(block) {
  let event = 'message';
  const data = [];
  for (const line of block.split('\n')) {
    if (line.startsWith('event:')) event = line.slice(6).trim();
    else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
  }
  return { event, data: data.length ? JSON.parse(data.join('\n')) : null };
}

/**
 * Asks over `api/ask/stream`; `onDelta(textSoFar)` fires while a generated
 * answer is being written; resolves with the final answer object.
 * @param {string} question
 * @param {{ sessionId: string; persona: Persona; onDelta?: (text: string) => void }} options
 * @returns {Promise<Answer>}
 */
export async function ask(question, { sessionId, persona, onDelta }) {
  const response = await fetchOk('api/ask/stream', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
    body: JSON.stringify({ question, sessionId, persona }),
  });
  if (!response.body) throw new HttpError(response.status, t('common.networkError'));
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += value.replace(/\r\n?/g, '\n');
    for (let cut = buffer.indexOf('\n\n'); cut >= 0; cut = buffer.indexOf('\n\n')) {
      const { event, data } = parseEvent(buffer.slice(0, cut));
      buffer = buffer.slice(cut + 2);
      if (event === 'delta' && data) onDelta?.(data.text ?? '');
      else if (event === 'final' && data) return /** @type {Answer} */ (data);
      else if (event === 'error') throw new HttpError(500, data?.error || t('common.networkError'), data ?? undefined);
    }
  }
  throw new HttpError(0, t('common.networkError'));
}

/**
 * 👍/👎 on a turn; a 👎 may open a ticket.
 * @param {number | null} turnId
 * @param {boolean} helpful
 * @param {string} sessionId
 * @returns {Promise<{ ok: boolean; ticket: string | null; message: string }>}
 */
export const sendFeedback = async (turnId, helpful, sessionId) =>
  /** @type {{ ok: boolean; ticket: string | null; message: string }} */ (await requestJson('api/feedback', { method: 'POST', body: { turnId, helpful, sessionId } }));

/**
 * 转人工: opens a ticket for a turn (or a question).
 * @param {{ turnId?: number; question?: string; sessionId: string }} body
 * @returns {Promise<{ ticket: string; message: string }>}
 */
export const handoff = async (body) => /** @type {{ ticket: string; message: string }} */ (await requestJson('api/handoff', { method: 'POST', body }));

/**
 * Only tickets issued to this browser's session can be looked up (others answer "not found").
 * @param {string} ticket
 * @param {string} sessionId
 * @returns {Promise<CitizenTicket>}
 */
export const lookupTicket = async (ticket, sessionId) => /** @type {CitizenTicket} */ (await requestJson('api/tickets/lookup', { method: 'POST', body: { ticket, sessionId } }));
