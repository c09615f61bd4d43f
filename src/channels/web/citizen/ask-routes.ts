/**
 * `POST /api/ask` (JSON) and `POST /api/ask/stream` (Server-Sent Events:
 * `delta` events while a generative answer is written, then `final`).
 */
import type { onRequestAsyncHookHandler } from 'fastify';
import { parseInput } from '../errors.ts';
import { routeGroup } from '../ports.ts';
import type { CitizenSchemas } from './schemas.ts';
// The one documented answer shape, shared with `guanbot ask --json`, plus each citation's source line and date.
import { citationView } from './citation-view.ts';

export interface AskRoutesOptions {
  schemas: CitizenSchemas;
  /** The per-address question budget both routes draw from (rate-limits.ts `sharedBudget`). */
  askBudget: onRequestAsyncHookHandler;
}

/** Deltas closer together than this are merged (the browser repaints no faster). */
const DELTA_INTERVAL_MS = 50;

export const askRoutes = routeGroup<AskRoutesOptions>('guanbot-citizen-ask', ['asker', 'appConfig', 'webTexts', 'indexVersion'], async (server, { schemas, askBudget }) => {
  const { asker: ask, appConfig: config, webTexts: t, indexVersion } = server;
  const toPublicAnswer = citationView(config.corpusDir, config.promptsDir, () => indexVersion.version);
  server.post('/ask', { onRequest: askBudget }, async (request) => {
    const body = parseInput(schemas.ask, request.body, t);
    // The page's session id is also its conversation: a follow-up is read with that session's previous turn.
    const result = await ask(body.question, { channel: 'web', channelUserId: body.sessionId, conversationId: body.sessionId, persona: body.persona });
    return toPublicAnswer(result);
  });

  server.post('/ask/stream', { onRequest: askBudget }, async (request, reply) => {
    const body = parseInput(schemas.ask, request.body, t);
    const res = reply.raw;
    const abort = new AbortController();
    res.on('close', () => {
      if (!res.writableEnded) abort.abort();
    });

    reply.hijack();
    // Headers set by hooks so far (CORS, rate limit) must survive the hijack.
    res.writeHead(200, {
      ...(reply.getHeaders() as Record<string, string>),
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      'x-accel-buffering': 'no',
      'x-content-type-options': 'nosniff',
    });
    const send = (event: string, data: unknown) => {
      if (!res.writableEnded && !res.destroyed) res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    };

    let lastSent = 0;
    let pending: string | null = null;
    let timer: NodeJS.Timeout | undefined;
    const flush = () => {
      timer = undefined;
      if (pending !== null) send('delta', { text: pending });
      pending = null;
      lastSent = Date.now();
    };
    const onDelta = (text: string) => {
      pending = text;
      if (timer) return;
      const wait = DELTA_INTERVAL_MS - (Date.now() - lastSent);
      if (wait <= 0) flush();
      else timer = setTimeout(flush, wait);
    };

    try {
      const result = await ask(body.question, {
        channel: 'web',
        channelUserId: body.sessionId,
        conversationId: body.sessionId,
        persona: body.persona,
        onDelta,
        signal: abort.signal,
      });
      if (timer) clearTimeout(timer);
      send('final', toPublicAnswer(result));
    } catch (err) {
      if (timer) clearTimeout(timer);
      request.log.error({ err }, 'streamed ask failed');
      send('error', { error: t('api.errors.internal') });
    } finally {
      res.end();
    }
  });
});
