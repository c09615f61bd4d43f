/**
 * The channel's own SQLite tables: persona per chat surviving restarts (of the
 * store and of the whole bot), answers remembered for the buttons, and the
 * bot staying off without a token.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import Database from 'better-sqlite3';
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.ts';
import { createApp } from '../src/app.ts';
import type { AnswerResult } from '../src/answer/types.ts';
import { rememberAnswer } from '../src/channels/telegram/question.ts';
import { startTelegram } from '../src/channels/telegram/index.ts';
import { openChatStore } from '../src/channels/telegram/chat-store.ts';
import { citizen, startFakeTelegram, TOKEN } from './fixtures/fake-telegram-api.ts';
import { tempWorkspace } from './fixtures/telegram-harness.ts';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

describe('chat store', () => {
  it('keeps the persona per chat across reopening, and opening twice is harmless', () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'guanbot-'));
    dirs.push(tmp);
    const dbPath = path.join(tmp, 'data', 'guanbot.sqlite');
    const a = openChatStore(dbPath);
    const b = openChatStore(dbPath);
    a.setPersona('42', 'duo');
    a.setPersona('43', 'xiaozhi');
    a.setPersona('42', 'xiaozhi');
    expect(b.getPersona('42')).toBe('xiaozhi');
    a.close();
    b.close();
    const c = openChatStore(dbPath);
    expect(c.getPersona('42')).toBe('xiaozhi');
    expect(c.getPersona('44')).toBeUndefined();
    c.close();
    const tables = new Database(dbPath).prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'telegram_%'").all();
    expect(tables.map((t: any) => t.name).sort()).toEqual(['telegram_answers', 'telegram_chats', 'telegram_state']);
  });

  it('remembers answers for the buttons and records one follow-up item only', () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'guanbot-'));
    dirs.push(tmp);
    const store = openChatStore(path.join(tmp, 'x.sqlite'));
    store.saveAnswer({ turnId: 7, chatId: '42', question: '问', citations: [{ docId: 'd', title: 't', section: 's', text: '原文', score: 1 }] });
    expect(store.getAnswer(7)).toMatchObject({ chatId: '42', followUpTicket: null, helpful: null, citations: [{ text: '原文' }] });
    expect(store.setFollowUp(7, 'GX20261128-0001')).toBe(true);
    expect(store.setFollowUp(7, 'GX20261128-0002')).toBe(false);
    expect(store.getAnswer(7)!.followUpTicket).toBe('GX20261128-0001');
    store.setState('k', 'v1');
    store.setState('k', 'v2');
    expect(store.getState('k')).toBe('v2');
    store.close();
  });
});

describe('rememberAnswer', () => {
  const answered = (question: string): AnswerResult => ({
    question, resolved: true, kind: 'answer', answer: '……', persona: 'xiaoli', ticket: null, turnId: 9,
    citations: [{ docId: 'd', title: 't', section: 's', text: '原文', score: 1, chunkId: 'c', type: '问答' }],
    confidence: { score: 1, threshold: 0.5 }, timings: { totalMs: 1 },
  });
  const question = '我的手机号13812345678，身份证370000199001011234，申请公开多久答复？';

  it.each([
    ['false', false],
    ['true', true],
  ])('with GUANBOT_KEEP_PERSONAL_DATA=%s keeps the raw question only when allowed', (flag, keepsRaw) => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'guanbot-'));
    dirs.push(tmp);
    const config = loadConfig({ GUANBOT_DATA_DIR: tmp, GUANBOT_LOG_LEVEL: 'silent', GUANBOT_KEEP_PERSONAL_DATA: flag }, tmp);
    const chats = openChatStore(config.dbPath);
    rememberAnswer({ config, chats }, 42, answered(question));
    chats.close();
    const db = new Database(config.dbPath);
    const stored = db.prepare('SELECT question FROM telegram_answers WHERE turn_id = 9').get() as { question: string };
    db.close();
    expect(stored.question.includes('13812345678')).toBe(keepsRaw);
    expect(stored.question.includes('370000199001011234')).toBe(keepsRaw);
    expect(stored.question).toContain('申请公开多久答复');
  });
});

describe('startTelegram', () => {
  it('returns null and says the bot is off without a token', async () => {
    const { tmp, dataDir, corpusDir } = tempWorkspace();
    dirs.push(tmp);
    const lines: string[] = [];
    const log = pino({ level: 'info' }, new Writable({ write: (c, _e, cb) => (lines.push(String(c)), cb()) }));
    const app = await createApp({ config: loadConfig({ GUANBOT_DATA_DIR: dataDir, GUANBOT_CORPUS_DIR: corpusDir }, tmp), log });
    try {
      expect(await startTelegram(app)).toBeNull();
      expect(lines.join('')).toContain('机器人未启用');
    } finally {
      await app.close();
    }
  });

  it('a chat keeps its persona when the bot restarts', async () => {
    const { tmp, dataDir, corpusDir } = tempWorkspace();
    dirs.push(tmp);
    const api = await startFakeTelegram();
    const config = loadConfig(
      { GUANBOT_DATA_DIR: dataDir, GUANBOT_CORPUS_DIR: corpusDir, GUANBOT_LOG_LEVEL: 'silent', TELEGRAM_BOT_TOKEN: TOKEN, GUANBOT_TELEGRAM_API_ROOT: api.apiRoot },
      tmp,
    );
    const app = await createApp({ config });
    const c = citizen();
    try {
      const first = (await startTelegram(app, { pollTimeoutSeconds: 1 }))!;
      api.sendText(c.chat, c.user, '/persona');
      const menu = await api.waitForMessageTo(c.chat.id, 1);
      api.press(c.chat, c.user, menu.payload.__result, 'persona:duo');
      await api.waitForMessageTo(c.chat.id, 2);
      await first.close();

      const second = (await startTelegram(app, { pollTimeoutSeconds: 1 }))!;
      api.sendText(c.chat, c.user, '冠县明天天气怎么样');
      const answer = await api.waitForMessageTo(c.chat.id, 3);
      expect(answer.payload.text).toContain('冠小梨：');
      expect(answer.payload.text).toContain('冠小芝：');
      await second.close();
    } finally {
      await app.close();
      await api.close();
    }
  });
});
