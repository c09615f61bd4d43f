/**
 * The desk panel: the item queue with filters, search and duplicate groups,
 * one item in full, and reply / assign / close / promote-to-FAQ, single and bulk.
 */
import { clear, el, formatTime } from '../lib/dom.js';
import { t } from '../lib/text.js';
import { api } from './api.js';
import { guarded } from './errors.js';

function options(select, values, withAll) {
  clear(select);
  if (withAll) select.append(el('option', { value: '', text: t('admin.desk.filterAll') }));
  for (const v of values) select.append(el('option', { value: v, text: v }));
}

/** Orders items so that members of a near-duplicate group sit together. */
function grouped(items) {
  const size = new Map();
  for (const i of items) if (i.groupId) size.set(i.groupId, (size.get(i.groupId) ?? 0) + 1);
  const order = new Map();
  items.forEach((i, n) => {
    const key = i.groupId ?? `single-${n}`;
    if (!order.has(key)) order.set(key, order.size);
  });
  return items
    .map((i, n) => ({ item: i, groupSize: i.groupId ? size.get(i.groupId) : 1, key: order.get(i.groupId ?? `single-${n}`) }))
    .sort((a, b) => a.key - b.key);
}

export function setupDesk() {
  const filter = document.getElementById('desk-filter');
  const statusSelect = document.getElementById('desk-status');
  const kindSelect = document.getElementById('desk-kind');
  const body = document.querySelector('#desk-table tbody');
  const empty = document.getElementById('desk-empty');
  const detail = document.getElementById('desk-detail');
  const selectAll = document.getElementById('desk-select-all');
  const bulkStatus = document.getElementById('bulk-status');
  const bulkAssignee = document.getElementById('bulk-assignee');
  let staffNames = [];
  let current = null;
  // The result of the last action, shown above the refreshed item (the form that ran it may be gone).
  let flash = null;
  // The desk's statuses (in workflow order: the badge colour is the index), kinds and open statuses, sent with the list.
  let statuses = [];
  let openStatuses = new Set();

  function statusBadge(status) {
    return el('span', { class: `badge badge--${statuses.indexOf(status)}`, text: status });
  }

  async function loadStaff() {
    staffNames = (await api('staff')).names;
    options(bulkAssignee, staffNames, false);
  }

  async function loadList() {
    const q = new URLSearchParams();
    const data = new FormData(filter);
    for (const key of ['status', 'kind', 'search']) if (data.get(key)) q.set(key, data.get(key));
    const list = await api(`items?${q}`);
    const { items } = list;
    statuses = list.statuses;
    openStatuses = new Set(list.openStatuses);
    // Filled once: refilling would drop the filter the staff member picked.
    if (!statusSelect.options.length) options(statusSelect, list.statuses, true);
    if (!kindSelect.options.length) options(kindSelect, list.kinds, true);
    clear(body);
    selectAll.checked = false;
    empty.hidden = items.length > 0;
    for (const { item, groupSize } of grouped(items)) {
      const box = el('input', { type: 'checkbox', class: 'row-check', value: item.ticket, 'aria-label': item.ticket });
      const open = el('button', { type: 'button', class: 'link', text: item.ticket, onclick: guarded(() => showItem(item.ticket)) });
      const question = el('td', { class: 'cell-question' }, el('span', { text: item.question }));
      if (groupSize > 1) question.append(' ', el('span', { class: 'tag', title: t('admin.desk.groupHint'), text: t('admin.desk.group', { n: groupSize }) }));
      body.append(
        el(
          'tr',
          { class: item.ticket === current ? 'is-current' : '', dataset: { ticket: item.ticket } },
          el('td', {}, box),
          el('td', {}, open, el('div', { class: 'sub', text: `${formatTime(item.createdAt)} · ${item.kind}` })),
          el('td', {}, statusBadge(item.status)),
          question,
          el('td', { text: item.assignee ?? '' }),
        ),
      );
    }
  }

  function field(label, value) {
    return [el('dt', { text: label }), el('dd', { text: value ?? '' })];
  }

  function deliveryText(d) {
    if (d.method === 'lookup' && d.state !== 'none') return t('admin.desk.deliveryLookup');
    return { none: t('admin.desk.deliveryNone'), pending: t('admin.desk.deliveryPending'), delivered: t('admin.desk.deliveryDelivered'), failed: t('admin.desk.deliveryFailed') }[d.state] ?? d.state;
  }

  /** A small form bound to one action; shows the result in its own status line. */
  function actionForm(id, title, controls, submitText, run) {
    const status = el('p', { class: 'form-result', role: 'status' });
    const button = el('button', { type: 'submit', class: 'btn btn--primary', text: submitText });
    const form = el('form', { class: 'form form--inline', id }, el('h4', { text: title }), controls, button, status);
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      button.disabled = true;
      status.textContent = '';
      try {
        flash = await run(new FormData(form));
        await loadList();
        await showItem(current, true);
      } catch (err) {
        status.textContent = err.message;
        status.classList.add('form-result--error');
      } finally {
        button.disabled = false;
      }
    });
    return form;
  }

  async function showItem(ticket, keepFocus = false) {
    if (!ticket) return;
    current = ticket;
    for (const row of body.querySelectorAll('tr')) row.classList.toggle('is-current', row.dataset.ticket === ticket);
    const { item } = await api(`items/${encodeURIComponent(ticket)}`);
    clear(detail).hidden = false;
    const open = openStatuses.has(item.status);
    const heading = el('h2', { tabindex: '-1', text: t('admin.desk.detailTitle', { ticket: item.ticket }) });
    detail.append(heading);
    if (flash) detail.append(el('p', { class: 'flash', role: 'status', text: flash }));
    flash = null;
    detail.append(
      el(
        'dl',
        { class: 'facts' },
        field(t('admin.desk.colStatus'), item.status),
        field(t('admin.desk.colKind'), item.kind),
        field(t('admin.desk.colCreated'), formatTime(item.createdAt)),
        field(t('admin.desk.channel'), item.channel),
        field(t('admin.desk.handle'), item.handle),
        field(t('admin.desk.topic'), item.topic ?? ''),
        field(t('admin.desk.colAssignee'), item.assignee ?? ''),
        field(t('admin.desk.delivery'), deliveryText(item.delivery)),
      ),
      el('blockquote', { class: 'question', text: item.question }),
    );
    if (item.groupTickets?.length) detail.append(el('p', { class: 'hint', text: `${t('admin.desk.group', { n: item.groupTickets.length + 1 })}：${item.groupTickets.join('、')}。${t('admin.desk.groupHint')}` }));
    if (item.reply) detail.append(el('h3', { text: t('admin.desk.replyLabel') }), el('p', { class: 'reply', text: item.reply }));

    detail.append(el('h3', { text: t('admin.desk.candidates') }));
    detail.append(
      item.candidates.length
        ? el('ol', { class: 'candidates' }, item.candidates.map((c) => el('li', { text: `${c.title}${c.section ? ` › ${c.section}` : ''}（${Number(c.score).toFixed(3)}）` })))
        : el('p', { class: 'hint', text: t('admin.desk.noCandidates') }),
    );

    if (open) {
      const text = el('textarea', { name: 'text', rows: '5', required: true, maxlength: '2000', 'aria-label': t('admin.desk.replyLabel') });
      detail.append(
        actionForm('reply-form', t('admin.desk.replyLabel'), text, t('admin.desk.replyButton'), async (data) => {
          await api(`items/${encodeURIComponent(ticket)}/reply`, { method: 'POST', body: { text: data.get('text') } });
          return t('admin.desk.replied');
        }),
      );
      const who = el('select', { name: 'assignee', 'aria-label': t('admin.desk.assignLabel') }, staffNames.map((n) => el('option', { value: n, text: n, selected: n === item.assignee })));
      detail.append(
        actionForm('assign-form', t('admin.desk.assignLabel'), who, t('admin.desk.assignButton'), async (data) => {
          await api(`items/${encodeURIComponent(ticket)}/assign`, { method: 'POST', body: { assignee: data.get('assignee') } });
          return t('admin.desk.assigned', { name: data.get('assignee') });
        }),
      );
      const reason = el('input', { name: 'reason', maxlength: '200', 'aria-label': t('admin.desk.closeLabel'), placeholder: t('admin.desk.closeLabel') });
      detail.append(
        actionForm('close-form', t('admin.desk.closeLabel'), reason, t('admin.desk.closeButton'), async (data) => {
          await api(`items/${encodeURIComponent(ticket)}/close`, { method: 'POST', body: { reason: data.get('reason') } });
          return t('admin.desk.closed');
        }),
      );
    }
    if (item.status === '已答复') {
      detail.append(
        actionForm('promote-form', t('admin.desk.promoteTitle'), null, t('admin.desk.promoteButton'), async () => {
          const r = await api(`items/${encodeURIComponent(ticket)}/promote`, { method: 'POST', body: {} });
          return t('admin.desk.promoted', { faqId: r.faqId });
        }),
      );
    }

    detail.append(el('h3', { text: t('admin.desk.history') }));
    detail.append(el('ol', { class: 'history' }, item.history.map((h) => el('li', { text: `${formatTime(h.at)} ${h.actor}：${h.action}${h.detail ? `（${h.detail}）` : ''}` }))));
    if (!keepFocus) heading.focus();
  }

  function selected() {
    return [...body.querySelectorAll('.row-check:checked')].map((b) => b.value);
  }

  async function bulk(action, extra) {
    bulkStatus.textContent = '';
    try {
      const r = await api('items/bulk', { method: 'POST', body: { action, tickets: selected(), ...extra } });
      bulkStatus.textContent = t('admin.desk.bulkDone', { done: r.done.length, failed: r.failed.length });
      await loadList();
    } catch (err) {
      bulkStatus.textContent = err.message;
    }
  }

  const reload = guarded(loadList);
  filter.addEventListener('submit', (event) => {
    event.preventDefault();
    reload();
  });
  statusSelect.addEventListener('change', reload);
  kindSelect.addEventListener('change', reload);
  selectAll.addEventListener('change', () => body.querySelectorAll('.row-check').forEach((b) => (b.checked = selectAll.checked)));
  document.getElementById('bulk-close').addEventListener('click', () => bulk('close', {}));
  document.getElementById('bulk-assign').addEventListener('click', () => bulk('assign', { assignee: bulkAssignee.value }));

  return {
    async load() {
      await loadStaff();
      await loadList();
    },
  };
}
