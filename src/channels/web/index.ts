/**
 * The web channel: citizen chat page and embeddable widget, the JSON API, and
 * the staff console at /admin.
 */
import type { FastifyInstance } from 'fastify';
import type { App } from '../../app.ts';
import { buildWebServer, type WebServerOptions } from './server.ts';

export { buildWebServer, type WebServerOptions } from './server.ts';
export { openStaffStore, type StaffStore } from './staff/index.ts';

export interface RunningWebServer {
  /** Base URL, e.g. http://127.0.0.1:8080 */
  url: string;
  server: FastifyInstance;
  /** Stops accepting connections and waits for open requests to finish. */
  close(): Promise<void>;
}

/** Builds the server and listens on config.http.host:port. */
export async function startWebServer(app: App, options: WebServerOptions = {}): Promise<RunningWebServer> {
  const server = await buildWebServer(app, options);
  await server.listen({ host: app.config.http.host, port: app.config.http.port });
  const address = server.server.address();
  const port = typeof address === 'object' && address ? address.port : app.config.http.port;
  const host = app.config.http.host.includes(':') ? `[${app.config.http.host}]` : app.config.http.host;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${host}:${port}`,
    server,
    close: () => (closing ??= server.close()),
  };
}
