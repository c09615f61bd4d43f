/**
 * The bot under stress: a flood from one user, a failing Bot API (500s, 429s,
 * hanging calls), a delivery that fails and is retried by the desk, an error in
 * a handler, and a shutdown with an update in flight.
 */
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDesk, startDeskJobs } from '../src/desk/index.ts';
import type { App } from '../src/app.ts';
import { citizen } from './fixtures/fake-telegram-api.ts';
import { startHarness, type Harness } from './fixtures/telegram-harness.ts';

const TICKET = /GX\d{8}-\d{4}/;

describe('telegram: flood and failing Bot API', () => {
  let h: Harness;
  const logLines: string[] = [];
  const captureLog = (app: App): App => {
    const log = pino({ level: 'warn' }, new Writable({ write: (chunk, _enc, cb) => (logLines.push(String(chunk)), cb()) }));
    const desk = Object.create(app.desk);
    // /ticket GX00000000-0000 makes the desk throw: the error must be logged and the bot keep serving.
    desk.citizenTicket = (t: string, channel: 'telegram', userId: string) => {
      if (t === 'GX00000000-0000') throw new Error('simulated desk failure');
      return app.desk.citizenTicket(t, channel, userId);
    };
    return { ...app, log, desk, ask: app.ask };
  };

  beforeAll(async () => {
    h = await startHarness({
      env: { GUANBOT_TELEGRAM_RATE_LIMIT: '3', GUANBOT_TELEGRAM_RATE_WINDOW_MS: '60000' },
      start: { timeoutSeconds: 2 },
      wrapApp: captureLog,
    });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('a flood from one user gets three answers and exactly one polite rate-limit notice', async () => {
    const c = citizen();
    for (let i = 0; i < 8; i++) h.api.sendText(c.chat, c.user, `申请政府信息公开多久能答复？${i}`);
    await h.api.waitForMessageTo(c.chat.id, 4);
    // Every update fetched and handled: any (wrong) extra reply has been sent by now.
    await h.api.delivered();
    await h.handle.idle();
    const texts = h.api.textsTo(c.chat.id);
    expect(texts).toHaveLength(4);
    expect(texts.filter((t) => t.includes('稍等'))).toHaveLength(1);
    expect(texts.filter((t) => t.includes('20个工作日'))).toHaveLength(3);
    // Another citizen is not affected.
    const other = citizen();
    h.api.sendText(other.chat, other.user, '申请政府信息公开收费吗？');
    expect((await h.api.waitForMessageTo(other.chat.id, 1)).payload.text).not.toContain('稍等');
  });

  it('a 500, a hanging call and a 429 do not lose the answer, and it is sent once', async () => {
    const c = citizen();
    h.api.fail('sendMessage', 1, 'error500');
    h.api.fail('sendMessage', 1, 'hang');
    h.api.fail('sendMessage', 1, 'retry429');
    h.api.sendText(c.chat, c.user, '申请政府信息公开多久能答复？');
    const answer = await h.api.waitForMessageTo(c.chat.id, 1, 20_000);
    expect(answer.payload.text).toContain('20个工作日');
    expect(h.api.failedCalls('sendMessage').map((a) => a.failed)).toEqual(['error500', 'hang', 'retry429']);
    // The update is done with (retries included): a duplicate would have been sent before idle() resolves.
    await h.api.delivered();
    await h.handle.idle();
    expect(h.api.textsTo(c.chat.id)).toHaveLength(1);
  }, 30_000);

  it('an error in a handler is logged by bot.catch and the bot keeps serving', async () => {
    const c = citizen();
    h.api.sendText(c.chat, c.user, '/ticket GX00000000-0000');
    await expect.poll(() => logLines.some((l) => l.includes('simulated desk failure')), { timeout: 5000 }).toBe(true);
    h.api.sendText(c.chat, c.user, '申请政府信息公开收费吗？');
    const next = await h.api.waitForMessageTo(c.chat.id, 1);
    expect(next.payload.text).toContain('出处');
  });
});

describe('telegram: staff reply delivery retried by the desk', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ start: { timeoutSeconds: 1, resilience: { networkRetries: 0 } } });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('a delivery that fails is recorded and retried until it reaches the citizen, once', async () => {
    const c = citizen();
    h.api.sendText(c.chat, c.user, '冠县游泳馆几点开门');
    const ticket = (await h.api.waitForMessageTo(c.chat.id, 1)).payload.text.match(TICKET)![0];

    h.api.fail('sendMessage', 1, 'hang');
    h.app.desk.reply(ticket, '游泳馆开放时间请咨询场馆。', 'cli:张三');
    await expect
      .poll(() => h.app.desk.getFullItem(ticket)!.delivery, { timeout: 10_000 })
      .toMatchObject({ state: 'pending', attempts: 1 });
    expect(h.app.desk.getFullItem(ticket)!.delivery.lastError).toBeTruthy();
    expect(h.api.textsTo(c.chat.id)).toHaveLength(1);

    // The desk's next attempt is due later (backoff); a desk whose clock is an hour ahead runs it now.
    const later = openDesk(h.config, h.app.log, { now: () => new Date(Date.now() + 3600_000) });
    const jobs = startDeskJobs({ desk: later, config: h.config, log: h.app.log }, { deliverers: { telegram: h.handle.deliver }, deliveryIntervalMs: 3600_000 });
    try {
      await jobs.deliverNow();
    } finally {
      jobs.close();
      later.closeDb();
    }
    const texts = h.api.textsTo(c.chat.id);
    expect(texts).toHaveLength(2);
    expect(texts[1]).toContain('游泳馆开放时间请咨询场馆');
    expect(h.app.desk.getFullItem(ticket)!.delivery.state).toBe('delivered');
  }, 30_000);

  it('close() stops polling and waits for the update in flight', async () => {
    const c = citizen();
    h.api.fail('sendMessage', 1, 'error500'); // auto-retry waits 3 s: the answer is in flight for a while
    h.api.sendText(c.chat, c.user, '申请政府信息公开多久能答复？');
    await h.api.waitFor((x) => x.method === 'sendMessage' && x.failed === 'error500');
    await h.handle.close();
    expect(h.api.textsTo(c.chat.id).some((t) => t.includes('20个工作日'))).toBe(true);
    const polls = h.api.callsOf('getUpdates').length;
    await new Promise((r) => setTimeout(r, 500));
    expect(h.api.callsOf('getUpdates').length).toBe(polls);
  }, 30_000);
});
