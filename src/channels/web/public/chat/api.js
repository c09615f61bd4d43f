/** The citizen API: ask (streamed over SSE), feedback, hand-off, ticket lookup. */
import { fetchOk, HttpError, requestJson } from '../lib/http.js';
import { t } from '../lib/text.js';

/** Parses one SSE block (`event:` and `data:` lines). */
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
      if (event === 'delta' && data) onDelta?.(data.text);
      else if (event === 'final') return data;
      else if (event === 'error') throw new HttpError(500, data?.error || t('common.networkError'), data);
    }
  }
  throw new HttpError(0, t('common.networkError'));
}

export const sendFeedback = (turnId, helpful, sessionId) => requestJson('api/feedback', { method: 'POST', body: { turnId, helpful, sessionId } });

export const handoff = (body) => requestJson('api/handoff', { method: 'POST', body });

/** Only tickets issued to this browser's session can be looked up (others answer "not found"). */
export const lookupTicket = (ticket, sessionId) => requestJson('api/tickets/lookup', { method: 'POST', body: { ticket, sessionId } });
