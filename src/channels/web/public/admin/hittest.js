/** Hit testing: the answer decision with its trace, and the ranked passages with their scores. */
import { byId, clear, el } from '../lib/dom.js';
import { errorText, t } from '../lib/text.js';
import { api } from './api.js';

/** @typedef {number | null | undefined} Score */
/** @typedef {{ question: string; similarity: Score }} BankMatch */
/**
 * Why the decision went as it did (the engine's explain trace).
 * @typedef {object} Trace
 * @property {string} reason
 * @property {string[]} matched
 * @property {string[]} missed
 * @property {BankMatch | null} [bankMatch]
 * @property {(BankMatch & { topic: string }) | null} [negativeMatch]
 * @property {{ features: { name: string; value: Score; contribution: number }[] }[]} candidates
 */
/** @typedef {{ title: string; section?: string; text: string; lexical: Score; dense: Score; fused: Score; coverage: Score }} RankedPassage */
/**
 * `admin/api/hittest` (admin/hittest-routes.ts).
 * @typedef {object} HitTest
 * @property {boolean} resolved
 * @property {string} kind faq, answer, unresolved, vague or smalltalk
 * @property {Score} evidence
 * @property {Score} threshold
 * @property {{ title: string } | null} [faq]
 * @property {string | null} [answerType]
 * @property {boolean | null} [answerStated]
 * @property {{ chosen: { chunkId: string; probability: number }[]; missing: string[] } | null} [parts]
 * @property {RankedPassage[]} passages
 * @property {Trace} trace
 * @property {string} answer
 * @property {string} [resolvedQuestion]
 * @property {{ used: boolean; reason: string } | null} [followUp]
 */

/** @param {Score} v */
const score = (v) => (v === null || v === undefined ? '—' : Number(v).toFixed(3));

/**
 * Which kind of answer the question asks for, and whether the quoted sentence states it.
 * @param {HitTest} r
 */
function answerKindHint(r) {
  const kind = t(`admin.hittest.kinds.${r.answerType}`);
  const stated = r.answerStated === null || r.answerStated === undefined ? '' : t(r.answerStated ? 'admin.hittest.answerStated' : 'admin.hittest.answerMissing', { kind });
  return t('admin.hittest.answerKind', { kind }) + stated;
}

/**
 * How the previous question was weighed: the combined reading taken, or why the message was read alone.
 * @param {HitTest} r
 */
function followUpText(r) {
  if (r.followUp?.used) return t('admin.hittest.followUpUsed', { question: r.resolvedQuestion ?? '' });
  return t('admin.hittest.followUpNotUsed', { reason: t(`admin.hittest.followUpReasons.${r.followUp?.reason}`) });
}

/**
 * The decision's trace: why it answered or not, in words staff can act on.
 * @param {Trace} trace
 */
function traceView(trace) {
  /** @param {string[]} list */
  const words = (list) => (list.length ? list.join('、') : '—');
  const top = trace.candidates[0];
  const features = top
    ? [...top.features].sort((a, b) => Math.abs(b.contribution) - Math.abs(a.contribution)).slice(0, 6)
    : [];
  return el(
    'div',
    { class: 'trace' },
    el('h3', { text: t('admin.hittest.traceTitle') }),
    el('p', { class: 'hint', text: t(`admin.hittest.reasons.${trace.reason}`) }),
    el('p', { class: 'hint', text: t('admin.hittest.matched', { words: words(trace.matched) }) }),
    el('p', { class: 'hint', text: t('admin.hittest.missed', { words: words(trace.missed) }) }),
    trace.bankMatch ? el('p', { class: 'hint', text: t('admin.hittest.bankMatch', { question: trace.bankMatch.question, score: score(trace.bankMatch.similarity) }) }) : '',
    trace.negativeMatch ? el('p', { class: 'hint', text: t('admin.hittest.negativeMatch', { question: trace.negativeMatch.question, topic: trace.negativeMatch.topic, score: score(trace.negativeMatch.similarity) }) }) : '',
    features.length
      ? el(
          'table',
          { class: 'table' },
          el('thead', {}, el('tr', {}, ['colFeature', 'colValue', 'colContribution'].map((k) => el('th', { scope: 'col', text: t(`admin.hittest.${k}`) })))),
          el('tbody', {}, features.map((f) => el('tr', {}, el('td', { text: f.name }), el('td', { class: 'num', text: score(f.value) }), el('td', { class: 'num', text: score(f.contribution) })))),
        )
      : '',
  );
}

export function setupHitTest() {
  const form = byId('hittest-form', HTMLFormElement);
  const box = byId('hittest-result', HTMLElement);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const q = String(data.get('q') ?? '');
    const previous = String(data.get('previous') ?? '').trim();
    clear(box).append(el('p', { text: t('common.loading') }));
    try {
      const query = `q=${encodeURIComponent(q)}${previous ? `&previous=${encodeURIComponent(previous)}` : ''}`;
      const r = /** @type {HitTest} */ (await api(`hittest?${query}`));
      const vars = { score: score(r.evidence), threshold: score(r.threshold) };
      const verdictKey = r.kind === 'smalltalk' ? 'smalltalk' : r.kind === 'vague' ? 'vague' : r.resolved ? 'resolved' : 'unresolved';
      const verdict = t(`admin.hittest.${verdictKey}`, vars);
      clear(box).append(
        el('p', { class: `verdict verdict--${r.resolved ? 'yes' : 'no'}`, role: 'status', text: verdict }),
        r.followUp ? el('p', { class: 'hint', text: followUpText(r) }) : '',
        r.faq ? el('p', { class: 'hint', text: t('admin.hittest.faqHit', { title: r.faq.title }) }) : '',
        r.parts ? el('p', { class: 'hint', text: t('admin.hittest.parts', { count: r.parts.chosen.length, missing: r.parts.missing.join(' ') || '—' }) }) : '',
        r.answerType ? el('p', { class: 'hint answer-kind', text: answerKindHint(r) }) : '',
        el('h3', { text: t('admin.hittest.answerTitle') }),
        el('p', { class: 'reply', text: r.answer }),
        r.kind === 'smalltalk' ? '' : traceView(r.trace),
        r.passages.length
          ? el(
              'table',
              { class: 'table passages' },
              el('thead', {}, el('tr', {}, ['colRank', 'colPassage', 'colLexical', 'colDense', 'colFused', 'colCoverage'].map((k) => el('th', { scope: 'col', text: t(`admin.hittest.${k}`) })))),
              el(
                'tbody',
                {},
                r.passages.map((p, i) =>
                  el(
                    'tr',
                    {},
                    el('td', { text: String(i + 1) }),
                    el('td', {}, el('strong', { text: p.section && p.section !== p.title ? `${p.title} › ${p.section}` : p.title }), el('details', {}, el('summary', { text: t('admin.hittest.open') }), el('pre', { class: 'chunk', text: p.text }))),
                    el('td', { class: 'num', text: score(p.lexical) }),
                    el('td', { class: 'num', text: score(p.dense) }),
                    el('td', { class: 'num', text: score(p.fused) }),
                    el('td', { class: 'num', text: score(p.coverage) }),
                  ),
                ),
              ),
            )
          : el('p', { class: 'hint', text: t('admin.hittest.none') }),
      );
    } catch (err) {
      clear(box).append(el('p', { class: 'form-result--error', role: 'alert', text: errorText(err) }));
    }
  });
  return { load: () => byId('hittest-q', HTMLInputElement).focus() };
}
