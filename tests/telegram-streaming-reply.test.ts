/**
 * The streamed preview on a fake clock (vitest fake timers): the first text
 * is shown at once, later text at most once per interval counted from the
 * start of the previous call, never twice the same; finish() cancels a
 * pending preview and waits for the call in flight. No wall-clock sleeps.
 */
import type { Api } from 'grammy';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { StreamingReply } from '../src/channels/telegram/streaming.ts';

const INTERVAL_MS = 300;
const DRAFT = '✍️ 正在整理…';
const log = pino({ level: 'silent' });

interface Call {
  method: 'sendMessage' | 'editMessageText';
  text: string;
  /** Fake-clock time the call was made. */
  at: number;
  silent?: boolean;
}

/** A stand-in for the two Bot API methods the preview uses; `gate` holds every call until released. */
function fakeApi(gate?: Promise<void>) {
  const calls: Call[] = [];
  const api = {
    async sendMessage(_chatId: number, text: string, options?: { disable_notification?: boolean }) {
      calls.push({ method: 'sendMessage', text, at: performance.now(), silent: options?.disable_notification });
      await gate;
      return { message_id: 77 };
    },
    async editMessageText(_chatId: number, _messageId: number, text: string) {
      calls.push({ method: 'editMessageText', text, at: performance.now() });
      await gate;
      return true;
    },
  };
  return { api: api as unknown as Api, calls };
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('StreamingReply', () => {
  it('shows the first text at once, then at most once per interval and never the same text twice', async () => {
    const { api, calls } = fakeApi();
    const reply = new StreamingReply(api, 1, INTERVAL_MS, log, DRAFT);
    const start = performance.now();
    // A model writing for 1.2 s: a delta every 40 ms, every third one repeating the text so far.
    let text = '';
    for (let i = 0; i < 30; i++) {
      if (i % 3 !== 2) text += `第${i}段；`;
      reply.update(text);
      await vi.advanceTimersByTimeAsync(40);
    }
    expect(await reply.finish()).toBe(77);

    // Unthrottled, each of the 20 distinct texts would be shown; throttled, one call per 300 ms of the 1.2 s.
    expect(calls.map((c) => c.at - start)).toEqual([0, 300, 600, 900, 1200]);
    expect(calls.map((c) => c.method)).toEqual(['sendMessage', 'editMessageText', 'editMessageText', 'editMessageText', 'editMessageText']);
    for (let i = 1; i < calls.length; i++) expect(calls[i]!.text).not.toBe(calls[i - 1]!.text);
    // Each preview is the latest text at the time of its call, under the draft mark; the first one is silent.
    expect(calls[0]).toMatchObject({ text: `${DRAFT}\n\n第0段；`, silent: true });
    for (const c of calls) expect(c.text.startsWith(`${DRAFT}\n\n第0段；`)).toBe(true);
    expect(reply.edits).toBe(5);
  });

  it('does not show a text again when the model repeats it', async () => {
    const { api, calls } = fakeApi();
    const reply = new StreamingReply(api, 1, INTERVAL_MS, log, DRAFT);
    reply.update('第一段；');
    await vi.advanceTimersByTimeAsync(0);
    reply.update('第一段；');
    await vi.advanceTimersByTimeAsync(INTERVAL_MS * 3);
    await reply.finish();
    expect(calls.map((c) => c.text)).toEqual([`${DRAFT}\n\n第一段；`]);
  });

  it('finish() cancels the pending preview: nothing is shown after it, however long one waits', async () => {
    const { api, calls } = fakeApi();
    const reply = new StreamingReply(api, 1, INTERVAL_MS, log, DRAFT);
    reply.update('第一段；');
    await vi.advanceTimersByTimeAsync(0);
    reply.update('第一段；未经核对的第二段');
    await vi.advanceTimersByTimeAsync(40);
    expect(await reply.finish()).toBe(77);
    await vi.advanceTimersByTimeAsync(INTERVAL_MS * 10);
    reply.update('第一段；未经核对的第二段；第三段');
    await vi.advanceTimersByTimeAsync(INTERVAL_MS * 10);
    expect(calls.map((c) => c.text)).toEqual([`${DRAFT}\n\n第一段；`]);
  });

  it('finish() waits for the preview call in flight and returns its message', async () => {
    let release!: () => void;
    const { api, calls } = fakeApi(new Promise<void>((r) => (release = r)));
    const reply = new StreamingReply(api, 1, INTERVAL_MS, log, DRAFT);
    reply.update('第一段；');
    await vi.advanceTimersByTimeAsync(0);
    expect(calls).toHaveLength(1);
    let finished: number | undefined | 'pending' = 'pending';
    const finishing = reply.finish().then((id) => (finished = id));
    await vi.advanceTimersByTimeAsync(INTERVAL_MS);
    expect(finished).toBe('pending');
    release();
    await finishing;
    expect(finished).toBe(77);
  });
});
