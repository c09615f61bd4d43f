/**
 * The desk in the console: the item queue (filters, search, groups), one item
 * in full, and the staff actions reply, assign, close, promote to FAQ and
 * their bulk forms, and assignment to a department. Every action is audited
 * under the staff member's name; every route declares the capability it needs.
 */
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { ItemKind, ItemStatus } from '../../../desk/index.ts';
import { parseInput, WebError } from '../errors.ts';
import { CAPABILITY } from '../staff/index.ts';
import { needs } from './access.ts';
import { routeGroup } from '../ports.ts';
import type { ReindexJob } from './reindex-job.ts';
import { DeskError, deskMessages, describeDelivery, describePersonalDetails, draftFaq, promoteToFaq, ITEM_KINDS, ITEM_STATUSES, OPEN_STATUSES, type Item } from '../../../desk/index.ts';
// Not on the desk's public face (src/desk/index.ts) yet.
import { ticketSchema } from '../ticket-schema.ts';
import { confirmedDraft, draftPreview } from './faq-draft-schema.ts';

export interface AdminDeskOptions {
  reindex: ReindexJob;
}

const DESK_STATUS = { not_found: 404, invalid_state: 409, invalid_input: 400 } as const;

export const adminDeskRoutes = routeGroup<AdminDeskOptions>('guanbot-admin-desk', ['staffDesk', 'appConfig', 'webTexts', 'staffStore'], async (server, { reindex }) => {
  const { staffDesk: desk, appConfig: config, webTexts: t, staffStore: staff } = server;
  const ticketParam = z.object({ ticket: ticketSchema(t('api.errors.badTicket')) });
  const schemas = {
    filter: z.object({
      status: z.enum(ITEM_STATUSES as [string, ...string[]]).optional().catch(undefined),
      kind: z.enum(ITEM_KINDS as [string, ...string[]]).optional().catch(undefined),
      search: z.string().trim().max(100).optional(),
      department: z.string().trim().max(32).optional(),
      limit: z.coerce.number().int().min(1).max(500).default(200),
    }),
    reply: z.object({
      text: z.string({ error: t('api.errors.replyEmpty') }).trim().min(1, t('api.errors.replyEmpty')).max(2000, t('api.errors.replyTooLong')),
      // The group members the staff member was shown (reply/preview) and confirmed; nobody else receives it.
      alsoTo: z.array(ticketSchema(t('api.errors.badTicket'))).max(200).default([]),
    }),
    promote: draftPreview,
    promoteConfirmed: confirmedDraft(t('api.errors.promoteNeedsPreview'), t('api.errors.promoteNeedsPreview')),
    department: z.object({ department: z.string({ error: t('api.errors.departmentMissing') }).trim().min(1, t('api.errors.departmentMissing')).max(32) }),
    assign: z.object({ assignee: z.string({ error: t('api.errors.assigneeUnknown') }).trim().min(1, t('api.errors.assigneeUnknown')).max(64) }),
    close: z.object({ reason: z.string().trim().max(200).default('') }),
    bulk: z.object({
      action: z.enum(['close', 'assign'], { error: t('api.errors.badInput', { field: 'action' }) }),
      tickets: z.array(ticketSchema(t('api.errors.badTicket'))).min(1, t('api.errors.bulkEmpty')).max(200),
      assignee: z.string().trim().max(64).optional(),
      reason: z.string().trim().max(200).default(''),
    }).refine((b) => b.action !== 'close' || b.reason.length > 0, { message: t('api.errors.bulkNeedsReason') }),
  };

  const actor = (request: FastifyRequest) => request.staffName!;
  // The channel and the delivery in the desk's own words, so the console reads exactly as the CLI does.
  const deskT = deskMessages(config);
  const shown = (item: Item) => ({
    ...item,
    channelText: deskT(`channels.${item.channel}`),
    deliveryText: describeDelivery({ t: deskT, timeZone: config.timezone }, item.delivery),
  });
  const ticketOf = (request: FastifyRequest) => parseInput(ticketParam, request.params, t).ticket;
  const mustExist = (ticket: string) => {
    if (!desk.getItem(ticket)) throw new WebError(404, t('api.errors.ticketNotFound', { ticket }));
  };
  /** Desk refusals (already closed, not answered yet, …) come back in the desk's own Chinese words. */
  const toWebError = (err: unknown): never => {
    if (err instanceof DeskError) throw new WebError(DESK_STATUS[err.code] ?? 409, err.message);
    throw err;
  };
  const guarded = <T>(fn: () => T): T => {
    try {
      return fn();
    } catch (err) {
      return toWebError(err);
    }
  };
  const knownStaff = (name: string) => {
    const account = staff.accounts.get(name);
    if (!account || account.disabled) throw new WebError(400, t('api.errors.assigneeUnknown'));
  };
  /** Tickets go to departments that have staff (no typo creates a department nobody reads). */
  const knownDepartment = (department: string) => {
    const departments = staff.accounts.departments();
    if (!departments.includes(department)) throw new WebError(400, t('api.errors.departmentUnknown', { department, departments: departments.join('、') || '—' }));
  };

  server.get('/items', needs(CAPABILITY.deskRead), async (request) => {
    const f = parseInput(schemas.filter, request.query, t);
    const items = desk.listItems({ status: f.status as ItemStatus | undefined, kind: f.kind as ItemKind | undefined, search: f.search || undefined, department: f.department || undefined, limit: f.limit });
    // The lists come along so the console's filters and actions follow the desk instead of a copy of it.
    return { items: items.map(shown), statuses: ITEM_STATUSES, kinds: ITEM_KINDS, openStatuses: OPEN_STATUSES, departments: staff.accounts.departments() };
  });

  server.get('/items/:ticket', needs(CAPABILITY.deskRead), async (request) => {
    const ticket = ticketOf(request);
    const item = desk.getFullItem(ticket, { unmasked: true });
    if (!item) throw new WebError(404, t('api.errors.ticketNotFound', { ticket }));
    // Opening an item shows the unmasked question: that is worth a trace.
    staff.audit.record(actor(request), 'item.view', { target: ticket, ip: request.ip });
    return { item: shown(item) };
  });

  // Who else a reply would reach, shown to the staff member before sending.
  server.post('/items/:ticket/reply/preview', needs(CAPABILITY.deskAct), async (request) => {
    const ticket = ticketOf(request);
    const { text } = parseInput(schemas.reply, request.body, t);
    mustExist(ticket);
    const plan = guarded(() => desk.replyPlan(ticket, text));
    return { plan, personal: describePersonalDetails({ t: deskMessages(config) }, plan.personal) };
  });

  server.post('/items/:ticket/reply', needs(CAPABILITY.deskAct), async (request) => {
    const ticket = ticketOf(request);
    const { text, alsoTo } = parseInput(schemas.reply, request.body, t);
    mustExist(ticket);
    // Of the confirmed tickets, those the desk answers too (still open group members, and the reply is not personal).
    const answered = guarded(() => desk.replyPlan(ticket, text)).alsoTo.map((s) => s.ticket).filter((tk) => alsoTo.includes(tk));
    const item = guarded(() => desk.reply(ticket, text, actor(request), { alsoTo: answered }));
    staff.audit.record(actor(request), 'item.reply', { target: ticket, detail: { chars: text.length, alsoTo: answered }, ip: request.ip });
    return { item, alsoTo: answered };
  });

  server.post('/items/:ticket/assign', needs(CAPABILITY.deskAct), async (request) => {
    const ticket = ticketOf(request);
    const { assignee } = parseInput(schemas.assign, request.body, t);
    mustExist(ticket);
    knownStaff(assignee);
    const item = guarded(() => desk.assign(ticket, assignee, actor(request)));
    staff.audit.record(actor(request), 'item.assign', { target: ticket, detail: { assignee }, ip: request.ip });
    return { item };
  });

  server.post('/items/:ticket/close', needs(CAPABILITY.deskAct), async (request) => {
    const ticket = ticketOf(request);
    const { reason } = parseInput(schemas.close, request.body, t);
    mustExist(ticket);
    const item = guarded(() => desk.close(ticket, reason || t('api.desk.defaultCloseReason'), actor(request)));
    staff.audit.record(actor(request), 'item.close', { target: ticket, detail: { reason }, ip: request.ip });
    return { item };
  });

  // The FAQ entry as it would be published (personal numbers removed, names flagged), with the staff member's edits.
  server.post('/items/:ticket/promote/preview', needs(CAPABILITY.faqPromote), async (request) => {
    const ticket = ticketOf(request);
    const edits = parseInput(schemas.promote, request.body, t);
    mustExist(ticket);
    return { draft: guarded(() => draftFaq(desk, config, ticket, edits)) };
  });

  server.post('/items/:ticket/promote', needs(CAPABILITY.faqPromote), async (request) => {
    const ticket = ticketOf(request);
    const edits = parseInput(schemas.promoteConfirmed, request.body, t);
    mustExist(ticket);
    // Writes the reviewed FAQ document and rebuilds the index (through the
    // console's queue, never alongside another rebuild) before it returns.
    const via = { desk, config, reindex: () => reindex.request(actor(request)) };
    const result = await promoteToFaq(via, ticket, actor(request), edits).catch(toWebError);
    staff.audit.record(actor(request), 'item.promote', { target: ticket, detail: { faqId: result.faqId }, ip: request.ip });
    return { faqId: result.faqId, item: result.item, draft: result.draft };
  });

  server.post('/items/bulk', needs(CAPABILITY.deskAct), async (request) => {
    const body = parseInput(schemas.bulk, request.body, t);
    if (body.action === 'assign') {
      if (!body.assignee) throw new WebError(400, t('api.errors.assigneeUnknown'));
      knownStaff(body.assignee);
    }
    const done: string[] = [];
    const failed: { ticket: string; error: string }[] = [];
    for (const ticket of body.tickets) {
      try {
        mustExist(ticket);
        // Only the message of a refusal is kept, so the desk's own error needs no translation to a WebError here.
        if (body.action === 'close') desk.close(ticket, body.reason || t('api.desk.defaultCloseReason'), actor(request));
        else desk.assign(ticket, body.assignee!, actor(request));
        done.push(ticket);
      } catch (err) {
        failed.push({ ticket, error: (err as Error).message });
      }
    }
    staff.audit.record(actor(request), `bulk.${body.action}`, { target: done.join(','), detail: { assignee: body.assignee, reason: body.reason, failed: failed.length }, ip: request.ip });
    return { done, failed };
  });

  server.post('/items/:ticket/department', needs(CAPABILITY.deskAct), async (request) => {
    const ticket = ticketOf(request);
    const { department } = parseInput(schemas.department, request.body, t);
    mustExist(ticket);
    knownDepartment(department);
    const item = guarded(() => desk.assignDepartment(ticket, department, actor(request)));
    staff.audit.record(actor(request), 'item.department', { target: ticket, detail: { department }, ip: request.ip });
    return { item };
  });

  // Whom items can be assigned to: enabled staff and the departments they belong to.
  server.get('/staff', needs(CAPABILITY.deskAct), async () => ({
    names: staff.accounts.list().filter((a) => !a.disabled).map((a) => a.name),
    departments: staff.accounts.departments(),
  }));
});
