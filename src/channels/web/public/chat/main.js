/** The citizen chat: wires the composer, persona choice, answers and lookups together. */
import { el } from '../lib/dom.js';
import { t } from '../lib/text.js';
import { ask, handoff, sendFeedback } from './api.js';
import { actionBar, botMessage, notice, sourceCards, staffReply, ticketBadge, userMessage } from './render.js';
import { checkReplies, setupLookup } from './lookup.js';
import { rememberTicket, savePersona, savedPersona, sessionId } from './session.js';

const MAX = 500;
const log = document.getElementById('log');
const form = document.getElementById('composer');
const input = document.getElementById('question');
const send = document.getElementById('send');
const counter = document.getElementById('question-counter');
const lookup = setupLookup();
const session = sessionId();

if (new URLSearchParams(location.search).has('embed')) document.documentElement.classList.add('embedded');

function currentPersona() {
  return document.querySelector('input[name="persona"]:checked')?.value ?? 'xiaoli';
}

/** Scrolls the log (never the host page) so that `node` shows: its end, or its start when it is taller than the log. */
function reveal(node) {
  const top = node.offsetTop;
  const target = node.offsetHeight > log.clientHeight ? top - 8 : top + node.offsetHeight - log.clientHeight + 8;
  log.scrollTo({ top: Math.max(0, target) });
}

function append(node) {
  if (!node) return;
  log.append(node);
  reveal(node);
}

function updateCounter() {
  const n = [...input.value].length;
  counter.textContent = t('chat.counter', { n, max: MAX });
  counter.classList.toggle('composer__counter--over', n > MAX);
}

function welcome(persona) {
  const key = { xiaoli: 'chat.welcomeXiaoli', xiaozhi: 'chat.welcomeXiaozhi', duo: 'chat.welcomeDuo' }[persona];
  append(botMessage(persona, t(key)).node);
}

/** Adds an answer's sources, ticket and action bar under its message. */
function decorate(message, result) {
  const extras = el('div', { class: 'msg__extras' });
  const cards = sourceCards(result.citations);
  if (cards) extras.append(cards);
  if (result.messageId) {
    rememberTicket(result.messageId);
    extras.append(ticketBadge(result.messageId));
  }
  const bar = actionBar({
    canRate: result.turnId !== null && result.citations.length > 0,
    canHandoff: !result.messageId,
    onFeedback: async (helpful) => {
      const r = await sendFeedback(result.turnId, helpful, session);
      if (r.ticket) rememberTicket(r.ticket);
      return helpful ? t('chat.feedbackThanks') : t('chat.feedbackNoted');
    },
    onHandoff: async () => {
      const r = await handoff({ turnId: result.turnId ?? undefined, question: result.question, sessionId: session });
      rememberTicket(r.ticket);
      extras.append(ticketBadge(r.ticket));
      return t('chat.handoffDone', { ticket: r.ticket });
    },
  });
  if (bar) extras.append(bar);
  message.node.append(extras);
}

async function submit() {
  const question = input.value.trim();
  if (!question) {
    input.focus();
    return;
  }
  if ([...question].length > MAX) return;
  const persona = currentPersona();
  append(userMessage(question));
  input.value = '';
  updateCounter();
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
    message.setText(result.answer);
    decorate(message, result);
    reveal(message.node);
  } catch (err) {
    message.node.remove();
    append(notice(t('chat.errorPrefix') + err.message, 'error'));
  } finally {
    message.node.removeAttribute('aria-busy');
    send.disabled = false;
    send.textContent = t('chat.send');
    input.focus();
  }
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
input.addEventListener('input', updateCounter);

const persona = savedPersona();
const radio = document.querySelector(`input[name="persona"][value="${persona}"]`);
if (radio) radio.checked = true;
document.getElementById('personas').addEventListener('change', () => savePersona(currentPersona()));

// Esc inside the embedded widget asks the host page to close the panel.
document.addEventListener('keydown', (event) => {
  if (event.key === 'Escape' && document.documentElement.classList.contains('embedded')) parent.postMessage({ guanbot: 'close' }, '*');
});

updateCounter();
welcome(persona);
checkReplies((info) => {
  append(staffReply(info.ticket, info.reply));
  lookup.show(info.ticket);
});
