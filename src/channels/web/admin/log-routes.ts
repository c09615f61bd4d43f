/**
 * The conversation log (对话记录) in the console: every turn with its answer,
 * citations, confidence, feedback and ticket, filtered and paged; one turn in
 * full; and 修正, which publishes staff's answer for a turn as a 问答 entry
 * through the console's reindex queue. Corrections are audited.
 */
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AnswerKind, Channel } from '../../../answer/types.ts';
import { correctTurn, DeskError, deskMessages, draftCorrection, MAX_TURN_PAGE, TURN_CHANNELS, TURN_KINDS } from '../../../desk/index.ts';
import { parseInput, WebError } from '../errors.ts';
import { CAPABILITY } from '../staff/index.ts';
import type { ReindexJob } from './reindex-job.ts';
import { needs } from './access.ts';
import { routeGroup } from '../ports.ts';
import { confirmedDraft, draftAnswer, draftPreview } from './faq-draft-schema.ts';

export interface LogRoutesOptions {
  reindex: ReindexJob;
}

const DESK_STATUS = { not_found: 404, invalid_state: 409, invalid_input: 400 } as const;
/** Empty form fields arrive as ''; they mean "no filter". */
const blank = (v: unknown) => (v === '' ? undefined : v);

export const logRoutes = routeGroup<LogRoutesOptions>('guanbot-admin-log', ['staffDesk', 'appConfig', 'webTexts', 'staffStore'], async (server, { reindex }) => {
  const { staffDesk: desk, appConfig: config, webTexts: t, staffStore: staff } = server;
  const schemas = {
    filter: z.object({
      since: z.preprocess(blank, z.string().trim().max(40).optional()),
      until: z.preprocess(blank, z.string().trim().max(40).optional()),
      channel: z.preprocess(blank, z.enum(TURN_CHANNELS as [string, ...string[]]).optional()),
      kind: z.preprocess(blank, z.enum(TURN_KINDS as [string, ...string[]]).optional()),
      resolved: z.preprocess(blank, z.enum(['yes', 'no']).optional()),
      feedback: z.preprocess(blank, z.enum(['up', 'down']).optional()),
      doc: z.preprocess(blank, z.string().trim().max(200).optional()),
      limit: z.coerce.number().int().min(1).max(MAX_TURN_PAGE).default(50),
      page: z.coerce.number().int().min(1).default(1),
    }),
    id: z.object({ id: z.coerce.number({ error: t('api.errors.turnNotFound') }).int().min(1, t('api.errors.turnNotFound')) }),
    // A correction's preview starts from an empty answer when none is given yet.
    preview: draftPreview.extend({ answer: draftAnswer.default('') }),
    confirmed: confirmedDraft(t('api.errors.promoteNeedsPreview'), t('api.errors.correctAnswer')),
  };
  const actor = (request: FastifyRequest) => request.staffName!;
  const idOf = (request: FastifyRequest) => parseInput(schemas.id, request.params, t).id;
  const toWebError = (err: unknown): never => {
    if (err instanceof DeskError) throw new WebError(DESK_STATUS[err.code] ?? 409, err.message);
    throw err;
  };

  server.get('/turns', needs(CAPABILITY.logRead), async (request) => {
    const f = parseInput(schemas.filter, request.query, t);
    try {
      const page = desk.listTurns({
        since: f.since,
        until: f.until,
        channel: f.channel as Channel | undefined,
        kind: f.kind as AnswerKind | undefined,
        resolved: f.resolved === undefined ? undefined : f.resolved === 'yes',
        feedback: f.feedback as 'up' | 'down' | undefined,
        docId: f.doc,
        limit: f.limit,
        offset: (f.page - 1) * f.limit,
      });
      // The lists come along so the console's filters follow the desk.
      // Channel names in the desk's one vocabulary (网页、微信…), as the CLI and the register show them.
      const channelNames = Object.fromEntries(TURN_CHANNELS.map((c) => [c, deskMessages(config)(`channels.${c}`)]));
      return { ...page, page: f.page, kinds: TURN_KINDS, channels: TURN_CHANNELS, channelNames };
    } catch (err) {
      return toWebError(err);
    }
  });

  server.get('/turns/:id', needs(CAPABILITY.logRead), async (request) => {
    const id = idOf(request);
    const turn = desk.getTurn(id);
    if (!turn) throw new WebError(404, t('api.errors.turnNotFound'));
    return { turn };
  });

  // The 问答 entry a correction would publish (personal numbers removed, names flagged), with the staff member's edits.
  server.post('/turns/:id/correct/preview', needs(CAPABILITY.faqPromote), async (request) => {
    const id = idOf(request);
    const edits = parseInput(schemas.preview, request.body, t);
    try {
      return { draft: draftCorrection(desk, config, id, edits) };
    } catch (err) {
      return toWebError(err);
    }
  });

  server.post('/turns/:id/correct', needs(CAPABILITY.faqPromote), async (request) => {
    const id = idOf(request);
    const edits = parseInput(schemas.confirmed, request.body, t);
    // Rebuilt through the console's queue, never alongside another rebuild, before it returns.
    const via = { desk, config, reindex: () => reindex.request(actor(request)) };
    const result = await correctTurn(via, id, actor(request), edits).catch(toWebError);
    staff.audit.record(actor(request), 'turn.correct', { target: String(id), detail: { faqId: result.faqId }, ip: request.ip });
    return { faqId: result.faqId, turn: result.turn, draft: result.draft };
  });
});
