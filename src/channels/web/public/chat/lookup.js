/** The ticket lookup box and the "staff replied" notice for tickets issued in this browser. */
import { byId, clear, el, formatTime, one } from '../lib/dom.js';
import { errorText, t } from '../lib/text.js';
import { lookupTicket } from './api.js';
import { markReplySeen, sessionId, tickets } from './session.js';

/** @typedef {import('./api.js').CitizenTicket} CitizenTicket */

/**
 * @param {string} label
 * @param {string} value
 */
function field(label, value) {
  return [el('dt', { text: label }), el('dd', { text: value })];
}

/**
 * Renders a ticket's status, masked question and staff reply.
 * @param {CitizenTicket} info
 */
function renderTicket(info) {
  return el(
    'dl',
    { class: 'lookup__details' },
    field(t('chat.lookupLabel'), info.ticket),
    field(t('chat.lookupStatus'), info.statusText || info.status),
    field(t('chat.lookupCreated'), formatTime(info.createdAt)),
    field(t('chat.lookupQuestion'), info.question),
    field(t('chat.lookupReply'), info.reply || t('chat.lookupNoReply')),
  );
}

/**
 * Wires the lookup box.
 * @returns {{ show: (ticket: string) => void }}
 */
export function setupLookup() {
  const form = byId('lookup-form', HTMLFormElement);
  const input = byId('lookup-ticket', HTMLInputElement);
  const result = byId('lookup-result', HTMLElement);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    // The server reads the ticket with the desk's rules (case, width, spaces).
    const ticket = input.value;
    clear(result).append(el('p', { text: t('common.loading') }));
    try {
      clear(result).append(renderTicket(await lookupTicket(ticket, sessionId())));
    } catch (err) {
      clear(result).append(el('p', { class: 'notice notice--error', role: 'alert', text: errorText(err) }));
    }
  });
  // Esc closes the panel and gives the focus back to its button.
  const details = byId('lookup', HTMLDetailsElement);
  details.addEventListener('keydown', (event) => {
    if (event.key !== 'Escape' || !details.open) return;
    event.stopPropagation();
    details.open = false;
    one('summary', HTMLElement, details).focus();
  });
  return {
    /** Opens the lookup box with this ticket filled in. */
    show(ticket) {
      details.open = true;
      input.value = ticket;
    },
  };
}

/**
 * Checks this browser's open tickets once and reports replies that arrived.
 * @param {(info: CitizenTicket & { reply: string }) => void} onReply
 */
export async function checkReplies(onReply) {
  for (const { ticket, seenReply } of tickets().slice(0, 5)) {
    if (seenReply) continue;
    try {
      const info = await lookupTicket(ticket, sessionId());
      if (info.reply) {
        onReply({ ...info, reply: info.reply });
        markReplySeen(ticket);
      }
    } catch {
      /* unknown or unreachable: try again next visit */
    }
  }
}
