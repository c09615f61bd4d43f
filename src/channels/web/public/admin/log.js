/**
 * The conversation log panel (对话记录): every turn with filters and paging,
 * one turn in full with the passages it cited, and 修正 — staff's answer for a
 * turn, previewed (personal numbers removed) and published as a 问答 entry.
 */
import { byId, clear, el, formatTime, one } from '../lib/dom.js';
import { t } from '../lib/text.js';
import { api } from './api.js';
import { guarded } from './errors.js';
import { faqDraftEditor, step } from './faq-draft.js';

/** @typedef {import('./faq-draft.js').FaqDraft} FaqDraft */
/** @typedef {{ title: string; section?: string; text?: string }} CitedPassage */
/**
 * One turn of the conversation log (desk getTurn / listTurns).
 * @typedef {object} Turn
 * @property {number} turnId
 * @property {string} createdAt
 * @property {string} channel
 * @property {string} handle
 * @property {string} kind
 * @property {string} question
 * @property {string} answer
 * @property {number | null} confidence
 * @property {number | null} threshold
 * @property {'up' | 'down' | null} feedback
 * @property {string | null} ticket
 * @property {CitedPassage[]} citations
 * @property {{ actor: string; at: string; faqId: string } | null} [correction]
 */
/**
 * `admin/api/turns`: one page of turns and the filter choices (admin/log-routes.ts).
 * @typedef {{ turns: Turn[]; total: number; limit: number; page: number; kinds: string[]; channels: string[]; channelNames?: Record<string, string> }} TurnPage
 */

/** @type {Record<string, string>} */
const FEEDBACK = { up: '👍', down: '👎' };

/**
 * @param {HTMLSelectElement} select
 * @param {string[]} values
 * @param {(value: string) => string} label
 */
function fillOptions(select, values, label) {
  clear(select).append(el('option', { value: '', text: t('admin.log.all') }));
  for (const v of values) select.append(el('option', { value: v, text: label(v) }));
}

/** @param {string} kind */
const kindLabel = (kind) => t(`admin.log.kinds.${kind}`);
/** Channel names as the server sends them (the desk's vocabulary); the code until the first list has loaded. */
/** @type {Record<string, string>} */
let channelNames = {};
/** @param {string} channel */
const channelLabel = (channel) => channelNames[channel] ?? channel;
// A 问答 entry's section is its title: name it once.
/** @param {CitedPassage} c */
const citationLabel = (c) => [c.title, c.section === c.title ? '' : c.section].filter(Boolean).join(' › ');

export function setupLog() {
  const filter = byId('log-filter', HTMLFormElement);
  const channelSelect = byId('log-channel', HTMLSelectElement);
  const kindSelect = byId('log-kind', HTMLSelectElement);
  const body = one('#log-table tbody', HTMLTableSectionElement);
  const empty = byId('log-empty', HTMLElement);
  const detail = byId('log-detail', HTMLElement);
  const prev = byId('log-prev', HTMLButtonElement);
  const next = byId('log-next', HTMLButtonElement);
  const pageInfo = byId('log-page-info', HTMLElement);
  let page = 1;
  /** @type {number | null} */
  let current = null;
  /** @type {string | null} */
  let flash = null;

  async function loadList() {
    const q = new URLSearchParams();
    const data = new FormData(filter);
    for (const key of ['since', 'until', 'channel', 'kind', 'resolved', 'feedback', 'doc']) if (data.get(key)) q.set(key, String(data.get(key)).trim());
    q.set('page', String(page));
    const list = /** @type {TurnPage} */ (await api(`turns?${q}`));
    // Filled once: refilling would drop the filter the staff member picked.
    channelNames = list.channelNames ?? channelNames;
    if (!channelSelect.options.length) fillOptions(channelSelect, list.channels, channelLabel);
    if (!kindSelect.options.length) fillOptions(kindSelect, list.kinds, kindLabel);
    clear(body);
    empty.hidden = list.turns.length > 0;
    for (const turn of list.turns) {
      const open = el('button', { type: 'button', class: 'link', text: t('admin.log.open'), 'aria-label': t('admin.log.detailTitle', { id: turn.turnId }), onclick: guarded(() => showTurn(turn.turnId)) });
      const question = el('td', { class: 'cell-question' }, el('span', { text: turn.question }), el('div', { class: 'sub' }, open, turn.citations[0] ? ` · ${citationLabel(turn.citations[0])}` : ''));
      body.append(
        el(
          'tr',
          { class: turn.turnId === current ? 'is-current' : '', dataset: { turn: String(turn.turnId) } },
          el('td', { class: 'nowrap', text: formatTime(turn.createdAt) }),
          el('td', { class: 'nowrap', text: channelLabel(turn.channel) }),
          el('td', { class: 'nowrap', text: kindLabel(turn.kind) + (turn.correction ? ' ✎' : '') }),
          question,
          el('td', { text: turn.confidence === null ? '' : Number(turn.confidence).toFixed(2) }),
          el('td', { class: 'nowrap', text: turn.feedback ? FEEDBACK[turn.feedback] : '' }),
          el('td', { class: 'mono', text: turn.ticket ?? '' }),
        ),
      );
    }
    const pages = Math.max(1, Math.ceil(list.total / list.limit));
    pageInfo.textContent = t('admin.log.pageInfo', { page, pages, total: list.total });
    prev.disabled = page <= 1;
    next.disabled = page >= pages;
  }


  /**
   * 修正 in two steps, as promoting a ticket: the preview shows what would be published in
   * editable fields (personal numbers removed, names flagged); only 确认发布 writes and reindexes.
   * @param {Turn} turn
   */
  function correctForm(turn) {
    const status = el('p', { class: 'form-result', role: 'status' });
    const answer = el('textarea', { name: 'answer', id: 'correct-answer', rows: '5', maxlength: '20000', required: true, 'aria-label': t('admin.log.correctAnswer') });
    const button = el('button', { type: 'submit', class: 'btn btn--primary', id: 'correct-preview', text: t('admin.log.correctPreview') });
    const draftBox = el('div', { class: 'confirm-box', id: 'correct-draft', hidden: true });
    const form = el(
      'form',
      { class: 'form form--inline', id: 'correct-form' },
      el('h4', { text: t('admin.log.correctTitle') }),
      el('p', { class: 'hint', text: t('admin.log.correctHint') }),
      el('label', { for: 'correct-answer', text: t('admin.log.correctAnswer') }),
      answer,
      button,
      draftBox,
      status,
    );
    const show = faqDraftEditor({
      draftBox,
      status,
      path: `turns/${turn.turnId}/correct`,
      idPrefix: 'correct',
      keys: 'admin.log.correct',
      onPublished: async (r) => {
        flash = t('admin.log.correctDone', { faqId: r.faqId });
        await loadList();
        await showTurn(turn.turnId, true);
      },
    });
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      step(button, status, async () => show(/** @type {{ draft: FaqDraft }} */ (await api(`turns/${turn.turnId}/correct/preview`, { method: 'POST', body: { answer: answer.value } })).draft));
    });
    return form;
  }

  /**
   * @param {number} id
   * @param {boolean} [keepFocus]
   */
  async function showTurn(id, keepFocus = false) {
    current = id;
    for (const row of body.querySelectorAll('tr')) row.classList.toggle('is-current', row.dataset.turn === String(id));
    const { turn } = /** @type {{ turn: Turn }} */ (await api(`turns/${id}`));
    clear(detail).hidden = false;
    const heading = el('h2', { tabindex: '-1', text: t('admin.log.detailTitle', { id: turn.turnId }) });
    detail.append(heading);
    if (flash) detail.append(el('p', { class: 'flash', role: 'status', text: flash }));
    flash = null;
    /**
     * @param {string} label
     * @param {string | null | undefined} value
     */
    const field = (label, value) => [el('dt', { text: label }), el('dd', { text: value ?? '' })];
    const confidence = turn.confidence === null ? '' : t('admin.log.confidenceValue', { score: Number(turn.confidence).toFixed(3), threshold: turn.threshold === null ? '—' : Number(turn.threshold).toFixed(3) });
    detail.append(
      el(
        'dl',
        { class: 'facts' },
        field(t('admin.log.colTime'), formatTime(turn.createdAt)),
        field(t('admin.log.colChannel'), channelLabel(turn.channel)),
        field(t('admin.log.handle'), turn.handle),
        field(t('admin.log.colKind'), kindLabel(turn.kind)),
        field(t('admin.log.colConfidence'), confidence),
        field(t('admin.log.colFeedback'), turn.feedback ? t(turn.feedback === 'down' ? 'admin.log.feedbackDown' : 'admin.log.feedbackUp') : ''),
        field(t('admin.log.colTicket'), turn.ticket ?? ''),
      ),
      el('h3', { text: t('admin.log.question') }),
      el('blockquote', { class: 'question', text: turn.question }),
      el('h3', { text: t('admin.log.answer') }),
      el('p', { class: 'reply', text: turn.answer }),
      el('h3', { text: t('admin.log.citations') }),
    );
    detail.append(
      turn.citations.length
        ? el('ol', { class: 'candidates', id: 'log-citations' }, turn.citations.map((c) => el('li', {}, el('strong', { text: citationLabel(c) }), c.text ? el('p', { class: 'hint', text: c.text }) : null)))
        : el('p', { class: 'hint', text: t('admin.log.noCitations') }),
    );
    if (turn.correction) detail.append(el('p', { class: 'hint', id: 'log-corrected', text: t('admin.log.corrected', { actor: turn.correction.actor, at: formatTime(turn.correction.at), faqId: turn.correction.faqId }) }));
    detail.append(correctForm(turn));
    if (!keepFocus) heading.focus();
  }

  const reload = guarded(async () => {
    page = 1;
    await loadList();
  });
  filter.addEventListener('submit', (event) => {
    event.preventDefault();
    reload();
  });
  for (const select of [channelSelect, kindSelect, byId('log-resolved', HTMLSelectElement), byId('log-feedback', HTMLSelectElement)]) select.addEventListener('change', reload);
  prev.addEventListener('click', guarded(async () => {
    page = Math.max(1, page - 1);
    await loadList();
  }));
  next.addEventListener('click', guarded(async () => {
    page += 1;
    await loadList();
  }));

  return { load: loadList };
}
