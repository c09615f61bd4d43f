// The FAQ draft both ways of publishing an answer use (promoting a replied ticket, correcting a turn of the log): a
// preview of what would be published (personal numbers removed, names flagged) in editable fields, a re-check, and
// 确认发布, which alone writes the entry and rebuilds the index.
import { clear, el } from '../lib/dom.js';
import { errorText, t } from '../lib/text.js';
import { api } from './api.js';

/**
 * A draft 问答 entry as the preview sends it: personal numbers removed, names flagged in `warnings`.
 * @typedef {{ question: string; answer: string; variants: string[]; warnings: { message: string }[] }} FaqDraft
 */

/**
 * Runs `run` with `button` disabled, showing its error (in words) in `status`.
 * @param {HTMLButtonElement} button
 * @param {HTMLElement} status
 * @param {() => Promise<unknown>} run
 */
export async function step(button, status, run) {
  button.disabled = true;
  status.textContent = '';
  status.classList.remove('form-result--error');
  try {
    await run();
  } catch (err) {
    status.textContent = errorText(err);
    status.classList.add('form-result--error');
  } finally {
    button.disabled = false;
  }
}

/**
 * Fills `draftBox` with the editable draft of `path` (`…/preview` to check, `path` to publish).
 * @param {object} o
 * @param {HTMLElement} o.draftBox the (hidden) box the draft is shown in
 * @param {HTMLElement} o.status where errors are shown
 * @param {string} o.path the API path of the publish action
 * @param {string} o.idPrefix prefix of the fields' and buttons' ids (`promote`, `correct`)
 * @param {string} o.keys message-key prefix of the labels (`admin.desk.promote`, `admin.log.correct`)
 * @param {(result: { faqId: string }) => Promise<void>} o.onPublished what follows a publication
 * @returns {(draft: FaqDraft) => void} shows a draft returned by the preview
 */
export function faqDraftEditor({ draftBox, status, path, idPrefix, keys, onPublished }) {
  // The draft's answer is `…-published`: the correction form has its own `correct-answer` field above the draft.
  /**
   * @param {string} name
   * @param {string} id
   * @param {string} label
   * @param {string} rows
   * @param {Record<string, string>} [extra]
   */
  const field = (name, id, label, rows, extra = {}) => el('textarea', { name, id: `${idPrefix}-${id}`, rows, 'aria-label': t(`${keys}${label}`), ...extra });
  const question = field('question', 'question', 'Question', '2', { maxlength: '500' });
  const variants = field('variants', 'variants', 'Variants', '3');
  const published = field('answer', 'published', 'Answer', '6');
  const warnings = el('ul', { class: 'warnings' });
  const warningsTitle = el('p', { class: 'hint', text: t(`${keys}Warnings`) });
  const edits = () => ({ question: question.value, answer: published.value, variants: variants.value.split('\n').map((v) => v.trim()).filter(Boolean) });

  /** @param {FaqDraft} draft */
  function show(draft) {
    question.value = draft.question;
    variants.value = draft.variants.join('\n');
    published.value = draft.answer;
    clear(warnings);
    for (const w of draft.warnings) warnings.append(el('li', { text: w.message }));
    warningsTitle.hidden = warnings.hidden = draft.warnings.length === 0;
    draftBox.hidden = false;
  }

  const recheck = el('button', { type: 'button', class: 'btn', id: `${idPrefix}-recheck`, text: t(`${keys}Refresh`) });
  const confirmButton = el('button', { type: 'button', class: 'btn btn--primary', id: `${idPrefix}-confirm`, text: t(`${keys}Confirm`) });
  recheck.addEventListener('click', () => step(recheck, status, async () => show(/** @type {{ draft: FaqDraft }} */ (await api(`${path}/preview`, { method: 'POST', body: edits() })).draft)));
  confirmButton.addEventListener('click', () => step(confirmButton, status, async () => onPublished(/** @type {{ faqId: string }} */ (await api(path, { method: 'POST', body: edits() })))));
  draftBox.append(
    el('p', { class: 'hint', text: t(`${keys}PreviewHint`) }),
    el('label', { for: question.id, text: t(`${keys}Question`) }), question,
    el('label', { for: variants.id, text: t(`${keys}Variants`) }), variants,
    el('label', { for: published.id, text: t(`${keys}Answer`) }), published,
    warningsTitle, warnings,
    el('div', { class: 'actions' }, recheck, confirmButton),
  );
  return show;
}
