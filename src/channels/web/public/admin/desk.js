/**
 * The desk panel: the item queue with filters, search and duplicate groups,
 * one item in full, and reply / assign / close / promote-to-FAQ, single and bulk.
 */
import { byId, clear, el, formatTime, one } from '../lib/dom.js';
import { errorText, t } from '../lib/text.js';
import { api, can } from './api.js';
import { guarded } from './errors.js';
import { faqDraftEditor, step } from './faq-draft.js';

/** @typedef {import('./faq-draft.js').FaqDraft} FaqDraft */
/** @typedef {{ title: string; section?: string; text?: string; score?: number }} Passage */
/**
 * A desk item as the console lists and shows it (admin/desk-routes.ts, masked).
 * @typedef {object} DeskItem
 * @property {string} ticket
 * @property {string} status
 * @property {string} kind
 * @property {string} createdAt
 * @property {string} question
 * @property {string | null} [groupId]
 * @property {string[]} [groupTickets]
 * @property {string | null} [assignee]
 * @property {string | null} [department]
 * @property {string} [channel]
 * @property {string} [channelText]
 * @property {string} [handle]
 * @property {string | null} [topic]
 * @property {string} [deliveryText]
 * @property {string | null} [reply]
 * @property {{ answer: string; passages: Passage[] } | null} [rejected]
 * @property {Passage[]} [candidates]
 * @property {Suggestion | null} [suggestion]
 * @property {{ at: string; actor: string; action: string; detail?: string | null }[]} [history]
 */
/** What the corpus would now answer an open ticket. @typedef {{ answer: string; at: string; citations: Passage[] }} Suggestion */
/**
 * Who else a reply would reach (desk ReplyPlan).
 * @typedef {{ ticket: string; alsoTo: DeskItem[]; heldBack: DeskItem[]; personal: unknown[] }} ReplyPlan
 */
/** @typedef {{ items: DeskItem[]; statuses: string[]; kinds: string[]; openStatuses: string[]; departments: string[] }} ItemList */
/** The reply form, which the suggestion box can fill and send. @typedef {HTMLFormElement & { useText: (value: string) => void }} ReplyForm */

/**
 * @param {HTMLSelectElement} select
 * @param {string[]} values
 * @param {boolean} withAll
 */
function options(select, values, withAll) {
  clear(select);
  if (withAll) select.append(el('option', { value: '', text: t('admin.desk.filterAll') }));
  for (const v of values) select.append(el('option', { value: v, text: v }));
}

/**
 * Orders items so that members of a near-duplicate group sit together.
 * @param {DeskItem[]} items
 * @returns {{ item: DeskItem; groupSize: number; key: number }[]}
 */
function grouped(items) {
  /** @type {Map<string, number>} */
  const size = new Map();
  for (const i of items) if (i.groupId) size.set(i.groupId, (size.get(i.groupId) ?? 0) + 1);
  /** @type {Map<string, number>} */
  const order = new Map();
  items.forEach((i, n) => {
    const key = i.groupId ?? `single-${n}`;
    if (!order.has(key)) order.set(key, order.size);
  });
  return items
    .map((i, n) => ({ item: i, groupSize: i.groupId ? (size.get(i.groupId) ?? 1) : 1, key: order.get(i.groupId ?? `single-${n}`) ?? 0 }))
    .sort((a, b) => a.key - b.key);
}

export function setupDesk() {
  const filter = byId('desk-filter', HTMLFormElement);
  const statusSelect = byId('desk-status', HTMLSelectElement);
  const kindSelect = byId('desk-kind', HTMLSelectElement);
  const departmentSelect = byId('desk-department', HTMLSelectElement);
  // Reply, assign and close are shown only to roles that may use them (the server checks again).
  const mayAct = can('desk.act');
  const mayPromote = can('faq.promote');
  const body = one('#desk-table tbody', HTMLTableSectionElement);
  const empty = byId('desk-empty', HTMLElement);
  const detail = byId('desk-detail', HTMLElement);
  const selectAll = byId('desk-select-all', HTMLInputElement);
  const bulkStatus = byId('bulk-status', HTMLElement);
  const bulkAssignee = byId('bulk-assignee', HTMLSelectElement);
  /** @type {string[]} */
  let staffNames = [];
  /** @type {string[]} */
  let departments = [];
  /** @type {string | null} */
  let current = null;
  // The result of the last action, shown above the refreshed item (the form that ran it may be gone).
  /** @type {string | null} */
  let flash = null;
  // The desk's statuses (in workflow order: the badge colour is the index), kinds and open statuses, sent with the list.
  /** @type {string[]} */
  let statuses = [];
  /** @type {Set<string>} */
  let openStatuses = new Set();

  /** @param {string} status */
  function statusBadge(status) {
    return el('span', { class: `badge badge--${statuses.indexOf(status)}`, text: status });
  }

  async function loadStaff() {
    if (!mayAct) return;
    ({ names: staffNames, departments } = /** @type {{ names: string[]; departments: string[] }} */ (await api('staff')));
    options(bulkAssignee, staffNames, false);
  }

  async function loadList() {
    const q = new URLSearchParams();
    const data = new FormData(filter);
    for (const key of ['status', 'kind', 'search', 'department']) if (data.get(key)) q.set(key, String(data.get(key)));
    const list = /** @type {ItemList} */ (await api(`items?${q}`));
    const { items } = list;
    statuses = list.statuses;
    openStatuses = new Set(list.openStatuses);
    // Filled once: refilling would drop the filter the staff member picked.
    if (!statusSelect.options.length) options(statusSelect, list.statuses, true);
    if (!kindSelect.options.length) options(kindSelect, list.kinds, true);
    if (departmentSelect.options.length !== list.departments.length + 1) {
      const keep = departmentSelect.value;
      options(departmentSelect, list.departments, true);
      departmentSelect.value = list.departments.includes(keep) ? keep : '';
    }
    clear(body);
    selectAll.checked = false;
    empty.hidden = items.length > 0;
    for (const { item, groupSize } of grouped(items)) {
      const box = el('input', { type: 'checkbox', class: 'row-check', value: item.ticket, 'aria-label': item.ticket });
      const open = el('button', { type: 'button', class: 'link', text: item.ticket, onclick: guarded(() => showItem(item.ticket)) });
      const question = el('td', { class: 'cell-question' }, el('span', { text: item.question }));
      if (item.suggestion) question.append(' ', el('span', { class: 'tag tag--suggested', title: t('admin.desk.suggestedHint'), text: t('admin.desk.suggested') }));
      if (groupSize > 1) question.append(' ', el('span', { class: 'tag', title: t('admin.desk.groupHint'), text: t('admin.desk.group', { n: groupSize }) }));
      body.append(
        el(
          'tr',
          { class: item.ticket === current ? 'is-current' : '', dataset: { ticket: item.ticket } },
          el('td', {}, box),
          el('td', {}, open, el('div', { class: 'sub', text: `${formatTime(item.createdAt)} · ${item.kind}` })),
          el('td', {}, statusBadge(item.status)),
          question,
          el('td', { text: [item.assignee, item.department].filter(Boolean).join(' · ') }),
        ),
      );
    }
  }

  /**
   * @param {string} label
   * @param {string | null | undefined} value
   */
  function field(label, value) {
    return [el('dt', { text: label }), el('dd', { text: value ?? '' })];
  }



  /**
   * Shows `message` above the refreshed item once an action is done.
   * @param {string} message
   */
  async function done(message) {
    flash = message;
    await loadList();
    await showItem(current, true);
  }

  /**
   * A small form bound to one action; shows the result in its own status line.
   * @param {string} id
   * @param {string} title
   * @param {HTMLElement} controls
   * @param {string} submitText
   * @param {(data: FormData) => Promise<string>} run
   */
  function actionForm(id, title, controls, submitText, run) {
    const status = el('p', { class: 'form-result', role: 'status' });
    const button = el('button', { type: 'submit', class: 'btn btn--primary', text: submitText });
    const form = el('form', { class: 'form form--inline', id }, el('h4', { text: title }), controls, button, status);
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      step(button, status, async () => done(await run(new FormData(form))));
    });
    return form;
  }

  /**
   * The reply form. Before anything is sent, the desk says who else would receive the reply
   * (open items of the same group) or that it goes to this item only (it holds personal details);
   * the staff member then confirms, choosing which of the others receive it.
   * @param {string} ticket
   * @returns {ReplyForm}
   */
  function replyForm(ticket) {
    const text = el('textarea', { name: 'text', rows: '5', required: true, maxlength: '2000', 'aria-label': t('admin.desk.replyLabel') });
    const status = el('p', { class: 'form-result', role: 'status' });
    const button = el('button', { type: 'submit', class: 'btn btn--primary', text: t('admin.desk.replyButton') });
    const confirmBox = el('div', { class: 'confirm-box', id: 'reply-confirm', hidden: true });
    const form = /** @type {ReplyForm} */ (
      Object.assign(el('form', { class: 'form form--inline', id: 'reply-form' }, el('h4', { text: t('admin.desk.replyLabel') }), text, button, confirmBox, status), {
        /** @param {string} _value */
        useText: (_value) => {},
      })
    );
    const path = `items/${encodeURIComponent(ticket)}/reply`;

    /**
     * @param {string} body
     * @param {string[]} alsoTo
     */
    async function send(body, alsoTo) {
      await api(path, { method: 'POST', body: { text: body, alsoTo } });
      await done(alsoTo.length ? t('admin.desk.repliedGroup', { others: alsoTo.join('、') }) : t('admin.desk.replied'));
    }

    /**
     * @param {string} body
     * @param {ReplyPlan} plan
     * @param {string} personal the personal details found, in words
     */
    function showRecipients(body, plan, personal) {
      clear(confirmBox).hidden = false;
      const boxes = plan.alsoTo.map((other) =>
        el('input', { type: 'checkbox', class: 'recipient', value: other.ticket, checked: true, 'aria-label': other.ticket }),
      );
      if (plan.alsoTo.length) {
        confirmBox.append(
          el('h5', { text: t('admin.desk.replyRecipientsTitle') }),
          el('p', { class: 'hint', text: t('admin.desk.replyRecipientsHint') }),
          el('ul', { class: 'recipients' }, plan.alsoTo.map((other, i) => el('li', {}, el('label', {}, boxes[i], ` ${other.ticket}　`, el('span', { text: other.question }))))),
        );
      }
      if (plan.personal.length) {
        const others = plan.heldBack.map((h) => h.ticket).join('、') || '—';
        confirmBox.append(el('p', { class: 'hint hint--warning', text: t('admin.desk.replyPersonal', { details: personal, ticket: plan.ticket, others }) }));
      }
      const ok = el('button', { type: 'button', class: 'btn btn--primary', id: 'reply-confirm-send', text: t('admin.desk.replyConfirm') });
      const cancel = el('button', { type: 'button', class: 'btn', text: t('admin.desk.replyCancel') });
      ok.addEventListener('click', () => step(ok, status, () => send(body, boxes.filter((b) => b.checked).map((b) => b.value))));
      cancel.addEventListener('click', () => {
        clear(confirmBox).hidden = true;
      });
      confirmBox.append(el('div', { class: 'actions' }, ok, cancel));
    }

    form.addEventListener('submit', (event) => {
      event.preventDefault();
      step(button, status, async () => {
        const body = text.value;
        const { plan, personal } = /** @type {{ plan: ReplyPlan; personal: string }} */ (await api(`${path}/preview`, { method: 'POST', body: { text: body } }));
        // Nobody else is involved: nothing to confirm.
        if (!plan.alsoTo.length && !plan.personal.length) return send(body, []);
        showRecipients(body, plan, personal);
      });
    });
    // "Reply with the suggestion" fills this form and sends it (through the same recipient check).
    form.useText = (value) => {
      text.value = value;
      form.requestSubmit();
    };
    return form;
  }

  /**
   * What the corpus would now answer this open ticket (found after a reindex), with its sources and a one-step reply.
   * @param {Suggestion} suggestion
   * @param {ReplyForm} reply
   */
  function suggestionBox(suggestion, reply) {
    const status = el('p', { class: 'form-result', role: 'status' });
    const use = el('button', { type: 'button', class: 'btn btn--primary', id: 'use-suggestion', text: t('admin.desk.useSuggestion') });
    use.addEventListener('click', () => reply.useText(suggestion.answer));
    const sources = suggestion.citations.map((c) => el('li', { text: [c.title, c.section === c.title ? '' : c.section].filter(Boolean).join(' › ') }));
    return el(
      'section',
      { class: 'confirm-box', id: 'desk-suggestion' },
      el('h3', { text: t('admin.desk.suggestion') }),
      el('p', { class: 'hint', text: t('admin.desk.suggestionHint', { at: formatTime(suggestion.at) }) }),
      el('p', { class: 'reply', id: 'suggestion-answer', text: suggestion.answer }),
      sources.length ? el('ol', { class: 'candidates' }, sources) : null,
      el('div', { class: 'actions' }, use),
      status,
    );
  }

  /**
   * Promote to FAQ in two steps: the preview shows what would be published (personal numbers
   * removed, names flagged) in editable fields; only "确认发布" writes it.
   * @param {string} ticket
   */
  function promoteForm(ticket) {
    const status = el('p', { class: 'form-result', role: 'status' });
    const button = el('button', { type: 'submit', class: 'btn btn--primary', text: t('admin.desk.promotePreviewButton') });
    const draftBox = el('div', { class: 'confirm-box', id: 'promote-draft', hidden: true });
    const form = el('form', { class: 'form form--inline', id: 'promote-form' }, el('h4', { text: t('admin.desk.promoteTitle') }), button, draftBox, status);
    const path = `items/${encodeURIComponent(ticket)}/promote`;
    const show = faqDraftEditor({
      draftBox,
      status,
      path,
      idPrefix: 'promote',
      keys: 'admin.desk.promote',
      onPublished: (r) => done(t('admin.desk.promoted', { faqId: r.faqId })),
    });

    form.addEventListener('submit', (event) => {
      event.preventDefault();
      step(button, status, async () => show(/** @type {{ draft: FaqDraft }} */ (await api(`${path}/preview`, { method: 'POST', body: {} })).draft));
    });
    return form;
  }

  /**
   * @param {string | null} ticket
   * @param {boolean} [keepFocus]
   */
  async function showItem(ticket, keepFocus = false) {
    if (!ticket) return;
    current = ticket;
    for (const row of body.querySelectorAll('tr')) row.classList.toggle('is-current', row.dataset.ticket === ticket);
    const { item } = /** @type {{ item: DeskItem }} */ (await api(`items/${encodeURIComponent(ticket)}`));
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
        field(t('admin.desk.channel'), item.channelText ?? item.channel),
        field(t('admin.desk.handle'), item.handle),
        field(t('admin.desk.topic'), item.topic ?? ''),
        field(t('admin.desk.colAssignee'), item.assignee ?? ''),
        field(t('admin.desk.department'), item.department ?? ''),
        field(t('admin.desk.delivery'), item.deliveryText),
      ),
      el('blockquote', { class: 'question', text: item.question }),
    );
    if (item.groupTickets?.length) detail.append(el('p', { class: 'hint', text: `${t('admin.desk.group', { n: item.groupTickets.length + 1 })}：${item.groupTickets.join('、')}。${t('admin.desk.groupHint')}` }));
    if (item.reply) detail.append(el('h3', { text: t('admin.desk.replyLabel') }), el('p', { class: 'reply', text: item.reply }));

    // A 👎 item: the answer the citizen rejected and the passages it came from.
    if (item.rejected) {
      detail.append(
        el('h3', { text: t('admin.desk.rejected') }),
        el('p', { class: 'reply', id: 'rejected-answer', text: item.rejected.answer }),
        el('h3', { text: t('admin.desk.rejectedFrom') }),
        item.rejected.passages.length
          ? el('ol', { class: 'candidates', id: 'rejected-passages' }, item.rejected.passages.map((p) => el('li', {}, el('strong', { text: [p.title, p.section === p.title ? '' : p.section].filter(Boolean).join(' › ') }), p.text ? el('p', { class: 'hint', text: p.text }) : null)))
          : el('p', { class: 'hint', text: t('admin.desk.noCandidates') }),
      );
    }
    detail.append(el('h3', { text: t('admin.desk.candidates') }));
    detail.append(
      item.candidates?.length
        ? el('ol', { class: 'candidates' }, item.candidates.map((c) => el('li', { text: `${c.title}${c.section ? ` › ${c.section}` : ''}（${Number(c.score).toFixed(3)}）` })))
        : el('p', { class: 'hint', text: t('admin.desk.noCandidates') }),
    );

    if (open && mayAct) {
      const reply = replyForm(ticket);
      if (item.suggestion) detail.append(suggestionBox(item.suggestion, reply));
      detail.append(reply);
      const who = el('select', { name: 'assignee', 'aria-label': t('admin.desk.assignLabel') }, staffNames.map((n) => el('option', { value: n, text: n, selected: n === item.assignee })));
      detail.append(
        actionForm('assign-form', t('admin.desk.assignLabel'), who, t('admin.desk.assignButton'), async (data) => {
          await api(`items/${encodeURIComponent(ticket)}/assign`, { method: 'POST', body: { assignee: data.get('assignee') } });
          return t('admin.desk.assigned', { name: String(data.get('assignee')) });
        }),
      );
      if (departments.length) {
        const which = el('select', { name: 'department', 'aria-label': t('admin.desk.departmentLabel') }, departments.map((d) => el('option', { value: d, text: d, selected: d === item.department })));
        detail.append(
          actionForm('department-form', t('admin.desk.departmentLabel'), which, t('admin.desk.departmentButton'), async (data) => {
            await api(`items/${encodeURIComponent(ticket)}/department`, { method: 'POST', body: { department: data.get('department') } });
            return t('admin.desk.departmentAssigned', { department: String(data.get('department')) });
          }),
        );
      }
      const reason = el('input', { name: 'reason', maxlength: '200', 'aria-label': t('admin.desk.closeLabel'), placeholder: t('admin.desk.closeLabel') });
      detail.append(
        actionForm('close-form', t('admin.desk.closeLabel'), reason, t('admin.desk.closeButton'), async (data) => {
          await api(`items/${encodeURIComponent(ticket)}/close`, { method: 'POST', body: { reason: data.get('reason') } });
          return t('admin.desk.closed');
        }),
      );
    }
    if (item.status === '已答复' && mayPromote) detail.append(promoteForm(ticket));

    detail.append(el('h3', { text: t('admin.desk.history') }));
    detail.append(el('ol', { class: 'history' }, (item.history ?? []).map((h) => el('li', { text: `${formatTime(h.at)} ${h.actor}：${h.action}${h.detail ? `（${h.detail}）` : ''}` }))));
    if (!keepFocus) heading.focus();
  }

  /** @returns {string[]} */
  function selected() {
    return [...body.querySelectorAll('.row-check:checked')].filter((b) => b instanceof HTMLInputElement).map((b) => b.value);
  }

  /**
   * @param {string} action
   * @param {Record<string, string>} extra
   * @param {string[]} [tickets]
   */
  async function bulk(action, extra, tickets = selected()) {
    bulkStatus.textContent = '';
    try {
      const r = /** @type {{ done: string[]; failed: unknown[] }} */ (await api('items/bulk', { method: 'POST', body: { action, tickets, ...extra } }));
      bulkStatus.textContent = t('admin.desk.bulkDone', { done: r.done.length, failed: r.failed.length });
      await loadList();
      return true;
    } catch (err) {
      bulkStatus.textContent = errorText(err);
      return false;
    }
  }

  /**
   * Bulk close asks first, as the CLI does: how many items, and a reason (required; it goes into
   * each item's history and the citizen's ticket lookup). Nothing is closed until "确认关闭".
   */
  const closeBox = byId('bulk-close-confirm', HTMLElement);
  const closeReason = byId('bulk-close-reason', HTMLInputElement);
  const closeError = byId('bulk-close-error', HTMLElement);
  /** @type {string[]} */
  let closing = [];
  function askBulkClose() {
    closing = selected();
    bulkStatus.textContent = '';
    if (!closing.length) {
      bulkStatus.textContent = t('admin.desk.bulkCloseNone');
      return;
    }
    byId('bulk-close-title', HTMLElement).textContent = t('admin.desk.bulkCloseTitle', { n: closing.length });
    closeError.textContent = '';
    closeReason.value = '';
    closeBox.hidden = false;
    closeReason.focus();
  }
  async function confirmBulkClose() {
    const reason = closeReason.value.trim();
    if (!reason) {
      closeError.textContent = t('admin.desk.bulkCloseNeedsReason');
      closeReason.focus();
      return;
    }
    if (await bulk('close', { reason }, closing)) closeBox.hidden = true;
  }

  const reload = guarded(loadList);
  filter.addEventListener('submit', (event) => {
    event.preventDefault();
    reload();
  });
  statusSelect.addEventListener('change', reload);
  kindSelect.addEventListener('change', reload);
  departmentSelect.addEventListener('change', reload);
  selectAll.addEventListener('change', () => {
    for (const b of body.querySelectorAll('.row-check')) if (b instanceof HTMLInputElement) b.checked = selectAll.checked;
  });
  byId('bulk-close', HTMLButtonElement).addEventListener('click', askBulkClose);
  byId('bulk-close-ok', HTMLButtonElement).addEventListener('click', guarded(confirmBulkClose));
  closeReason.addEventListener('input', () => {
    closeError.textContent = '';
  });
  byId('bulk-close-cancel', HTMLButtonElement).addEventListener('click', () => {
    closeBox.hidden = true;
  });
  // Without desk actions the selection boxes and bulk bar have no use.
  if (!mayAct) one('.toolbar--bulk', HTMLElement).hidden = true;
  byId('bulk-assign', HTMLButtonElement).addEventListener('click', () => bulk('assign', { assignee: bulkAssignee.value }));

  return {
    async load() {
      await loadStaff();
      await loadList();
    },
  };
}
