/**
 * Server-level behaviour of the citizen API: per-IP rate limits with Chinese
 * 429s (one question budget across /ask and /ask/stream, a tighter one for
 * 转人工), CORS only for configured origins, and SSE streaming of a generated
 * answer from an OpenAI-compatible stand-in on 127.0.0.1.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { restatingModel, startFakeOpenAI, type FakeOpenAI } from './fixtures/fake-openai.ts';
import { postJson, startWebFixture, type WebFixture } from './web-fixture.ts';
import { handoffPerMinute } from '../src/channels/web/rate-limits.ts';

const QUESTION = '申请政府信息公开要收费吗？';
const COUNTY = 'https://www.guanxian.gov.cn';

describe('rate limit and CORS', () => {
  let fx: WebFixture;
  beforeAll(async () => {
    fx = await startWebFixture({ GUANBOT_WEB_RATE_LIMIT: '2', GUANBOT_CORS_ORIGINS: COUNTY });
  });
  afterAll(async () => {
    await fx?.close();
  });

  it('answers the third question in a minute from one IP with a Chinese 429', async () => {
    expect((await postJson(`${fx.url}/api/ask`, { question: QUESTION })).status).toBe(200);
    expect((await postJson(`${fx.url}/api/ask`, { question: QUESTION })).status).toBe(200);
    const third = await postJson(`${fx.url}/api/ask`, { question: QUESTION });
    expect(third.status).toBe(429);
    expect(third.body.error).toMatch(/频繁/);
    expect(Number(third.headers.get('retry-after'))).toBeGreaterThan(0);
    // Ticket lookups have their own budget.
    expect((await postJson(`${fx.url}/api/tickets/lookup`, { ticket: 'GX20000101-0001', sessionId: 'limits-session-1' })).status).toBe(404);
  });

  it('allows the configured origin and no other', async () => {
    const lookup = { ticket: 'GX20000101-0001', sessionId: 'limits-session-1' };
    const allowed = await postJson(`${fx.url}/api/tickets/lookup`, lookup, { origin: COUNTY });
    expect(allowed.headers.get('access-control-allow-origin')).toBe(COUNTY);
    const other = await postJson(`${fx.url}/api/tickets/lookup`, lookup, { origin: 'https://evil.example' });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
    const preflight = await fetch(`${fx.url}/api/ask`, {
      method: 'OPTIONS',
      headers: { origin: COUNTY, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-methods')).toContain('POST');
  });

  it('lets only the configured origin frame the chat page', async () => {
    const csp = (await fetch(`${fx.url}/`)).headers.get('content-security-policy') ?? '';
    expect(csp).toContain(`frame-ancestors 'self' ${COUNTY}`);
  });

  it('sends no CORS headers on the staff console', async () => {
    const res = await fetch(`${fx.url}/admin/api/session`, { headers: { origin: COUNTY } });
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('budgets per citizen across routes', () => {
  // Behind a trusted proxy, so each case is its own citizen (address) on one server.
  const PER_MINUTE = 12;
  let fx: WebFixture;
  beforeAll(async () => {
    fx = await startWebFixture({ GUANBOT_WEB_RATE_LIMIT: String(PER_MINUTE), GUANBOT_TRUST_PROXY: '127.0.0.1' });
  });
  afterAll(async () => {
    await fx?.close();
  });

  const from = (address: string) => ({ 'x-forwarded-for': address });
  const stream = (address: string) =>
    fetch(`${fx.url}/api/ask/stream`, { method: 'POST', headers: { 'content-type': 'application/json', ...from(address) }, body: JSON.stringify({ question: QUESTION }) });

  it('/api/ask and /api/ask/stream share one budget of the configured questions per minute', async () => {
    const citizen = '203.0.113.21';
    for (let i = 0; i < PER_MINUTE / 2; i += 1) {
      expect((await postJson(`${fx.url}/api/ask`, { question: QUESTION }, from(citizen))).status).toBe(200);
      const streamed = await stream(citizen);
      expect(streamed.status).toBe(200);
      await streamed.text();
    }
    const plain = await postJson(`${fx.url}/api/ask`, { question: QUESTION }, from(citizen));
    expect(plain.status).toBe(429);
    expect(plain.body.error).toMatch(/提问太频繁/);
    const streamed = await stream(citizen);
    expect(streamed.status).toBe(429);
    expect(((await streamed.json()) as { error: string }).error).toMatch(/提问太频繁/);
    expect(Number(streamed.headers.get('retry-after'))).toBeGreaterThan(0);
    // Another citizen still has the whole budget.
    expect((await postJson(`${fx.url}/api/ask`, { question: QUESTION }, from('203.0.113.22'))).status).toBe(200);
  });

  it('/api/handoff has a tighter budget of its own, with its own message', async () => {
    const citizen = '203.0.113.23';
    const handoff = (n: number) => postJson(`${fx.url}/api/handoff`, { question: `冠县第${n}个问题没有找到答案`, sessionId: 'limits-handoff-1' }, from(citizen));
    const allowed = handoffPerMinute(PER_MINUTE);
    expect(allowed).toBe(2);
    for (let i = 0; i < allowed; i += 1) expect((await handoff(i)).status).toBe(200);
    const refused = await handoff(allowed);
    expect(refused.status).toBe(429);
    expect(refused.body.error).toMatch(/^转人工的请求太多了，请 \d+ (秒|分钟)后再试。$/);
    expect(refused.body.ticket).toBeUndefined();
    // Tickets opened: exactly the budget.
    expect(fx.app.desk.listItems().filter((item) => item.kind === '转人工')).toHaveLength(allowed);
    // Asking is a separate budget.
    expect((await postJson(`${fx.url}/api/ask`, { question: QUESTION }, from(citizen))).status).toBe(200);
  });
});

describe('SSE streaming with a generative model', () => {
  let fx: WebFixture;
  let fake: FakeOpenAI;
  beforeAll(async () => {
    fake = await startFakeOpenAI();
    fake.setFallback(restatingModel());
    fx = await startWebFixture({ GUANBOT_LLM_BASE_URL: fake.baseURL, GUANBOT_LLM_MODEL: 'fake-chat', GUANBOT_LLM_TIMEOUT_MS: '5000' });
  });
  afterAll(async () => {
    await fx?.close();
    await fake?.close();
  });

  it('streams delta events and ends with the final object whose answer the grounding check kept', async () => {
    const res = await fetch(`${fx.url}/api/ask/stream`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ question: QUESTION, sessionId: 'stream-session-1' }) });
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const blocks = (await res.text()).split('\n\n').filter((b) => b.trim());
    const events = blocks.map((b) => ({ event: b.match(/^event: (.+)$/m)![1], data: JSON.parse(b.match(/^data: (.+)$/m)![1]!) }));
    const deltas = events.filter((e) => e.event === 'delta');
    const final = events.at(-1)!;
    expect(final.event).toBe('final');
    expect(deltas.length).toBeGreaterThan(0);
    expect(final.data.resolved).toBe(true);
    expect(final.data.generated).toBe(true);
    // Every delta is a prefix of what was written; the final text is what the citizen keeps.
    for (const d of deltas) expect(typeof d.data.text).toBe('string');
    expect(final.data.answer).toContain('[1]');
    expect(fake.requests.length).toBeGreaterThan(0);
  });
});
