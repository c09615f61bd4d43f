/**
 * Streaming (issue 6) and webhook mode. With a generative answer, the reply
 * message is edited as text arrives — each text once, as a silent,
 * marked draft — and the final text is AnswerResult.answer; a failure
 * mid-stream leaves no draft behind. The stand-in model waits for each preview
 * to be shown before writing on, so nothing here depends on how fast the
 * machine is; the throttle itself is timed on a fake clock in
 * telegram-streaming-reply.test.ts. In webhook mode updates arrive by HTTP POST
 * with the secret token.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../src/app.ts';
import { citizen } from './fixtures/fake-telegram-api.ts';
import { startHarness, type Harness } from './fixtures/telegram-harness.ts';

/** Short: the stand-in waits for each preview, so the interval only sets how long the test takes. */
const INTERVAL_MS = 100;

/** A question the stand-in below fails on, after streaming a little. */
const FAILING = '模拟故障';

/** The pieces the stand-in model writes, one preview each. */
const PIECES = ['第0段；', '第1段；', '第2段；'];

describe('telegram: streaming', () => {
  let h: Harness;

  /** Resolves once the preview in `chatId` shows `text` (the text so far, under the draft mark). */
  const shown = (chatId: string, text: string) =>
    h.api.waitFor((x) => ['sendMessage', 'editMessageText'].includes(x.method) && String(x.payload.chat_id) === chatId && String(x.payload.text).endsWith(`\n\n${text}`));

  /**
   * The app with a stand-in generative answer: each piece is written (twice: a repeated delta must not be shown
   * again) and shown before the next, then the real (extractive) result. For FAILING, one piece is shown, a
   * second written (due one interval later), then an error before it could be shown.
   */
  function streamingApp(app: App): App {
    return {
      ...app,
      async ask(question, opts) {
        const chatId = String(opts.channelUserId);
        if (question === FAILING) {
          opts.onDelta?.('第一段；');
          await shown(chatId, '第一段；');
          opts.onDelta?.('第一段；未经核对的第二段');
          throw new Error('simulated model failure');
        }
        let text = '';
        for (const piece of PIECES) {
          text += piece;
          opts.onDelta?.(text);
          opts.onDelta?.(text);
          await shown(chatId, text);
        }
        return app.ask(question, { ...opts, onDelta: undefined });
      },
    };
  }

  beforeAll(async () => {
    h = await startHarness({ wrapApp: streamingApp, start: { streamEditIntervalMs: INTERVAL_MS } });
  });
  afterAll(async () => {
    await h?.close();
  });

  /** Sends `question`, waits until the bot is done with it, and returns its sendMessage and editMessageText calls. */
  async function converse(question: string) {
    const c = citizen();
    h.api.sendText(c.chat, c.user, question);
    await h.api.waitFor((x) => String(x.payload.chat_id) === String(c.chat.id) && (x.payload.parse_mode === 'HTML' || String(x.payload.text).includes('出了点问题')));
    await h.api.delivered();
    await h.handle.idle();
    const calls = h.api.calls.filter((x) => !x.failed && ['sendMessage', 'editMessageText'].includes(x.method) && String(x.payload.chat_id) === String(c.chat.id));
    return { chatId: c.chat.id, calls };
  }

  it('edits the reply as text arrives, each text once (repeats are not shown), ending with the final answer and keyboard', async () => {
    const { calls } = await converse('申请政府信息公开多久能答复？');
    // The preview is sent once and edited; the final answer replaces it.
    expect(calls.map((x) => x.method)).toEqual(['sendMessage', 'editMessageText', 'editMessageText', 'editMessageText']);
    const previews = calls.slice(0, -1).map((x) => x.payload.text);
    expect(previews).toEqual(['第0段；', '第0段；第1段；', '第0段；第1段；第2段；'].map((t) => `✍️ 正在整理…\n\n${t}`));
    const final = calls[calls.length - 1];
    expect(final!.payload.message_id).toBe(calls[0]!.payload.__result.message_id);
    expect(final!.payload.parse_mode).toBe('HTML');
    expect(final!.payload.text).toContain('20个工作日');
    expect(final!.payload.text).not.toContain('第0段');
    expect(final!.payload.reply_markup.inline_keyboard.flat()).toHaveLength(4);
  });

  it('the preview is a silent draft: sent without a notification, marked until the checked answer replaces it', async () => {
    const { calls } = await converse('申请政府信息公开收费吗？');
    const [preview, ...edits] = calls;
    expect(preview!.payload.disable_notification).toBe(true);
    for (const draft of [preview, ...edits.slice(0, -1)]) expect(draft!.payload.text.startsWith('✍️ 正在整理…\n\n第0段')).toBe(true);
    expect(edits[edits.length - 1]!.payload.text).not.toContain('正在整理');
  });

  it('when answering fails mid-stream, the draft becomes the apology and nothing unchecked is shown', async () => {
    const { calls } = await converse(FAILING);
    expect(calls.map((x) => x.method)).toEqual(['sendMessage', 'editMessageText']);
    expect(calls[1]!.payload.message_id).toBe(calls[0]!.payload.__result.message_id);
    expect(calls[1]!.payload.text).toContain('出了点问题');
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
    expect(set!.payload.url).toBe('https://bot.example.gov.cn/telegram/hook');
    expect(set!.payload.secret_token).toBe(h.handle.webhook!.secretToken);
    expect(set!.payload.allowed_updates).toEqual(['message', 'edited_message', 'callback_query']);
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
