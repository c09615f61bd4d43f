/**
 * The citizen's side of the staff desk: 👍/👎 feedback, 转人工 (hand-off to a
 * person), and looking up a ticket's status and staff reply.
 */
import type { FastifyPluginAsync } from 'fastify';
import type { App } from '../../../app.ts';
import { parseInput, WebError } from '../errors.ts';
import type { Translate } from '../text.ts';
import type { CitizenSchemas } from './schemas.ts';
import { maskForCitizen } from './mask.ts';

export interface DeskRoutesOptions {
  app: App;
  t: Translate;
  schemas: CitizenSchemas;
  rateLimit: { max: number; timeWindow: number };
}

export const citizenDeskRoutes: FastifyPluginAsync<DeskRoutesOptions> = async (server, { app, t, schemas, rateLimit }) => {
  server.post('/feedback', { config: { rateLimit } }, async (request) => {
    const body = parseInput(schemas.feedback, request.body, t);
    let ticket: string | null;
    try {
      ({ ticket } = app.desk.feedback(body.turnId, body.helpful, { channel: 'web', channelUserId: body.sessionId, note: body.note }));
    } catch (err) {
      request.log.warn({ err, turnId: body.turnId }, 'feedback refused');
      throw new WebError(404, t('api.errors.turnNotFound'));
    }
    return { ok: true, ticket, message: body.helpful ? t('api.feedback.thanks') : t('api.feedback.noted', { ticket: ticket ?? '' }) };
  });

  server.post('/handoff', { config: { rateLimit } }, async (request) => {
    const body = parseInput(schemas.handoff, request.body, t);
    const question = body.question ?? (body.turnId ? app.desk.turnQuestion(body.turnId) : undefined);
    if (!question) throw new WebError(404, t('api.errors.turnNotFound'));
    const { ticket } = app.desk.openItem({
      kind: '转人工',
      channel: 'web',
      channelUserId: body.sessionId,
      question,
      candidates: [],
      turnId: body.turnId,
    });
    return { ticket, message: t('api.handoff.opened', { ticket }) };
  });

  server.get('/tickets/:ticket', { config: { rateLimit } }, async (request) => {
    const raw = (request.params as { ticket: string }).ticket;
    const { ticket } = parseInput(schemas.ticket, { ticket: raw }, t);
    const item = app.desk.getItem(ticket);
    if (!item) throw new WebError(404, t('api.errors.ticketNotFound', { ticket }));
    return {
      ticket: item.ticket,
      status: item.status,
      statusText: t(`api.ticketStatus.${item.status}`),
      kind: item.kind,
      createdAt: item.createdAt,
      question: maskForCitizen(item.question),
      reply: item.reply ?? null,
      repliedAt: item.repliedAt ?? null,
    };
  });
};
