/**
 * Builds the chat messages: the citizen's question, the characters' answers
 * (the two-character dialogue split into speakers), source cards that open
 * the quoted passage, the ticket badge, and the feedback / 转人工 bar.
 * Everything is inserted as text.
 */
import { el, safeUrl } from '../lib/dom.js';
import { errorText, t } from '../lib/text.js';

/** @typedef {import('./api.js').Citation} Citation */
/** @typedef {import('./api.js').Persona} Persona */
/** @typedef {'xiaoli' | 'xiaozhi'} Speaker */
/** A character's message: its node, and the setters for final and streamed (draft) text. */
/** @typedef {{ node: HTMLElement; setText: (value: string) => void; setDraft: (value: string) => void }} BotMessage */

/** @type {Record<Speaker, string>} */
const AVATARS = { xiaoli: 'assets/avatars/xiaoli.svg', xiaozhi: 'assets/avatars/xiaozhi.svg' };
/** A 留言编号 as the desk issues it (GX20241128-0007). */
const TICKET = /GX\d{8}-\d{4,}/g;

/**
 * Text as nodes, each ticket number in a span that never breaks across lines.
 * @param {string} text
 * @returns {(string | HTMLElement)[]}
 */
export function withTickets(text) {
  /** @type {(string | HTMLElement)[]} */
  const parts = [];
  let last = 0;
  for (const m of String(text).matchAll(TICKET)) {
    if (m.index > last) parts.push(text.slice(last, m.index));
    parts.push(el('span', { class: 'nowrap', text: m[0] }));
    last = m.index + m[0].length;
  }
  if (last < text.length) parts.push(text.slice(last));
  return parts;
}

/**
 * The answer without the lines that repeat a citation's source line: the
 * source cards under the message show it once.
 * @param {string} answer
 * @param {Citation[] | undefined} citations
 * @returns {string}
 */
export function withoutSourceLines(answer, citations) {
  const lines = (citations ?? []).map((c) => c.sourceLine).filter(Boolean);
  if (!lines.length) return answer;
  return answer
    .split('\n')
    .filter((line) => !lines.some((source) => line.includes(source)))
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** @param {Speaker} speaker */
function avatar(speaker) {
  return el('img', { class: 'msg__avatar', src: AVATARS[speaker], alt: '', width: 40, height: 40 });
}

/**
 * Splits a two-character answer into `{speaker, text}` turns by the 冠小梨：/冠小芝： prefixes.
 * @param {string} text
 * @param {Persona} persona
 * @returns {{ speaker: Speaker; text: string }[]}
 */
export function splitSpeakers(text, persona) {
  if (persona !== 'duo') return [{ speaker: persona, text }];
  /** @type {Record<string, Speaker>} */
  const names = { [t('common.xiaoli')]: 'xiaoli', [t('common.xiaozhi')]: 'xiaozhi' };
  /** @type {{ speaker: Speaker; text: string }[]} */
  const turns = [];
  for (const line of text.split('\n')) {
    const m = line.match(/^(\S{3})[：:]\s?(.*)$/);
    const speaker = m ? names[m[1] ?? ''] : undefined;
    const last = turns[turns.length - 1];
    if (m && speaker) turns.push({ speaker, text: m[2] ?? '' });
    else if (last) last.text += `\n${line}`;
    else turns.push({ speaker: 'xiaoli', text: line });
  }
  return turns.map((x) => ({ ...x, text: x.text.trim() })).filter((x) => x.text);
}

/**
 * The citizen's own message.
 * @param {string} text
 */
export function userMessage(text) {
  return el('article', { class: 'msg msg--user', 'aria-label': t('chat.you') }, el('div', { class: 'bubble bubble--user', text }));
}

/**
 * A character's message. `setDraft` shows streamed model text marked as a
 * draft (class, aria-busy and a note): it has not passed the grounding check
 * yet. `setText` shows final text and ends the draft.
 * @param {Persona} persona
 * @param {string} text
 * @returns {BotMessage}
 */
export function botMessage(persona, text) {
  const speeches = el('div', { class: 'msg__speeches' });
  const draftNote = el('p', { class: 'msg__draft-note', text: t('chat.draftNote') });
  const node = el('article', { class: 'msg msg--bot', 'aria-label': t(`common.${persona}`) }, speeches);
  /** @param {string} value */
  const render = (value) => {
    speeches.replaceChildren(
      ...splitSpeakers(value, persona).map(({ speaker, text: said }) =>
        el('div', { class: 'speech' }, avatar(speaker), el('div', { class: 'speech__body' }, el('p', { class: 'speech__name', text: t(`common.${speaker}`) }), el('div', { class: 'bubble' }, withTickets(said)))),
      ),
    );
  };
  /** @param {string} value */
  const setDraft = (value) => {
    node.classList.add('msg--draft');
    node.setAttribute('aria-busy', 'true');
    if (!draftNote.isConnected) node.prepend(draftNote);
    render(value);
  };
  /** @param {string} value */
  const setText = (value) => {
    node.classList.remove('msg--draft');
    draftNote.remove();
    render(value);
  };
  render(text);
  return { node, setText, setDraft };
}

/**
 * Source cards: the source line every channel prints (title › section, and
 * for an interpretation the document it rests on), the date of the facts, and
 * the passage on opening.
 * @param {Citation[] | undefined} citations
 * @returns {HTMLElement | null}
 */
export function sourceCards(citations) {
  if (!citations?.length) return null;
  return el(
    'section',
    { class: 'sources', 'aria-label': t('chat.sourcesTitle') },
    el('h3', { class: 'sources__title', text: t('chat.sourcesTitle') }),
    citations.map((c, i) => {
      const href = c.url ? safeUrl(c.url) : null;
      const heading = c.section && c.section !== c.title ? `${c.title} › ${c.section}` : c.title;
      // The rest of the source line: the basis an interpretation rests on, or the document's own date.
      const line = c.sourceLine || heading;
      const basis = line.startsWith(heading) ? line.slice(heading.length).replace(/^[；;]\s*/, '') : line;
      // A line with its own date (the document's) needs no second one.
      const date = c.sourceDate && !line.includes(c.sourceDate) ? t('chat.sourceDate', { date: c.sourceDate }) : null;
      return el(
        'details',
        { class: 'source' },
        el(
          'summary',
          { class: 'source__summary' },
          el('span', { class: 'source__index', text: `[${i + 1}]` }),
          el('span', { class: 'source__title', text: heading }),
          basis || date ? el('span', { class: 'source__basis' }, basis, basis && date ? ' · ' : '', date ? el('span', { class: 'source__date', text: date }) : null) : null,
        ),
        el('blockquote', { class: 'source__text', text: c.text }),
        href ? el('a', { class: 'source__link', href, target: '_blank', rel: 'noopener noreferrer', text: t('chat.sourceLink') }) : null,
      );
    }),
  );
}

/**
 * The 留言编号 badge with a copy button.
 * @param {string} ticket
 */
export function ticketBadge(ticket) {
  const copy = el('button', { type: 'button', class: 'btn btn--small', text: t('common.copy') });
  copy.addEventListener('click', async () => {
    try {
      await navigator.clipboard.writeText(ticket);
      copy.textContent = t('common.copied');
    } catch {
      /* clipboard blocked: the number is on screen */
    }
  });
  return el(
    'div',
    { class: 'ticket', role: 'note' },
    el('p', { class: 'ticket__line' }, el('span', { text: `${t('chat.ticketLabel')} ` }), el('strong', { class: 'ticket__number', text: ticket }), ' ', copy),
    el('p', { class: 'ticket__hint', text: t('chat.ticketHint') }),
  );
}

/**
 * 👍/👎 and 转人工 under an answer. `onFeedback(helpful)` and `onHandoff()`
 * return the status text to show; `onDone(action, status)` records what was
 * done, and `done` (`{action, status}`) shows a bar already used (after a reload).
 * @param {object} o
 * @param {boolean} o.canRate
 * @param {boolean} o.canHandoff
 * @param {{ action: string; status: string }} [o.done]
 * @param {(helpful: boolean) => Promise<string>} o.onFeedback
 * @param {() => Promise<string>} o.onHandoff
 * @param {(action: string, status: string) => void} [o.onDone]
 * @returns {HTMLElement | null}
 */
export function actionBar({ canRate, canHandoff, done, onFeedback, onHandoff, onDone }) {
  const status = el('span', { class: 'actions__status', role: 'status' });
  /** @type {Record<string, HTMLButtonElement>} */
  const buttons = {};
  const all = () => Object.values(buttons);
  /**
   * @param {string} action
   * @param {string} text
   */
  const finish = (action, text) => {
    for (const b of all()) b.disabled = true;
    buttons[action]?.setAttribute('aria-pressed', 'true');
    status.replaceChildren(...withTickets(text));
  };
  /**
   * @param {string} action
   * @param {() => Promise<string>} fn
   */
  const run = async (action, fn) => {
    for (const b of all()) b.disabled = true;
    try {
      const text = await fn();
      finish(action, text);
      onDone?.(action, text);
    } catch (err) {
      status.textContent = t('chat.errorPrefix') + errorText(err);
      for (const b of all()) b.disabled = false;
    }
  };
  if (canRate) {
    buttons.up = el('button', { type: 'button', class: 'btn btn--small', 'aria-pressed': 'false', 'aria-label': t('chat.helpful') }, el('span', { 'aria-hidden': 'true', text: '👍 ' }), t('chat.helpful'));
    buttons.down = el('button', { type: 'button', class: 'btn btn--small', 'aria-pressed': 'false', 'aria-label': t('chat.notHelpful') }, el('span', { 'aria-hidden': 'true', text: '👎 ' }), t('chat.notHelpful'));
    buttons.up.addEventListener('click', () => run('up', () => onFeedback(true)));
    buttons.down.addEventListener('click', () => run('down', () => onFeedback(false)));
  }
  if (canHandoff) {
    buttons.handoff = el('button', { type: 'button', class: 'btn btn--small btn--ghost', text: t('chat.handoff') });
    buttons.handoff.addEventListener('click', () => run('handoff', onHandoff));
  }
  if (!all().length) return null;
  const bar = el('div', { class: 'actions' }, all(), status);
  if (done) finish(done.action, done.status);
  return bar;
}

/**
 * A short system line (errors, notices).
 * @param {string} text
 * @param {'info' | 'error'} [kind]
 */
export function notice(text, kind = 'info') {
  return el('p', { class: `notice notice--${kind}`, role: kind === 'error' ? 'alert' : 'status', text });
}

/**
 * A staff reply to one of this browser's tickets.
 * @param {string} ticket
 * @param {string} reply
 */
export function staffReply(ticket, reply) {
  return el(
    'article',
    { class: 'msg msg--staff', 'aria-label': t('chat.staffName') },
    el('p', { class: 'speech__name', text: t('chat.staffName') }),
    el('div', { class: 'bubble bubble--staff' }, el('p', { class: 'bubble__lead' }, withTickets(t('chat.replyArrived', { ticket }))), el('p', { text: reply })),
  );
}
