/**
 * The public JSON API under /api: ask (plain and streamed), feedback, hand-off
 * to staff, ticket lookup. CORS only for the configured origins. Budgets per
 * client address (rate-limits.ts): the two question routes share the
 * configured questions per minute, 转人工 (a free-text ticket) has a tighter
 * one, feedback and lookups a looser one.
 */
import type { FastifyPluginAsync } from 'fastify';
import cors from '@fastify/cors';
import type { App } from '../../../app.ts';
import type { Translate } from '../text.ts';
import { citizenSchemas } from './schemas.ts';
import { askRoutes } from './ask-routes.ts';
import { citizenDeskRoutes } from './desk-routes.ts';
import { handoffPerMinute, MINUTE, sharedBudget } from '../rate-limits.ts';

export interface CitizenApiOptions {
  app: App;
  t: Translate;
}

export const citizenApi: FastifyPluginAsync<CitizenApiOptions> = async (server, { app, t }) => {
  const origins = app.config.http.corsOrigins;
  await server.register(cors, {
    origin: origins.length ? origins : false,
    methods: ['GET', 'POST'],
    allowedHeaders: ['content-type'],
    maxAge: 600,
  });
  const schemas = citizenSchemas(t, app.config.promptsDir);
  const perMinute = app.config.http.rateLimitPerMinute;
  // One count for /ask and /ask/stream together: the documented N questions a minute, not N per route.
  const askBudget = sharedBudget(server, t, { max: perMinute, timeWindow: MINUTE, messageKey: 'api.errors.rateLimited' });
  const handoffBudget = sharedBudget(server, t, { max: handoffPerMinute(perMinute), timeWindow: MINUTE, messageKey: 'api.errors.handoffRateLimited' });
  // Feedback and lookups are cheap but still bounded against floods.
  const deskLimit = { max: Math.max(perMinute * 2, 20), timeWindow: MINUTE };
  await server.register(askRoutes, { app, t, schemas, askBudget });
  await server.register(citizenDeskRoutes, { app, t, schemas, rateLimit: deskLimit, handoffBudget });
};
