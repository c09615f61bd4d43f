/** The weekly report panel: figures and SVG charts for one ISO week, and the export download. */
import { byId, clear, el } from '../lib/dom.js';
import { errorText, t } from '../lib/text.js';
import { api } from './api.js';
import { dayBars, rankBars } from './chart.js';

/** @typedef {import('./chart.js').Day} Day */
/** 👍/👎 of one document or 问答 entry. @typedef {{ title: string; up: number; down: number; rate: number | null }} FeedbackRow */
/**
 * The week's 👍/👎 (admin/report-routes.ts).
 * @typedef {object} FeedbackFigures
 * @property {number} up
 * @property {number} down
 * @property {number | null} rate
 * @property {{ week: string; up: number; down: number; rate: number | null }[]} perWeek
 * @property {FeedbackRow[]} mostRejected
 * @property {FeedbackRow[]} perDocument
 * @property {FeedbackRow[]} perFaq
 */
/**
 * `admin/api/report` for one ISO week.
 * @typedef {object} WeekReport
 * @property {string} week
 * @property {string} firstDay
 * @property {string} lastDay
 * @property {Day[]} days
 * @property {{ questions: number; resolved: number; resolvedRate: number | null; topTopics: { topic: string | null; count: number }[] }} figures
 * @property {{ title: string; count: number }[]} cited
 * @property {{ title: string; type: string }[]} neverCited
 * @property {FeedbackFigures} feedback
 */

/**
 * @param {string} label
 * @param {string} value
 */
function stat(label, value) {
  return el('div', { class: 'stat' }, el('div', { class: 'stat__value', text: value }), el('div', { class: 'stat__label', text: label }));
}

/** @param {number | null} rate */
const percent = (rate) => (rate === null ? '—' : `${Math.round(rate * 100)}%`);

/**
 * 👍/👎 of the week: totals, the weekly trend, the most rejected documents, per document and per 问答 entry.
 * @param {FeedbackFigures} fb
 * @param {() => HTMLElement} none
 */
function feedbackSection(fb, none) {
  /** @param {FeedbackRow[]} rows */
  const table = (rows) =>
    el(
      'table',
      { class: 'table' },
      el('thead', {}, el('tr', {}, [t('admin.report.fbDoc'), '👍', '👎', t('admin.report.fbRate')].map((h) => el('th', { scope: 'col', text: h })))),
      el('tbody', {}, rows.map((d) => el('tr', {}, el('td', { text: d.title }), el('td', { text: String(d.up) }), el('td', { text: String(d.down) }), el('td', { text: percent(d.rate) })))),
    );
  return el(
    'section',
    { class: 'card', id: 'report-feedback' },
    el('h3', { text: t('admin.report.fbTitle') }),
    el('div', { class: 'stats' }, stat('👍', String(fb.up)), stat('👎', String(fb.down)), stat(t('admin.report.fbRate'), percent(fb.rate))),
    el('h4', { text: t('admin.report.fbWeeks') }),
    fb.perWeek.length ? el('ul', {}, fb.perWeek.map((w) => el('li', { text: t('admin.report.fbWeekLine', { week: w.week, up: w.up, down: w.down, rate: percent(w.rate) }) }))) : none(),
    el('h4', { text: t('admin.report.fbRejected') }),
    fb.mostRejected.length ? rankBars(fb.mostRejected.map((d) => ({ label: d.title, value: d.down })), { title: t('admin.report.fbRejected') }) : none(),
    el('h4', { text: t('admin.report.fbDocs') }),
    fb.perDocument.length ? table(fb.perDocument) : none(),
    el('h4', { text: t('admin.report.fbFaqs') }),
    fb.perFaq.length ? table(fb.perFaq) : none(),
  );
}

export function setupReport() {
  const form = byId('report-form', HTMLFormElement);
  const weekInput = byId('report-week', HTMLInputElement);
  const bodyBox = byId('report-body', HTMLElement);
  const exportLink = byId('report-export', HTMLAnchorElement);

  function syncExportLink() {
    const week = weekInput.value.trim();
    exportLink.href = week ? `admin/api/report/export?week=${encodeURIComponent(week)}` : 'admin/api/report/export';
  }

  async function load() {
    syncExportLink();
    const week = weekInput.value.trim();
    clear(bodyBox).append(el('p', { text: t('common.loading') }));
    /** @type {WeekReport} */
    let r;
    try {
      r = /** @type {WeekReport} */ (await api(`report${week ? `?week=${encodeURIComponent(week)}` : ''}`));
    } catch (err) {
      clear(bodyBox).append(el('p', { class: 'form-result--error', role: 'alert', text: errorText(err) }));
      return;
    }
    // The download is the week on screen.
    exportLink.href = `admin/api/report/export?week=${encodeURIComponent(r.week)}`;
    const f = r.figures;
    const rate = f.resolvedRate === null ? '—' : `${Math.round(f.resolvedRate * 100)}%`;
    const none = () => el('p', { class: 'hint', text: t('admin.report.none') });
    clear(bodyBox).append(
      el('h2', { text: `${t('admin.report.title')} ${r.week}` }),
      el('p', { class: 'hint', text: t('admin.report.range', { from: r.firstDay, to: r.lastDay }) }),
      el('div', { class: 'stats' }, stat(t('admin.report.questions'), String(f.questions)), stat(t('admin.report.resolvedRate'), rate), stat(t('admin.report.unresolved'), String(f.questions - f.resolved))),
      el('section', { class: 'card' }, el('h3', { text: t('admin.report.perDayTitle') }), dayBars(r.days, { title: t('admin.report.perDayTitle'), label: (d) => t('admin.report.perDayBar', { ...d }) })),
      el(
        'section',
        { class: 'card' },
        el('h3', { text: t('admin.report.topicsTitle') }),
        f.topTopics.length ? rankBars(f.topTopics.map((x) => ({ label: x.topic ?? t('admin.report.noTopic'), value: x.count })), { title: t('admin.report.topicsTitle') }) : none(),
      ),
      el(
        'section',
        { class: 'card' },
        el('h3', { text: t('admin.report.citedTitle') }),
        r.cited.length ? rankBars(r.cited.map((x) => ({ label: x.title, value: x.count })), { title: t('admin.report.citedTitle') }) : none(),
      ),
      el(
        'section',
        { class: 'card' },
        el('h3', { text: `${t('admin.report.neverTitle')}（${r.neverCited.length}）` }),
        r.neverCited.length ? el('ul', { class: 'columns' }, r.neverCited.map((d) => el('li', { text: `${d.title}（${d.type}）` }))) : none(),
      ),
      feedbackSection(r.feedback, none),
    );
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    load();
  });
  weekInput.addEventListener('input', syncExportLink);
  return { load };
}
