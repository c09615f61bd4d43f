/**
 * The web channel runs on the parts it is given, not on the App: a server built
 * from a stand-in ask and a real desk answers through that ask, and a route
 * group registered without the ports it declares refuses to start, naming
 * what is missing, instead of failing in a citizen's request.
 */
import Fastify from 'fastify';
import fp from 'fastify-plugin';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnswerResult, AskOptions } from '../src/answer/types.ts';
import { buildWebServer, type WebParts } from '../src/channels/web/index.ts';
import { citizenApi } from '../src/channels/web/citizen/index.ts';
import { hitTestRoutes } from '../src/channels/web/admin/hittest-routes.ts';
import { PORTS_PLUGIN } from '../src/channels/web/ports.ts';
import { openDesk, type Desk } from '../src/desk/index.ts';
import { emptyWorkspace, engineConfig, removeTempDirs } from './fixtures/engine-workspace.ts';

const notUsed = () => Promise.reject(new Error('not used by the citizen API'));

describe('web: the parts it is given', () => {
  const asked: { question: string; opts: AskOptions }[] = [];
  let desk: Desk;
  let server: Awaited<ReturnType<typeof buildWebServer>>;
  let url = '';

  beforeAll(async () => {
    const config = engineConfig(emptyWorkspace());
    const log = pino({ level: 'silent' });
    desk = openDesk(config, log);
    const ask = async (question: string, opts: AskOptions): Promise<AnswerResult> => {
      asked.push({ question, opts });
      return {
        question,
        resolved: true,
        kind: 'answer',
        answer: '替身回答：二十个工作日。',
        persona: opts.persona ?? 'xiaoli',
        citations: [],
        ticket: null,
        turnId: null,
        confidence: { score: 0.9, threshold: 0.5 },
        timings: { totalMs: 1 },
      };
    };
    const parts: WebParts = {
      config,
      log,
      ask,
      desk,
      engine: { explain: notUsed, answer: notUsed, passageCoverage: () => {
        throw new Error('not used by the citizen API');
      },
      version: 'stand-in' },
      reindex: notUsed,
      suggestions: async () => null,
    };
    server = await buildWebServer(parts);
    url = await server.listen({ host: '127.0.0.1', port: 0 });
  });
  afterAll(async () => {
    await server?.close();
    desk?.closeDb();
    removeTempDirs();
  });

  it('answers /api/ask through the ask it was given, as the web channel', async () => {
    const res = await fetch(`${url}/api/ask`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ question: '申请公开多久答复？', sessionId: 'session-ports-1' }),
    });
    expect(res.status).toBe(200);
    expect((await res.json()).answer).toBe('替身回答：二十个工作日。');
    expect(asked).toHaveLength(1);
    expect(asked[0]).toMatchObject({ question: '申请公开多久答复？', opts: { channel: 'web', channelUserId: 'session-ports-1', conversationId: 'session-ports-1' } });
  });

  it('looks tickets up in the desk it was given', async () => {
    const { ticket } = desk.openItem({ kind: '未解答', channel: 'web', channelUserId: 'session-ports-2', question: '游泳馆几点开门？', candidates: [] });
    const lookup = (sessionId: string) =>
      fetch(`${url}/api/tickets/lookup`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ticket, sessionId }) });
    const own = await lookup('session-ports-2');
    expect(own.status).toBe(200);
    expect((await own.json()).ticket).toBe(ticket);
    expect((await lookup('session-ports-3')).status).toBe(404);
  });
});

describe('web: route groups declare the ports they need', () => {
  it('a route group registered without the ports refuses to start, naming the decoration and the group', async () => {
    const bare = Fastify();
    bare.register(citizenApi, { prefix: '/api' });
    await expect(bare.ready()).rejects.toThrow(/appConfig.*guanbot-citizen-api/);
    await bare.close();
  });

  it('a route group whose decoration is missing refuses to start and names the decoration', async () => {
    const partial = Fastify();
    // Registered under the ports' name, but without the hit tester the group needs.
    partial.register(fp(async () => undefined, { name: PORTS_PLUGIN }));
    partial.register(hitTestRoutes);
    await expect(partial.ready()).rejects.toThrow(/hitTester/);
    await partial.close();
  });
});
