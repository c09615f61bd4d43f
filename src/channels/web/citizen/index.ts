/**
 * The public JSON API under /api: ask (plain and streamed), feedback, hand-off
 * to staff, ticket lookup. CORS only for the configured origins; per-IP rate
 * limits (asking is the expensive part, so it has the configured limit).
 */
import type { FastifyPluginAsync } from 'fastify';
import cors from '@fastify/cors';
import type { App } from '../../../app.ts';
import type { Translate } from '../text.ts';
import { citizenSchemas } from './schemas.ts';
import { askRoutes } from './ask-routes.ts';
import { citizenDeskRoutes } from './desk-routes.ts';

export interface CitizenApiOptions {
  app: App;
  t: Translate;
}

const MINUTE = 60_000;

export const citizenApi: FastifyPluginAsync<CitizenApiOptions> = async (server, { app, t }) => {
  const origins = app.config.http.corsOrigins;
  await server.register(cors, {
    origin: origins.length ? origins : false,
    methods: ['GET', 'POST'],
    allowedHeaders: ['content-type'],
    maxAge: 600,
  });
  const schemas = citizenSchemas(t);
  const askLimit = { max: app.config.http.rateLimitPerMinute, timeWindow: MINUTE };
  // Feedback, hand-off and lookups are cheap but still bounded against floods.
  const deskLimit = { max: Math.max(app.config.http.rateLimitPerMinute * 2, 20), timeWindow: MINUTE };
  await server.register(askRoutes, { app, t, schemas, rateLimit: askLimit });
  await server.register(citizenDeskRoutes, { app, t, schemas, rateLimit: deskLimit });
};
