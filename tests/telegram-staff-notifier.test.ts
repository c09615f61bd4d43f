/**
 * Staff notifications against a real desk: items are read oldest first, a
 * burst larger than one batch arrives in order over several polls, a failed
 * send is retried (for that staff member only), a restart neither repeats nor
 * skips, and a chat Telegram refuses for good does not block the cursor.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { GrammyError, type Api } from 'grammy';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.ts';
import { openDesk, type Desk } from '../src/desk/index.ts';
import { openChatStore, type ChatStore } from '../src/channels/telegram/chat-store.ts';
import { telegramTexts, type BotDeps } from '../src/channels/telegram/deps.ts';
import { startStaffNotifier } from '../src/channels/telegram/staff-notifier.ts';

const TICKET = /GX\d{8}-\d{4,}/g;
const cleanups: (() => void)[] = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});

/** A desk whose clock ticks one second per call, starting a minute from now, and the channel's store. */
function workspace(): { desk: Desk; chats: ChatStore; deps: (staffIds: string[]) => BotDeps } {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'guanbot-'));
  const config = loadConfig({ GUANBOT_DATA_DIR: tmp, GUANBOT_CORPUS_DIR: tmp, GUANBOT_LOG_LEVEL: 'silent' }, tmp);
  const log = pino({ level: 'silent' });
  let clock = Date.now() + 60_000;
  const desk = openDesk(config, log, { now: () => {
      clock += 1000;
      return new Date(clock);
    }, });
  const chats = openChatStore(config.dbPath);
  cleanups.push(() => {
    chats.close();
    desk.closeDb();
    fs.rmSync(tmp, { recursive: true, force: true });
  });
  const deps = (staffIds: string[]) =>
    ({ desk, config, chats, log, t: telegramTexts(config.promptsDir), staffIds: new Set(staffIds) }) as unknown as BotDeps;
  return { desk, chats, deps };
}

function openItems(desk: Desk, questions: string[]): string[] {
  return questions.map((question, i) => desk.openItem({ kind: '未解答', channel: 'web', channelUserId: `s${i}`, question, candidates: [] }).ticket);
}

/** A stand-in Bot API: records notifications per chat; `failNext(chatId, err)` makes the next send to it throw. */
function fakeApi() {
  const sent = new Map<number, string[][]>();
  const failures = new Map<number, unknown[]>();
  let messageId = 1;
  const api = {
    async sendMessage(chatId: number, text: string) {
      const err = failures.get(chatId)?.shift();
      if (err) throw err;
      sent.set(chatId, [...(sent.get(chatId) ?? []), text.match(TICKET) ?? []]);
      return { message_id: messageId++ };
    },
  } as unknown as Api;
  return {
    api,
    /** Tickets of each notification a chat received, in order. */
    batches: (chatId: number) => sent.get(chatId) ?? [],
    failNext: (chatId: number, err: unknown) => failures.set(chatId, [...(failures.get(chatId) ?? []), err]),
  };
}

const QUESTIONS = ['冠县哪里办护照', '中考分数线是多少', '公交车几点收班', '图书馆周末开门吗', '游泳馆几点开门'];

describe('staff notifier', () => {
  it('a burst larger than one batch arrives oldest first over several polls, and a restart continues where it stopped', async () => {
    const { desk, deps } = workspace();
    const tickets = openItems(desk, QUESTIONS);
    const { api, batches } = fakeApi();

    const first = startStaffNotifier(api, deps(['1']), { pollMs: 3_600_000, batchLimit: 2 });
    await first.tick();
    await first.tick();
    await first.stop();
    expect(batches(1)).toEqual([tickets.slice(0, 2), tickets.slice(2, 4)]);

    const second = startStaffNotifier(api, deps(['1']), { pollMs: 3_600_000, batchLimit: 2 });
    await second.tick();
    await second.tick();
    await second.stop();
    expect(batches(1)).toEqual([tickets.slice(0, 2), tickets.slice(2, 4), tickets.slice(4)]);
  });

  it('a failed send is retried at the next poll, for that staff member only', async () => {
    const { desk, deps } = workspace();
    const tickets = openItems(desk, QUESTIONS.slice(0, 3));
    const { api, batches, failNext } = fakeApi();
    failNext(2, new Error('socket hang up'));
    const notifier = startStaffNotifier(api, deps(['1', '2']), { pollMs: 3_600_000 });

    await notifier.tick();
    expect(batches(1)).toEqual([tickets]);
    expect(batches(2)).toEqual([]);

    await notifier.tick();
    expect(batches(1)).toEqual([tickets]);
    expect(batches(2)).toEqual([tickets]);

    const later = openItems(desk, ['冠县体育馆怎么预约']);
    await notifier.tick();
    expect(batches(1)).toEqual([tickets, later]);
    expect(batches(2)).toEqual([tickets, later]);
    await notifier.stop();
  });

  it('a chat Telegram refuses for good (blocked bot) does not hold the cursor back forever', async () => {
    const { desk, deps } = workspace();
    const [blockedTicket] = openItems(desk, QUESTIONS.slice(0, 1));
    const { api, batches, failNext } = fakeApi();
    failNext(1, new GrammyError('blocked', { ok: false, error_code: 403, description: 'Forbidden: bot was blocked by the user' }, 'sendMessage', {}));
    const notifier = startStaffNotifier(api, deps(['1']), { pollMs: 3_600_000 });
    await notifier.tick();
    const next = openItems(desk, QUESTIONS.slice(1, 2));
    await notifier.tick();
    expect(batches(1)).toEqual([next]);
    expect(batches(1).flat()).not.toContain(blockedTicket);
    await notifier.stop();
  });
});
