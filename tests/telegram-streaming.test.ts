/**
 * Streaming (issue 6) and webhook mode. With a generator configured, the reply
 * message is edited as text arrives — throttled, never with identical text, as
 * a silent, marked draft — and the final text is AnswerResult.answer; a failure
 * mid-stream leaves no draft behind. In webhook mode updates arrive by
 * HTTP POST with the secret token.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../src/app.ts';
import type { Generator } from '../src/llm/index.ts';
import { citizen } from './fixtures/fake-telegram-api.ts';
import { startHarness, type Harness } from './fixtures/telegram-harness.ts';

const INTERVAL_MS = 300;

/** A question the stand-in below fails on, after streaming a little. */
const FAILING = '模拟故障';

/**
 * The app with a stand-in generator: deltas arrive every 40 ms (some repeated), then the real (extractive)
 * result. For the FAILING question, two deltas and then an error, before the second would have been shown.
 */
function streamingApp(app: App): App {
  // Only its presence matters to the bot: the stand-in ask below does the streaming.
  const generator = { generate: async () => null } as unknown as Generator;
  return {
    ...app,
    generator,
    async ask(question, opts) {
      if (question === FAILING) {
        opts.onDelta?.('第一段；');
        await new Promise((r) => setTimeout(r, 40));
        opts.onDelta?.('第一段；未经核对的第二段');
        throw new Error('simulated model failure');
      }
      let text = '';
      for (let i = 0; i < 30; i++) {
        if (i % 3 !== 2) text += `第${i}段；`; // every third delta repeats the text so far
        opts.onDelta?.(text);
        await new Promise((r) => setTimeout(r, 40));
      }
      return app.ask(question, { ...opts, onDelta: undefined });
    },
  };
}

describe('telegram: streaming', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ wrapApp: streamingApp, start: { streamEditIntervalMs: INTERVAL_MS } });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('edits the reply as text arrives, throttled and never identical, ending with the final answer and keyboard', async () => {
    const c = citizen();
    h.api.sendText(c.chat, c.user, '申请政府信息公开多久能答复？');
    await h.api.waitFor((x) => x.method === 'editMessageText' && String(x.payload.chat_id) === String(c.chat.id) && x.payload.parse_mode === 'HTML');

    const sends = h.api.callsOf('sendMessage', c.chat.id);
    expect(sends).toHaveLength(1); // the preview; the final answer replaced it
    const edits = h.api.callsOf('editMessageText', c.chat.id);
    const previews = [sends[0], ...edits.slice(0, -1)];
    expect(previews.length).toBeGreaterThanOrEqual(2);
    // Throttled: unthrottled, each of the 20 distinct texts would be shown (no wall-clock gaps asserted: they jitter under load).
    expect(previews.length).toBeLessThan(20);
    for (let i = 1; i < previews.length; i++) expect(previews[i].payload.text).not.toBe(previews[i - 1].payload.text);
    const final = edits[edits.length - 1];
    expect(final.payload.message_id).toBe(sends[0].payload.__result.message_id);
    expect(final.payload.text).toContain('20个工作日');
    expect(final.payload.text).not.toContain('第0段');
    expect(final.payload.reply_markup.inline_keyboard.flat()).toHaveLength(4);
  });

  it('the preview is a silent draft: sent without a notification, marked until the checked answer replaces it', async () => {
    const c = citizen();
    h.api.sendText(c.chat, c.user, '申请政府信息公开收费吗？');
    await h.api.waitFor((x) => x.method === 'editMessageText' && String(x.payload.chat_id) === String(c.chat.id) && x.payload.parse_mode === 'HTML');
    const [preview] = h.api.callsOf('sendMessage', c.chat.id);
    expect(preview.payload.disable_notification).toBe(true);
    const edits = h.api.callsOf('editMessageText', c.chat.id);
    for (const draft of [preview, ...edits.slice(0, -1)]) expect(draft.payload.text.startsWith('✍️ 正在整理…\n\n第0段')).toBe(true);
    expect(edits[edits.length - 1].payload.text).not.toContain('正在整理');
  });

  it('when answering fails mid-stream, the draft becomes the apology and nothing is edited after it', async () => {
    const c = citizen();
    h.api.sendText(c.chat, c.user, FAILING);
    await h.api.waitFor((x) => String(x.payload.chat_id) === String(c.chat.id) && String(x.payload.text).includes('出了点问题'));
    // Long enough for a pending preview edit (due one interval after the first preview) to have fired.
    await new Promise((r) => setTimeout(r, INTERVAL_MS * 2));
    const calls = h.api.calls.filter((x) => ['sendMessage', 'editMessageText'].includes(x.method) && String(x.payload.chat_id) === String(c.chat.id));
    expect(calls.map((x) => x.method)).toEqual(['sendMessage', 'editMessageText']);
    expect(calls[1].payload.text).toContain('出了点问题');
    expect(calls.some((x) => String(x.payload.text).includes('未经核对'))).toBe(false);
  });
});

describe('telegram: webhook mode', () => {
  let h: Harness;
  let server: FastifyInstance;
  let url = '';
  beforeAll(async () => {
    // The webhook URL's path decides where the handler is mounted, here as the lead's fastify server would.
    h = await startHarness({ env: { GUANBOT_TELEGRAM_WEBHOOK_URL: 'https://bot.example.gov.cn/telegram/hook' } });
    const webhook = h.handle.webhook!;
    server = Fastify();
    server.post(webhook.path, webhook.fastify);
    url = `${await server.listen({ port: 0, host: '127.0.0.1' })}${webhook.path}`;
  });
  afterAll(async () => {
    await server?.close();
    await h?.close();
  });

  it('sets the webhook with a secret, rejects posts without it and answers updates posted with it', async () => {
    const set = h.api.callsOf('setWebhook')[0];
    expect(set.payload.url).toBe('https://bot.example.gov.cn/telegram/hook');
    expect(set.payload.secret_token).toBe(h.handle.webhook!.secretToken);
    expect(set.payload.allowed_updates).toEqual(['message', 'edited_message', 'callback_query']);
    expect(h.api.callsOf('getUpdates')).toHaveLength(0);

    const c = citizen();
    const update = { update_id: 1, message: { message_id: 1, date: 0, chat: c.chat, from: c.user, text: '申请政府信息公开收费吗？' } };
    const post = (secret?: string) =>
      fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(secret ? { 'x-telegram-bot-api-secret-token': secret } : {}) },
        body: JSON.stringify(update),
      });
    expect((await post('wrong')).status).toBe(401);
    expect((await post(h.handle.webhook!.secretToken)).status).toBe(200);
    const answer = await h.api.waitForMessageTo(c.chat.id, 1);
    expect(answer.payload.text).toContain('出处');
    expect(h.api.callsOf('sendMessage', c.chat.id)).toHaveLength(1);
  });
});
