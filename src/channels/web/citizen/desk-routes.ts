/**
 * The citizen's side of the staff desk: 👍/👎 feedback, 转人工 (hand-off to a
 * person), and looking up a ticket's status and staff reply. Everything is
 * bound to the browser session that asked: turn ids and tickets are
 * sequential, so another session's turn or ticket is answered exactly like an
 * unknown one and reveals nothing.
 */
import type { onRequestAsyncHookHandler } from 'fastify';
import { DeskError, ITEM_KIND } from '../../../desk/index.ts';
import { parseInput, WebError } from '../errors.ts';
import { routeGroup } from '../ports.ts';
import type { CitizenSchemas } from './schemas.ts';

export interface DeskRoutesOptions {
  schemas: CitizenSchemas;
  rateLimit: { max: number; timeWindow: number };
  /** The tighter per-address budget of 转人工, which opens a free-text ticket (rate-limits.ts `sharedBudget`). */
  handoffBudget: onRequestAsyncHookHandler;
}

export const citizenDeskRoutes = routeGroup<DeskRoutesOptions>('guanbot-citizen-desk', ['citizenDesk', 'webTexts'], async (server, { schemas, rateLimit, handoffBudget }) => {
  const { citizenDesk: desk, webTexts: t } = server;
  server.post('/feedback', { config: { rateLimit } }, async (request) => {
    const body = parseInput(schemas.feedback, request.body, t);
    let ticket: string | null;
    try {
      // The desk refuses a turn this session did not ask as not_found (and so never returns its ticket).
      ({ ticket } = desk.feedback(body.turnId, body.helpful, { channel: 'web', channelUserId: body.sessionId, note: body.note }));
    } catch (err) {
      if (err instanceof DeskError && err.code === 'not_found') throw new WebError(404, t('api.errors.turnNotFound'));
      throw err;
    }
    return { ok: true, ticket, message: body.helpful ? t('api.feedback.thanks') : t('api.feedback.noted', { ticket: ticket ?? '' }) };
  });

  server.post('/handoff', { onRequest: handoffBudget }, async (request) => {
    const body = parseInput(schemas.handoff, request.body, t);
    if (body.turnId !== undefined && !desk.ownsTurn(body.turnId, 'web', body.sessionId)) {
      throw new WebError(404, t('api.errors.turnNotFound'));
    }
    const question = body.question ?? (body.turnId !== undefined ? desk.turnQuestion(body.turnId) : undefined);
    if (!question) throw new WebError(404, t('api.errors.turnNotFound'));
    const { ticket } = desk.openItem({
      kind: ITEM_KIND.handoff,
      channel: 'web',
      channelUserId: body.sessionId,
      question,
      candidates: [],
      turnId: body.turnId,
    });
    return { ticket, message: t('api.handoff.opened', { ticket }) };
  });

  // POST, not GET: the session id is the citizen's key and must not end up in URLs and access logs.
  server.post('/tickets/lookup', { config: { rateLimit } }, async (request) => {
    const { ticket, sessionId } = parseInput(schemas.ticketLookup, request.body, t);
    // The desk's citizen view: masked question, status, and the reply once there is one.
    const item = desk.citizenTicket(ticket, 'web', sessionId);
    if (!item) throw new WebError(404, t('api.errors.citizenTicketNotFound', { ticket }));
    // A closed ticket tells the citizen why it was closed.
    const statusText = item.closeReason ? t('api.ticketStatusClosed', { reason: item.closeReason }) : t(`api.ticketStatus.${item.status}`);
    return { ...item, statusText };
  });
});
