/** Hit testing: the answer decision with its trace, and the ranked passages with their scores. */
import { clear, el } from '../lib/dom.js';
import { t } from '../lib/text.js';
import { api } from './api.js';

const score = (v) => (v === null || v === undefined ? '—' : Number(v).toFixed(3));

/** Which kind of answer the question asks for, and whether the quoted sentence states it. */
function answerKindHint(r) {
  const kind = t(`admin.hittest.kinds.${r.answerType}`);
  const stated = r.answerStated === null ? '' : t(r.answerStated ? 'admin.hittest.answerStated' : 'admin.hittest.answerMissing', { kind });
  return t('admin.hittest.answerKind', { kind }) + stated;
}

/** The decision's trace: why it answered or not, in words staff can act on. */
function traceView(trace) {
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
  const form = document.getElementById('hittest-form');
  const box = document.getElementById('hittest-result');
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const q = new FormData(form).get('q');
    clear(box).append(el('p', { text: t('common.loading') }));
    try {
      const r = await api(`hittest?q=${encodeURIComponent(q)}`);
      const vars = { score: score(r.evidence), threshold: score(r.threshold) };
      const verdictKey = r.kind === 'smalltalk' ? 'smalltalk' : r.kind === 'vague' ? 'vague' : r.resolved ? 'resolved' : 'unresolved';
      const verdict = t(`admin.hittest.${verdictKey}`, vars);
      clear(box).append(
        el('p', { class: `verdict verdict--${r.resolved ? 'yes' : 'no'}`, role: 'status', text: verdict }),
        r.faq ? el('p', { class: 'hint', text: t('admin.hittest.faqHit', { title: r.faq.title }) }) : '',
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
      clear(box).append(el('p', { class: 'form-result--error', role: 'alert', text: err.message }));
    }
  });
  return { load: () => document.getElementById('hittest-q').focus() };
}
