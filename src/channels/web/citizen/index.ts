/**
 * The public JSON API under /api: ask (plain and streamed), feedback, hand-off
 * to staff, ticket lookup. CORS only for the configured origins. Budgets per
 * client address (rate-limits.ts): the two question routes share the
 * configured questions per minute, 转人工 (a free-text ticket) has a tighter
 * one, feedback and lookups a looser one.
 */
import cors from '@fastify/cors';
import { routeGroup } from '../ports.ts';
import { citizenSchemas } from './schemas.ts';
import { askRoutes } from './ask-routes.ts';
import { citizenDeskRoutes } from './desk-routes.ts';
import { handoffPerMinute, MINUTE, sharedBudget } from '../rate-limits.ts';

export const citizenApi = routeGroup('guanbot-citizen-api', ['appConfig', 'webTexts'], async (server) => {
  const { appConfig: config, webTexts: t } = server;
  const origins = config.http.corsOrigins;
  await server.register(cors, {
    origin: origins.length ? origins : false,
    methods: ['GET', 'POST'],
    allowedHeaders: ['content-type'],
    maxAge: 600,
  });
  const schemas = citizenSchemas(t, config.promptsDir);
  const perMinute = config.http.rateLimitPerMinute;
  // One count for /ask and /ask/stream together: the documented N questions a minute, not N per route.
  const askBudget = sharedBudget(server, t, { max: perMinute, timeWindow: MINUTE, messageKey: 'api.errors.rateLimited' });
  const handoffBudget = sharedBudget(server, t, { max: handoffPerMinute(perMinute), timeWindow: MINUTE, messageKey: 'api.errors.handoffRateLimited' });
  // Feedback and lookups are cheap but still bounded against floods.
  const deskLimit = { max: Math.max(perMinute * 2, 20), timeWindow: MINUTE };
  await server.register(askRoutes, { schemas, askBudget });
  await server.register(citizenDeskRoutes, { schemas, rateLimit: deskLimit, handoffBudget });
});
