/**
 * What the web channel takes from the application (WebParts) and how its
 * route groups get at it: the parts are decorated onto the server once, by
 * the `guanbot-ports` plugin, and every route group is an encapsulated plugin
 * that names the decorations it needs, so fastify refuses to start a server
 * where one is missing instead of failing in a request.
 */
import type { FastifyBaseLogger, FastifyPluginAsync, FastifyPluginOptions, FastifyTypeProviderDefault, RawServerDefault } from 'fastify';
import fp from 'fastify-plugin';
import type { Logger } from 'pino';
import type { CitizenAsk, CitizenDesk, HitTester, IndexVersion, Reindexer, StaffDesk } from '../../app/index.ts';
import type { Config } from '../../config.ts';
import type { StaffStore } from './staff/index.ts';
import type { Translate } from './text.ts';

/** The application parts the web channel uses: the citizen API, the pages and the staff console. */
export interface WebParts extends Reindexer {
  config: Config;
  log: Logger;
  ask: CitizenAsk;
  /** The citizen routes see only its CitizenDesk side; the console works the whole desk. */
  desk: StaffDesk;
  /** Hit testing, and the serving index's version (the citation dates follow a rebuild). */
  engine: HitTester & IndexVersion;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** The ask use case (citizen questions). */
    asker: CitizenAsk;
    /** The desk as citizens use it: their tickets, feedback, 转人工. */
    citizenDesk: CitizenDesk;
    /** The desk as the console uses it. */
    staffDesk: StaffDesk;
    hitTester: HitTester;
    indexVersion: IndexVersion;
    reindexer: Reindexer;
    appConfig: Config;
    /** The web texts (prompts/messages/web.yaml of the configured prompts folder). */
    webTexts: Translate;
    /** Staff accounts, sessions and the audit log. */
    staffStore: StaffStore;
  }
}

/** A decoration the ports plugin provides. */
export type PortName = 'asker' | 'citizenDesk' | 'staffDesk' | 'hitTester' | 'indexVersion' | 'reindexer' | 'appConfig' | 'webTexts' | 'staffStore';

/** The name route groups depend on. */
export const PORTS_PLUGIN = 'guanbot-ports';

export interface PortsOptions {
  parts: WebParts;
  t: Translate;
  staff: StaffStore;
}

/** Decorates the server (not encapsulated: every route group below sees the decorations). */
export const portsPlugin = fp<PortsOptions, RawServerDefault, FastifyTypeProviderDefault, FastifyBaseLogger, FastifyPluginAsync<PortsOptions>>(
  async (server, { parts, t, staff }) => {
    server.decorate('asker', parts.ask);
    server.decorate('citizenDesk', parts.desk);
    server.decorate('staffDesk', parts.desk);
    server.decorate('hitTester', parts.engine);
    // The engine itself: its version changes with every reload.
    server.decorate('indexVersion', parts.engine);
    server.decorate('reindexer', { reindex: parts.reindex, suggestions: parts.suggestions });
    server.decorate('appConfig', parts.config);
    server.decorate('webTexts', t);
    server.decorate('staffStore', staff);
  },
  { name: PORTS_PLUGIN, fastify: '5.x' },
);

/**
 * A route group: an encapsulated plugin (its hooks, parsers and prefix stay its own) that declares the
 * decorations it reads, checked by fastify when it is registered.
 */
export function routeGroup<Options extends FastifyPluginOptions = Record<never, never>>(
  name: string,
  needs: readonly PortName[],
  plugin: FastifyPluginAsync<Options>,
): FastifyPluginAsync<Options> {
  return fp<Options, RawServerDefault, FastifyTypeProviderDefault, FastifyBaseLogger, FastifyPluginAsync<Options>>(plugin, {
    name,
    encapsulate: true,
    dependencies: [PORTS_PLUGIN],
    decorators: { fastify: [...needs] },
  });
}
