/**
 * Assembles the web server: security headers, Chinese JSON errors, cookies,
 * rate limiting, the application's ports (decorated once), the public API,
 * the pages, and the staff console.
 */
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type RouteOptions } from 'fastify';
import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import { messages } from '../../messages/index.ts';
import type { Translate } from './text.ts';
import { installErrorHandlers } from './errors.ts';
import { installSecurityHeaders } from './security-headers.ts';
import { citizenApi } from './citizen/index.ts';
import { pages } from './pages.ts';
import { adminConsole } from './admin/index.ts';
import { openStaffStore, type StaffStore } from './staff/index.ts';
import { portsPlugin, type WebParts } from './ports.ts';

export interface WebServerOptions {
  /** Staff store to use (tests inject one with a movable clock); default: opened on config.dbPath. */
  staff?: StaffStore;
  /** Adds routes of other channels (the Telegram webhook) to the same server. */
  mount?: (server: FastifyInstance) => void | Promise<void>;
  /** Called for every route as it is registered (the role test walks the console's routes with it). */
  onRoute?: (route: RouteOptions) => void;
}

/** Builds the fastify instance (not listening). */
export async function buildWebServer(parts: WebParts, options: WebServerOptions = {}): Promise<FastifyInstance> {
  const { config } = parts;
  const server = Fastify({
    loggerInstance: parts.log as unknown as FastifyBaseLogger,
    bodyLimit: 256 * 1024,
    // Off by default: client addresses come from the socket. Behind a proxy set GUANBOT_TRUST_PROXY.
    // fastify's overloads take each trustProxy form separately; the union is one of them at run time.
    trustProxy: config.http.trustProxy as boolean,
  });
  const t: Translate = messages('web', config.promptsDir);
  const staff = options.staff ?? openStaffStore(config.dbPath);
  if (!options.staff) server.addHook('onClose', async () => staff.close());

  if (options.onRoute) server.addHook('onRoute', options.onRoute);
  installErrorHandlers(server, t);
  installSecurityHeaders(server, config.http.corsOrigins);
  await server.register(cookie);
  await server.register(rateLimit, { global: false, errorResponseBuilder: (_req, ctx) => Object.assign(new Error('rate limited'), { statusCode: ctx.statusCode }) });

  await server.register(portsPlugin, { parts, t, staff });
  await server.register(citizenApi, { prefix: '/api' });
  await server.register(pages, { promptsDir: config.promptsDir });
  await server.register(adminConsole, { prefix: '/admin/api' });
  await options.mount?.(server);
  return server;
}
