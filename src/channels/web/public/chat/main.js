/** The citizen chat: wires the composer, persona choice, answers and lookups together. */
import { byId, el } from '../lib/dom.js';
import { errorText, t } from '../lib/text.js';
import { ask, handoff, sendFeedback } from './api.js';
import { actionBar, botMessage, notice, sourceCards, staffReply, ticketBadge, userMessage, withoutSourceLines } from './render.js';
import { checkReplies, setupLookup } from './lookup.js';
import { history, remember, rememberTicket, saveLargeText, savedLargeText, savePersona, savedPersona, sessionId, updateAnswer } from './session.js';

/** @typedef {import('./api.js').Answer} Answer */
/** @typedef {import('./api.js').Persona} Persona */
/** @typedef {import('./render.js').BotMessage} BotMessage */
/** @typedef {import('./session.js').AnswerState} AnswerState */

const MAX = 500;
const root = document.documentElement;
const log = byId('log', HTMLElement);
const form = byId('composer', HTMLFormElement);
const input = byId('question', HTMLTextAreaElement);
const send = byId('send', HTMLButtonElement);
const counter = byId('question-counter', HTMLElement);
const tooLong = byId('question-error', HTMLElement);
const textSize = byId('text-size', HTMLButtonElement);
const lookup = setupLookup();
const session = sessionId();

if (new URLSearchParams(location.search).has('embed')) root.classList.add('embedded');
// Touch screens: no keyboard hint, and no refocusing the text box (it would pop the on-screen keyboard over the answer).
const touch = matchMedia('(pointer: coarse)').matches;
root.classList.toggle('touch', touch);

/** @param {boolean} on */
function setLargeText(on) {
  root.classList.toggle('large-text', on);
  textSize.setAttribute('aria-pressed', String(on));
}
setLargeText(savedLargeText());
textSize.addEventListener('click', () => {
  const on = textSize.getAttribute('aria-pressed') !== 'true';
  setLargeText(on);
  saveLargeText(on);
  fitInput();
});

/** @returns {Persona} */
function currentPersona() {
  const checked = document.querySelector('input[name="persona"]:checked');
  const value = checked instanceof HTMLInputElement ? checked.value : '';
  return value === 'xiaozhi' || value === 'duo' ? value : 'xiaoli';
}

/**
 * Scrolls the log (never the host page) so that `node` shows: its end, or its start when it is taller than the log.
 * @param {HTMLElement} node
 */
function reveal(node) {
  const top = node.offsetTop;
  const target = node.offsetHeight > log.clientHeight ? top - 8 : top + node.offsetHeight - log.clientHeight + 8;
  log.scrollTo({ top: Math.max(0, target) });
}

/** @param {HTMLElement | null} node */
function append(node) {
  if (!node) return;
  log.append(node);
  reveal(node);
}

/** Counts what is typed; past the limit the text stays in the box and an alert says by how much. */
function updateCounter() {
  const n = [...input.value].length;
  counter.textContent = t('chat.counter', { n, max: MAX });
  counter.classList.toggle('composer__counter--over', n > MAX);
  const message = n > MAX ? t('chat.tooLong', { n, max: MAX }) : '';
  if (tooLong.textContent !== message) tooLong.textContent = message;
  return n;
}

/** Grows the text box with its content, up to the limit set in CSS. */
function fitInput() {
  input.style.height = 'auto';
  input.style.height = `${input.scrollHeight + 3}px`;
}

/** @param {Persona} persona */
function welcome(persona) {
  const key = { xiaoli: 'chat.welcomeXiaoli', xiaozhi: 'chat.welcomeXiaozhi', duo: 'chat.welcomeDuo' }[persona];
  append(botMessage(persona, t(key)).node);
}

/**
 * Same answer, same entry: an answer is known by its turn id (or, unrecorded, by its question).
 * @param {Answer} result
 * @returns {(other: Answer) => boolean}
 */
const sameAnswer = (result) => (other) => other.turnId === result.turnId && other.question === result.question;

/**
 * Adds an answer's sources, ticket and action bar under its message. 转人工 only under real answers (and a
 * refusal that opened no ticket): greetings, thanks and notes are not questions for staff.
 * @param {BotMessage} message
 * @param {Answer} result
 * @param {AnswerState} [state]
 */
function decorate(message, result, state = {}) {
  const extras = el('div', { class: 'msg__extras' });
  const cards = sourceCards(result.citations);
  if (cards) extras.append(cards);
  /** @param {string} ticket */
  const showTicket = (ticket) => {
    rememberTicket(ticket);
    extras.insertBefore(ticketBadge(ticket), bar ?? null);
  };
  const answered = result.kind === 'answer' || result.kind === 'faq';
  const bar = actionBar({
    canRate: answered && result.turnId !== null && result.citations.length > 0,
    canHandoff: !result.ticket && (answered || result.kind === 'unresolved'),
    done: state.done,
    onFeedback: async (helpful) => {
      const r = await sendFeedback(result.turnId, helpful, session);
      // 👎 opens a ticket: the citizen sees its number, as under a refusal.
      if (r.ticket) {
        showTicket(r.ticket);
        updateAnswer(sameAnswer(result), { ticket: r.ticket });
        return t('chat.feedbackTicket', { ticket: r.ticket });
      }
      return helpful ? t('chat.feedbackThanks') : t('chat.feedbackNoted');
    },
    onHandoff: async () => {
      const r = await handoff({ turnId: result.turnId ?? undefined, question: result.question, sessionId: session });
      showTicket(r.ticket);
      updateAnswer(sameAnswer(result), { ticket: r.ticket });
      return t('chat.handoffDone', { ticket: r.ticket });
    },
    onDone: (action, status) => updateAnswer(sameAnswer(result), { done: { action, status } }),
  });
  if (result.ticket) extras.append(ticketBadge(result.ticket));
  if (state.ticket) extras.append(ticketBadge(state.ticket));
  if (bar) extras.append(bar);
  if (extras.childElementCount) message.node.append(extras);
}

/**
 * Shows a finished answer (new or restored).
 * @param {BotMessage} message
 * @param {Answer} result
 * @param {AnswerState} [state]
 */
function showAnswer(message, result, state) {
  message.setText(withoutSourceLines(result.answer, result.citations));
  decorate(message, result, state);
}

/**
 * What a restored answer needs (the passages for the cards, the ids for feedback): the API's answer object.
 * @param {Answer} result
 * @returns {Answer}
 */
function keep(result) {
  const { question, answer, persona, citations, ticket, turnId, kind, generated } = result;
  return { question, answer, persona, citations, ticket, turnId, kind, generated };
}

async function submit() {
  const question = input.value.trim();
  if (!question) {
    input.focus();
    return;
  }
  if (updateCounter() > MAX) {
    // The alert under the box already says so; bring the reader's attention there.
    input.focus();
    return;
  }
  const persona = currentPersona();
  append(userMessage(question));
  remember({ type: 'user', text: question });
  input.value = '';
  updateCounter();
  fitInput();
  send.disabled = true;
  send.textContent = t('chat.sending');
  const message = botMessage(persona, t('chat.thinking', { name: t(`common.${persona === 'duo' ? 'xiaoli' : persona}`) }));
  message.node.setAttribute('aria-busy', 'true');
  append(message.node);
  try {
    const result = await ask(question, {
      sessionId: session,
      persona,
      // Streamed text is a draft until the final answer (after the grounding check) replaces it.
      onDelta: (text) => {
        message.setDraft(text);
        reveal(message.node);
      },
    });
    if (result.ticket) rememberTicket(result.ticket);
    remember({ type: 'answer', persona, result: keep(result), state: {} });
    showAnswer(message, result);
    reveal(message.node);
  } catch (err) {
    message.node.remove();
    append(notice(t('chat.errorPrefix') + errorText(err), 'error'));
  } finally {
    message.node.removeAttribute('aria-busy');
    send.disabled = false;
    send.textContent = t('chat.send');
    if (!touch) input.focus();
  }
}

/** Shows this tab's earlier conversation after a reload, without announcing it again to screen readers. */
function restore() {
  const entries = history();
  if (!entries.length) return;
  log.setAttribute('aria-live', 'off');
  for (const entry of entries) {
    if (entry.type === 'user') append(userMessage(entry.text));
    else if (entry.type === 'staff') append(staffReply(entry.ticket, entry.reply));
    else if (entry.type === 'answer' && entry.result) {
      const message = botMessage(entry.persona, '');
      showAnswer(message, entry.result, entry.state ?? {});
      append(message.node);
    }
  }
  // Re-enable announcements once the restored messages are in.
  requestAnimationFrame(() => log.setAttribute('aria-live', 'polite'));
}

form.addEventListener('submit', (event) => {
  event.preventDefault();
  submit();
});
input.addEventListener('keydown', (event) => {
  if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
    event.preventDefault();
    submit();
  }
});
input.addEventListener('input', () => {
  updateCounter();
  fitInput();
});

const persona = savedPersona();
const radio = document.querySelector(`input[name="persona"][value="${persona}"]`);
if (radio instanceof HTMLInputElement) radio.checked = true;
byId('personas', HTMLFieldSetElement).addEventListener('change', () => savePersona(currentPersona()));

// Esc inside the embedded widget asks the host page to close the panel.
document.addEventListener('keydown', (event) => {
  if (event.key === 'Escape' && root.classList.contains('embedded')) parent.postMessage({ guanbot: 'close' }, '*');
});

updateCounter();
fitInput();
welcome(persona);
restore();
checkReplies((info) => {
  append(staffReply(info.ticket, info.reply));
  remember({ type: 'staff', ticket: info.ticket, reply: info.reply });
  lookup.show(info.ticket);
});
