/**
 * The web channel: citizen chat page and embeddable widget, the JSON API, and
 * the staff console at /admin.
 */
import type { FastifyInstance } from 'fastify';
import type { WebParts } from './ports.ts';
import { buildWebServer, type WebServerOptions } from './server.ts';

export { buildWebServer, type WebServerOptions } from './server.ts';
export { openStaffStore, type StaffStore } from './staff/index.ts';
export type { WebParts } from './ports.ts';

export interface RunningWebServer {
  /** Base URL, e.g. http://127.0.0.1:8080 */
  url: string;
  server: FastifyInstance;
  /** Stops accepting connections and waits for open requests to finish. */
  close(): Promise<void>;
}

/** Builds the server and listens on config.http.host:port. */
export async function startWebServer(parts: WebParts, options: WebServerOptions = {}): Promise<RunningWebServer> {
  const { config } = parts;
  const server = await buildWebServer(parts, options);
  await server.listen({ host: config.http.host, port: config.http.port });
  const address = server.server.address();
  const port = typeof address === 'object' && address ? address.port : config.http.port;
  const host = config.http.host.includes(':') ? `[${config.http.host}]` : config.http.host;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${host}:${port}`,
    server,
    close: () => (closing ??= server.close()),
  };
}
