/**
 * The corpus panel: documents (with a search box and a type filter), per-file
 * `corpus check` problems, upload (the type must be chosen), FAQ spreadsheet
 * import / export, editing front matter and text with a chunk preview, delete, and the index
 * rebuild with visible progress (polled while it runs).
 */
import { byId, clear, el, one } from '../lib/dom.js';
import { errorText, t } from '../lib/text.js';
import { HttpError } from '../lib/http.js';
import { api } from './api.js';
import { guarded } from './errors.js';

/** A `corpus check` problem. @typedef {{ file: string; line: number; message: string }} Problem */
/** @typedef {{ id: string; title: string; type: string; file: string; published: string; chars: number }} DocSummary */
/**
 * The index rebuild as `admin/api/corpus/reindex` reports it (admin/reindex-job.ts).
 * @typedef {object} ReindexStatus
 * @property {'idle' | 'running' | 'done' | 'failed'} state
 * @property {{ phase: string; done: number; total: number } | null} [progress]
 * @property {{ docs: number; chunks: number } | null} [summary]
 * @property {string | null} [error]
 * @property {boolean} [queued]
 */
/** @typedef {{ types: string[]; docs: DocSummary[]; problems: Problem[]; broken?: string[] }} CorpusList */
/** A document's front matter as the editor reads and writes it. @typedef {Record<string, string | string[] | undefined> & { tags?: string[]; variants?: string[]; question?: string }} DocMeta */
/** @typedef {{ row: number; message: string }} RowProblem */
/**
 * The FAQ spreadsheet import report (admin/faq-routes.ts).
 * @typedef {{ dryRun: boolean; imported: Record<string, string>[]; errors: RowProblem[]; skipped: RowProblem[]; warnings: RowProblem[]; reindex: ReindexStatus }} FaqImport
 */

/**
 * The problems an error answer lists (a document that fails `corpus check`), if any.
 * @param {unknown} err
 * @returns {{ line: number; message: string }[] | undefined}
 */
const problemsOf = (err) => (err instanceof HttpError ? err.body?.problems : undefined);

const POLL_MS = 700;
const FIELDS = ['id', 'title', 'type', 'source', 'published', 'url', 'effective', 'expires'];
/** @type {Record<string, string>} */
const FIELD_LABELS = { id: 'fieldId', title: 'fieldTitle', type: 'fieldType', source: 'fieldSource', published: 'fieldPublished', url: 'fieldUrl', effective: 'fieldEffective', expires: 'fieldExpires' };

/** @param {{ line: number; message: string }[]} problems */
function problemList(problems) {
  return el('ul', { class: 'problems' }, problems.map((p) => el('li', { text: t('admin.corpus.problemLine', { line: p.line, message: p.message }) })));
}

/**
 * Problems grouped under their file name.
 * @param {Problem[]} problems
 */
function problemsByFile(problems) {
  if (!problems.length) return el('p', { class: 'ok', text: t('admin.corpus.noProblems') });
  /** @type {Map<string, Problem[]>} */
  const files = new Map();
  for (const p of problems) files.set(p.file, [...(files.get(p.file) ?? []), p]);
  return el('div', {}, el('h2', { text: t('admin.corpus.problemsTitle') }), [...files].map(([file, list]) => el('section', { class: 'problem-file' }, el('h3', { class: 'mono', text: file }), problemList(list))));
}

/**
 * The banner above the corpus page while any file is broken: those documents were left out of the last load, so
 * a change to them has not taken effect. Lists each problem as `file:line: message`, like `guanbot corpus check`.
 * @param {string[]} broken
 * @param {Problem[]} problems
 */
function brokenBanner(broken, problems) {
  if (!broken.length) return '';
  return el(
    'div',
    { class: 'console-error corpus-banner', role: 'alert' },
    el('p', { text: t('admin.corpus.bannerTitle', { files: broken.length, problems: problems.length }) }),
    el('ul', { class: 'mono' }, problems.map((p) => el('li', { text: `${p.file}:${p.line}: ${p.message}` }))),
  );
}

export function setupCorpus() {
  const table = one('#corpus-table tbody', HTMLTableSectionElement);
  const problemsBox = byId('corpus-problems', HTMLElement);
  const uploadForm = byId('upload-form', HTMLFormElement);
  const uploadResult = byId('upload-result', HTMLElement);
  const typeSelect = byId('up-type', HTMLSelectElement);
  const editor = byId('editor', HTMLFormElement);
  const reindexButton = byId('reindex', HTMLButtonElement);
  const reindexStatus = byId('reindex-status', HTMLElement);
  const searchBox = byId('corpus-search', HTMLInputElement);
  const typeFilter = byId('corpus-type-filter', HTMLSelectElement);
  const countText = byId('corpus-count', HTMLElement);
  const faqForm = byId('faq-import-form', HTMLFormElement);
  const faqResult = byId('faq-result', HTMLElement);
  /** @type {string[]} */
  let types = [];
  /** @type {DocSummary[]} */
  let docs = [];
  /** @type {ReturnType<typeof setTimeout> | null} */
  let polling = null;

  /** @param {ReindexStatus} s */
  function showReindex(s) {
    const phase = s.progress ? t(`admin.corpus.phase${s.progress.phase.charAt(0).toUpperCase()}${s.progress.phase.slice(1)}`) : '';
    let text = t('admin.corpus.reindexIdle');
    if (s.state === 'running') text = s.progress ? t('admin.corpus.reindexRunning', { phase, done: s.progress.done, total: s.progress.total }) : t('admin.corpus.reindexStarting');
    else if (s.state === 'done') text = t('admin.corpus.reindexDone', { docs: s.summary?.docs, chunks: s.summary?.chunks });
    else if (s.state === 'failed') text = t('admin.corpus.reindexFailed', { error: s.error });
    if (s.queued) text += t('admin.corpus.reindexQueued');
    reindexStatus.textContent = text;
    reindexButton.disabled = s.state === 'running';
    if (s.state === 'running' || s.queued) poll();
  }

  function poll() {
    if (polling) return;
    polling = setTimeout(async () => {
      polling = null;
      try {
        showReindex(/** @type {ReindexStatus} */ (await api('corpus/reindex')));
      } catch {
        /* shown on the next action */
      }
    }, POLL_MS);
  }

  async function loadList() {
    const data = /** @type {CorpusList} */ (await api('corpus'));
    types = data.types;
    // The first option of each select is its placeholder (请选择类型 / 全部类型): the upload has no silent default.
    if (typeSelect.options.length <= 1) typeSelect.append(...types.map((x) => el('option', { value: x, text: x })));
    if (typeFilter.options.length <= 1) typeFilter.append(...types.map((x) => el('option', { value: x, text: x })));
    document.querySelector('.corpus-banner')?.remove();
    const banner = brokenBanner(data.broken ?? [], data.problems);
    if (banner) problemsBox.before(banner);
    clear(problemsBox).append(problemsByFile(data.problems));
    docs = data.docs;
    renderList();
  }

  /** The documents matching the search box (title, id or file) and the type filter. */
  function renderList() {
    const query = searchBox.value.trim().toLowerCase();
    const type = typeFilter.value;
    const shown = docs.filter((d) => (!type || d.type === type) && (!query || [d.title, d.id, d.file].some((v) => v.toLowerCase().includes(query))));
    countText.textContent = t('admin.corpus.listCount', { shown: shown.length, total: docs.length });
    clear(table);
    if (!shown.length) table.append(el('tr', {}, el('td', { colspan: '5', class: 'sub', text: t('admin.corpus.noMatch') })));
    for (const d of shown) {
      const edit = el('button', { type: 'button', class: 'btn btn--small', text: t('admin.corpus.edit'), 'aria-label': `${t('admin.corpus.edit')} ${d.title}`, onclick: guarded(() => openEditor(d.id)) });
      const del = el('button', { type: 'button', class: 'btn btn--small btn--danger', text: t('admin.corpus.delete'), 'aria-label': `${t('admin.corpus.delete')} ${d.title}`, onclick: () => remove(d) });
      table.append(el('tr', {}, el('td', {}, el('span', { text: d.title }), el('div', { class: 'sub mono', text: d.file })), el('td', { text: d.type }), el('td', { text: d.published }), el('td', { text: String(d.chars) }), el('td', { class: 'nowrap' }, edit, ' ', del)));
    }
  }

  searchBox.addEventListener('input', renderList);
  typeFilter.addEventListener('change', renderList);
  byId('corpus-filter', HTMLFormElement).addEventListener('submit', (event) => event.preventDefault());

  /** @param {DocSummary} doc */
  async function remove(doc) {
    if (!confirm(t('admin.corpus.confirmDelete', { title: doc.title }))) return;
    try {
      const r = /** @type {{ file: string; reindex: ReindexStatus }} */ (await api(`corpus/docs/${encodeURIComponent(doc.id)}`, { method: 'DELETE' }));
      uploadResult.textContent = t('admin.corpus.deleted', { file: r.file });
      showReindex(r.reindex);
      await loadList();
    } catch (err) {
      uploadResult.textContent = errorText(err);
    }
  }

  /**
   * A labelled text field of the editor.
   * @param {string} name
   * @param {string | string[] | undefined} value
   * @param {string} label
   * @returns {HTMLElement[]}
   */
  function input(name, value, label) {
    const id = `ed-${name}`;
    return [el('label', { for: id, text: label }), el('input', { id, name, value: value ?? '' })];
  }

  /** @returns {{ meta: DocMeta; body: string }} */
  function editedDoc() {
    const data = new FormData(editor);
    /** @type {DocMeta} */
    const meta = {};
    for (const f of FIELDS) meta[f] = String(data.get(f) ?? '').trim();
    meta.tags = String(data.get('tags') ?? '').split(/[,，、]/).map((s) => s.trim()).filter(Boolean);
    meta.question = String(data.get('question') ?? '').trim();
    meta.variants = String(data.get('variants') ?? '').split('\n').map((s) => s.trim()).filter(Boolean);
    return { meta, body: String(data.get('body') ?? '') };
  }

  /** @param {string} id */
  async function openEditor(id) {
    const doc = /** @type {{ file: string; meta: DocMeta; body: string }} */ (await api(`corpus/docs/${encodeURIComponent(id)}`));
    const m = doc.meta;
    const result = el('div', { class: 'form-result', role: 'status' });
    const chunks = el('div', { class: 'chunks', 'aria-live': 'polite' });
    const typeField = el('select', { id: 'ed-type', name: 'type' }, types.map((x) => el('option', { value: x, text: x, selected: x === m.type })));
    clear(editor).hidden = false;
    editor.append(
      el('h2', { tabindex: '-1', text: t('admin.corpus.editTitle', { id }) }),
      el('p', { class: 'sub mono', text: doc.file }),
      ...FIELDS.flatMap((f) => (f === 'type' ? /** @type {HTMLElement[]} */ ([el('label', { for: 'ed-type', text: t('admin.corpus.fieldType') }), typeField]) : input(f, m[f], t(`admin.corpus.${FIELD_LABELS[f]}`)))),
      ...input('tags', (m.tags ?? []).join('，'), t('admin.corpus.fieldTags')),
      ...input('question', m.question, t('admin.corpus.fieldQuestion')),
      el('label', { for: 'ed-variants', text: t('admin.corpus.fieldVariants') }),
      el('textarea', { id: 'ed-variants', name: 'variants', rows: '3' }, (m.variants ?? []).join('\n')),
      el('label', { for: 'ed-body', text: t('admin.corpus.fieldBody') }),
      el('textarea', { id: 'ed-body', name: 'body', rows: '16', class: 'mono' }, doc.body),
      el(
        'div',
        { class: 'row' },
        el('button', { type: 'submit', class: 'btn btn--primary', text: t('admin.corpus.save') }),
        el('button', { type: 'button', class: 'btn', text: t('admin.corpus.preview'), onclick: () => preview(chunks, result) }),
        el('button', {
          type: 'button',
          class: 'btn btn--ghost',
          text: t('admin.cancel'),
          onclick: () => {
            editor.hidden = true;
          },
        }),
      ),
      result,
      chunks,
    );
    editor.onsubmit = async (event) => {
      event.preventDefault();
      result.classList.remove('form-result--error');
      try {
        const r = /** @type {{ reindex: ReindexStatus }} */ (await api(`corpus/docs/${encodeURIComponent(id)}`, { method: 'PUT', body: editedDoc() }));
        result.textContent = t('admin.saved');
        showReindex(r.reindex);
        await loadList();
      } catch (err) {
        result.classList.add('form-result--error');
        const problems = problemsOf(err);
        clear(result).append(el('p', { text: errorText(err) }), problems ? problemList(problems) : '');
      }
    };
    one('h2', HTMLElement, editor).focus();
    await preview(chunks, result);
  }

  /**
   * @param {HTMLElement} box
   * @param {HTMLElement} result
   */
  async function preview(box, result) {
    try {
      const r = /** @type {{ chunks: { section?: string; chars: number; text: string }[]; problems: Problem[] }} */ (await api('corpus/preview', { method: 'POST', body: editedDoc() }));
      clear(box).append(
        el('h3', { text: t('admin.corpus.chunksTitle', { n: r.chunks.length }) }),
        r.problems.length ? problemList(r.problems) : '',
        el('ol', { class: 'chunk-list' }, r.chunks.map((c, i) => el('li', {}, el('p', { class: 'sub', text: t('admin.corpus.chunkLine', { i: i + 1, section: c.section || '—', chars: c.chars }) }), el('pre', { class: 'chunk', text: c.text })))),
      );
    } catch (err) {
      result.textContent = errorText(err);
    }
  }

  uploadForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    uploadResult.classList.remove('form-result--error');
    const source = new FormData(uploadForm);
    // Fields first, then the file: the server reads fields that precede the file part.
    const form = new FormData();
    for (const key of ['type', 'title', 'source', 'published', 'url', 'tags']) form.append(key, String(source.get(key) ?? ''));
    form.append('file', source.get('file') ?? '');
    try {
      const r = /** @type {{ file: string; reindex: ReindexStatus }} */ (await api('corpus/upload', { method: 'POST', form }));
      uploadResult.textContent = t('admin.corpus.uploaded', { file: r.file });
      uploadForm.reset();
      showReindex(r.reindex);
      await loadList();
    } catch (err) {
      uploadResult.classList.add('form-result--error');
      const problems = problemsOf(err);
      clear(uploadResult).append(el('p', { text: errorText(err) }), problems ? problemList(problems) : '');
    }
  });

  /**
   * The import report: bad rows (第N行：说明) first, then skipped rows, warnings and what was imported.
   * @param {FaqImport} r
   */
  function faqReport(r) {
    /**
     * @param {string} title
     * @param {string[]} lines
     */
    const section = (title, lines) => (lines.length ? [el('p', { text: title }), el('ul', { class: 'problems' }, lines.map((text) => el('li', { text })))] : []);
    /** @param {RowProblem} p */
    const row = (p) => t('admin.faq.rowLine', { row: p.row, message: p.message });
    const head = r.imported.length ? t(r.dryRun ? 'admin.faq.checked' : 'admin.faq.imported', { count: r.imported.length }) : t('admin.faq.nothing');
    return [
      el('p', { text: head }),
      ...section(t('admin.faq.failedTitle', { count: r.errors.length }), r.errors.map(row)),
      ...section(t('admin.faq.skippedTitle', { count: r.skipped.length }), r.skipped.map(row)),
      ...section(t('admin.faq.warningsTitle', { count: r.warnings.length }), r.warnings.map(row)),
      ...section(t('admin.faq.importedTitle'), r.imported.map((i) => t('admin.faq.importedLine', i))),
    ];
  }

  faqForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    faqResult.classList.remove('form-result--error');
    const source = new FormData(faqForm);
    // The dry-run flag first: the server reads fields that precede the file part.
    const form = new FormData();
    form.append('dryRun', source.get('dryRun') ? '1' : '0');
    form.append('file', source.get('file') ?? '');
    try {
      const r = /** @type {FaqImport} */ (await api('corpus/faq/import', { method: 'POST', form }));
      if (r.errors.length) faqResult.classList.add('form-result--error');
      clear(faqResult).append(...faqReport(r));
      if (!r.dryRun && r.imported.length) {
        faqForm.reset();
        showReindex(r.reindex);
        await loadList();
      }
    } catch (err) {
      faqResult.classList.add('form-result--error');
      clear(faqResult).append(el('p', { text: errorText(err) }));
    }
  });

  reindexButton.addEventListener('click', async () => {
    try {
      showReindex(/** @type {ReindexStatus} */ (await api('corpus/reindex', { method: 'POST', body: {} })));
    } catch (err) {
      reindexStatus.textContent = errorText(err);
    }
  });

  return {
    async load() {
      await loadList();
      showReindex(/** @type {ReindexStatus} */ (await api('corpus/reindex')));
    },
  };
}
