/**
 * The audit log panel: staff actions in Chinese (what, by whom, on what, the
 * details in words, from where), filtered by operator, action and date, and
 * the same selection downloaded as Excel or CSV.
 */
import { byId, clear, el, one } from '../lib/dom.js';
import { t } from '../lib/text.js';
import { api } from './api.js';
import { guarded } from './errors.js';

/**
 * One audit entry in words (admin/audit-routes.ts).
 * @typedef {{ action: string; localAt: string; actor: string; actionLabel: string; target: string; detailText: string; source: string }} AuditEntry
 */
/** @typedef {{ value: string; label: string }} Choice */

/**
 * @param {HTMLSelectElement} select
 * @param {Choice[]} choices
 */
function fill(select, choices) {
  const keep = select.value;
  clear(select).append(el('option', { value: '', text: t('admin.audit.filterAll') }));
  for (const c of choices) select.append(el('option', { value: c.value, text: c.label, selected: c.value === keep }));
}

export function setupAudit() {
  const form = byId('audit-filter', HTMLFormElement);
  const body = one('#audit-table tbody', HTMLTableSectionElement);
  const count = byId('audit-count', HTMLElement);
  const actorSelect = byId('audit-actor', HTMLSelectElement);
  const actionSelect = byId('audit-action', HTMLSelectElement);
  const exportXlsx = byId('audit-export-xlsx', HTMLAnchorElement);
  const exportCsv = byId('audit-export-csv', HTMLAnchorElement);

  /** The filter as query parameters (the export links carry the same). */
  function query() {
    const q = new URLSearchParams();
    for (const [key, value] of new FormData(form)) if (value) q.set(key, String(value));
    return q;
  }

  async function load() {
    const q = query();
    const { entries, actors, actions } = /** @type {{ entries: AuditEntry[]; actors: Choice[]; actions: Choice[] }} */ (await api(`audit?${q}`));
    fill(actorSelect, actors);
    fill(actionSelect, actions);
    exportXlsx.href = `admin/api/audit/export?${new URLSearchParams({ ...Object.fromEntries(q), format: 'xlsx' })}`;
    exportCsv.href = `admin/api/audit/export?${new URLSearchParams({ ...Object.fromEntries(q), format: 'csv' })}`;
    count.textContent = t('admin.audit.count', { n: entries.length });
    clear(body);
    for (const e of entries) {
      body.append(
        el(
          'tr',
          { dataset: { action: e.action } },
          el('td', { class: 'nowrap', text: e.localAt }),
          el('td', { text: e.actor }),
          el('td', { text: e.actionLabel }),
          el('td', { class: 'mono', text: e.target }),
          el('td', { class: 'small', text: e.detailText }),
          el('td', { class: 'mono', text: e.source }),
        ),
      );
    }
  }

  const reload = guarded(load);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    reload();
  });
  actorSelect.addEventListener('change', reload);
  actionSelect.addEventListener('change', reload);
  return { load };
}
