/**
 * Shared setup for the web channel's tests: a real app on a temp copy of
 * ./corpus with a temp data dir, the real web server on 127.0.0.1 (port 0),
 * a staff store with a movable clock, and a small cookie-keeping staff client.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig, type Config } from '../src/config.ts';
import { createApp, type App } from '../src/app.ts';
import { buildWebServer, openStaffStore, type StaffStore, type WebServerOptions } from '../src/channels/web/index.ts';
import type { FastifyInstance } from 'fastify';

const repoRoot = path.resolve(fileURLToPath(new URL('..', import.meta.url)));

export interface WebFixture {
  tmp: string;
  config: Config;
  app: App;
  staff: StaffStore;
  server: FastifyInstance;
  url: string;
  /** Moves the staff store's clock (login throttle tests). */
  advance(ms: number): void;
  close(): Promise<void>;
}

/** `serverOptions` go to buildWebServer (e.g. `onRoute`, to collect the registered routes). */
export async function startWebFixture(env: Record<string, string> = {}, wrapApp?: (app: App) => App, serverOptions: Omit<WebServerOptions, 'staff'> = {}): Promise<WebFixture> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'guanbot-'));
  const corpusDir = path.join(tmp, 'corpus');
  fs.cpSync(path.join(repoRoot, 'corpus'), corpusDir, { recursive: true });
  const config = loadConfig({ GUANBOT_DATA_DIR: path.join(tmp, 'data'), GUANBOT_CORPUS_DIR: corpusDir, GUANBOT_LOG_LEVEL: 'silent', ...env }, tmp);
  const realApp = await createApp({ config });
  const app = wrapApp ? wrapApp(realApp) : realApp;
  let offset = 0;
  const staff = openStaffStore(config.dbPath, () => Date.now() + offset);
  const server = await buildWebServer(app, { ...serverOptions, staff });
  await server.listen({ host: '127.0.0.1', port: 0 });
  const address = server.server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  return {
    tmp,
    config,
    app,
    staff,
    server,
    url,
    advance(ms) {
      offset += ms;
    },
    async close() {
      await server.close();
      staff.close();
      await realApp.close();
      fs.rmSync(tmp, { recursive: true, force: true });
    },
  };
}

/** POSTs JSON and returns status, headers and the parsed body. */
export async function postJson(url: string, body: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  return { status: res.status, headers: res.headers, body: (await res.json().catch(() => null)) as Record<string, any> };
}

/** A browser-like staff client: keeps cookies, sends the CSRF token on writes. */
export class StaffClient {
  private cookies = new Map<string, string>();
  csrf = '';

  /** `headers` go with every request (e.g. X-Forwarded-For, to log in from another address behind a trusted proxy). */
  constructor(readonly base: string, private readonly headers: Record<string, string> = {}) {}

  private remember(res: Response) {
    for (const line of res.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      if (!value || /max-age=0|expires=thu, 01 jan 1970/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  /** A request to /admin/api/<path>; returns status, headers and the parsed JSON (or raw bytes when not JSON). */
  async call(method: string, apiPath: string, body?: unknown, opts: { csrf?: boolean; form?: FormData } = {}) {
    const headers: Record<string, string> = { ...this.headers, cookie: this.cookieHeader() };
    if (method !== 'GET' && opts.csrf !== false) headers['x-csrf-token'] = this.csrf;
    let payload: BodyInit | undefined;
    if (opts.form) payload = opts.form;
    else if (body !== undefined) {
      headers['content-type'] = 'application/json';
      payload = JSON.stringify(body);
    }
    const res = await fetch(`${this.base}/admin/api/${apiPath}`, { method, headers, body: payload });
    this.remember(res);
    const type = res.headers.get('content-type') ?? '';
    const data = type.includes('json') ? await res.json() : Buffer.from(await res.arrayBuffer());
    return { status: res.status, headers: res.headers, body: data as any };
  }

  /** Fetches the session (and a fresh CSRF token). */
  async session() {
    const r = await this.call('GET', 'session');
    this.csrf = r.body.csrfToken;
    return r.body.name as string | null;
  }

  async login(name: string, password: string) {
    await this.session();
    const r = await this.call('POST', 'login', { name, password });
    await this.session();
    return r;
  }

  /** Raw Set-Cookie lines of the last login (attribute checks). */
  async loginRaw(name: string, password: string): Promise<string[]> {
    await this.session();
    const res = await fetch(`${this.base}/admin/api/login`, {
      method: 'POST',
      headers: { cookie: this.cookieHeader(), 'x-csrf-token': this.csrf, 'content-type': 'application/json' },
      body: JSON.stringify({ name, password }),
    });
    this.remember(res);
    return res.headers.getSetCookie();
  }
}
