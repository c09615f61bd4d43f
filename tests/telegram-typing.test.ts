/**
 * The typing action waits a short, named delay: an answer ready before it costs no sendChatAction round trip,
 * a slow one shows "typing" once the delay has passed and again every interval until it is done.
 */
import type { Api } from 'grammy';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { keepTyping, TYPING_DELAY_MS } from '../src/channels/telegram/typing.ts';

const log = pino({ level: 'silent' });

/** An Api stand-in that records the chats it was asked to show "typing" in. */
function recordingApi(): { api: Api; actions: number[] } {
  const actions: number[] = [];
  const api = { sendChatAction: async (chatId: number) => (actions.push(chatId), true) } as unknown as Api;
  return { api, actions };
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('telegram: delayed typing', () => {
  it('sends nothing when the answer is ready before the delay', () => {
    const { api, actions } = recordingApi();
    const stop = keepTyping(api, 42, { intervalMs: 4500 }, log);
    vi.advanceTimersByTime(TYPING_DELAY_MS - 1);
    stop();
    vi.advanceTimersByTime(60_000);
    expect(actions).toEqual([]);
  });

  it('starts after the delay and repeats every interval until stopped', () => {
    const { api, actions } = recordingApi();
    const stop = keepTyping(api, 42, { intervalMs: 4500 }, log);
    vi.advanceTimersByTime(TYPING_DELAY_MS);
    expect(actions).toEqual([42]);
    vi.advanceTimersByTime(4500 * 2);
    expect(actions).toEqual([42, 42, 42]);
    stop();
    vi.advanceTimersByTime(60_000);
    expect(actions).toHaveLength(3);
  });

  it('sends at once with a zero delay', () => {
    const { api, actions } = recordingApi();
    const stop = keepTyping(api, 7, { intervalMs: 1000, delayMs: 0 }, log);
    expect(actions).toEqual([7]);
    stop();
  });

  it('a failed typing action is swallowed', async () => {
    const api = { sendChatAction: () => Promise.reject(new Error('Bot API down')) } as unknown as Api;
    const stop = keepTyping(api, 1, { intervalMs: 1000, delayMs: 10 }, log);
    await vi.advanceTimersByTimeAsync(10);
    stop();
    expect(vi.getTimerCount()).toBe(0);
  });
});
