/**
 * Issue 11, personal data: numbers written the ways people really write them
 * never leave the desk unmasked — `messages list/show` (text and --json), the
 * citizen's own view, the CSV/XLSX register, staff notifications, the
 * grounding-failure log, feedback notes and item history — a promoted FAQ
 * publishes a cleaned question, and stored text cannot drive the staff
 * member's terminal. A fresh data dir and the real CLI, as staff use it.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import pino from 'pino';
import Database from 'better-sqlite3';
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.ts';
import { openDesk } from '../src/desk/index.ts';
import { openStaffStore } from '../src/channels/web/staff/index.ts';
import { telegramTexts, type BotDeps } from '../src/channels/telegram/deps.ts';
import { batchText } from '../src/channels/telegram/staff-notifier.ts';
import { createGenerator } from '../src/llm/index.ts';
import type { Citation } from '../src/answer/types.ts';
import { startFakeOpenAI } from './fixtures/fake-openai.ts';
import { deskFixture, tempDir, testConfig, turn, unresolved } from './fixtures/desk-setup.ts';

const root = path.resolve(import.meta.dirname, '..');
const tmp = tempDir();

function guanbot(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [path.join(root, 'bin/guanbot.mjs'), ...args],
      { cwd: root, env: { ...process.env, GUANBOT_DATA_DIR: tmp, GUANBOT_CORPUS_DIR: path.join(tmp, 'corpus'), GUANBOT_LOG_LEVEL: 'silent', TZ: 'UTC' } },
      (err, stdout, stderr) => resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

/** The personal numbers of the issue, as citizens wrote them. */
const QUESTIONS = {
  id: '我的身份证370102 19900101 1234丢了，在冠县哪里补办临时身份证',
  mobile: '手机1381 234 5678，邮箱zhang@qq。com，社保卡怎么激活',
  card: '电话139.1234.5678，银行卡622202 1234567890123，低保金没到账',
  spoken: '家里电话5237226，手机一三八一二三四五六七八，医保怎么报销',
  dashedId: '身份证370102-19900101-123X，座机0635-5237226，户口迁移要什么材料',
};
/** What must never appear: any part of those numbers that identifies them. */
const LEAKS = [
  '19900101', '370102 1', '1381 234', '234 5678', 'zhang@', 'hang@', '1234.5678', '1234567890123', '622202',
  '5237226', '一二三四五六七八', '19900101-123X', '123X',
];
const leaked = (text: string) => LEAKS.filter((l) => text.includes(l));

const ESCAPES = 'X\u001b]0;全部留言已处理完毕\u0007\u001b[2J\u001b[H\u009b31m全部留言已处理完毕\u202e\r请问图书馆几点开门';

let tickets: Record<keyof typeof QUESTIONS | 'old' | 'escape', string>;

beforeAll(async () => {
  fs.cpSync(path.join(root, 'corpus'), path.join(tmp, 'corpus'), { recursive: true });
  // Command-line promotion is taken as an existing staff account (--as).
  const staff = openStaffStore(testConfig(tmp).dbPath);
  await staff.accounts.add('李娜', 'a-long-password', { role: 'editor' });
  staff.close();
  const desk = openDesk(testConfig(tmp), pino({ level: 'silent' }));
  const open = (q: string, channel: 'telegram' | 'web' = 'web', user = `s-${q.length}`) => desk.openItem(unresolved(q, channel, user)).ticket;
  tickets = {
    id: open(QUESTIONS.id, 'telegram', '5001'),
    mobile: open(QUESTIONS.mobile, 'web', 'sess-m'),
    card: open(QUESTIONS.card),
    spoken: open(QUESTIONS.spoken),
    dashedId: open(QUESTIONS.dashedId),
    old: open('旧版本登记的留言：手机1381 234 5678'),
    escape: open(ESCAPES),
  };
  desk.closeDb();
  // A row written by the older, weaker masker: its stored "masked" text still holds the number.
  const db = new Database(testConfig(tmp).dbPath);
  db.prepare('UPDATE items SET question_masked = question WHERE ticket = ?').run(tickets.old);
  db.close();
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('numbers stay masked wherever text leaves the desk', () => {
  it('messages list, as a table and as JSON', async () => {
    const table = await guanbot('messages', 'list');
    expect(table.code).toBe(0);
    expect(leaked(table.stdout)).toEqual([]);
    const json = await guanbot('messages', 'list', '--json');
    expect(json.code).toBe(0);
    expect(leaked(json.stdout)).toEqual([]);
    const items = JSON.parse(json.stdout) as { ticket: string; question: string }[];
    expect(items.find((i) => i.ticket === tickets.id)!.question).toBe('我的身份证370*** ******** **34丢了，在冠县哪里补办临时身份证');
    expect(items.find((i) => i.ticket === tickets.old)!.question).toBe('旧版本登记的留言：手机138* *** 5678');
  });

  it('messages show, as text and as JSON, and the citizen’s own view', async () => {
    for (const ticket of [tickets.id, tickets.mobile, tickets.card, tickets.spoken, tickets.dashedId, tickets.old]) {
      const shown = await guanbot('messages', 'show', ticket);
      expect(shown.code).toBe(0);
      expect(leaked(shown.stdout)).toEqual([]);
    }
    const json = await guanbot('messages', 'show', tickets.spoken, '--json');
    expect(leaked(json.stdout)).toEqual([]);
    expect(JSON.parse(json.stdout).question).toBe('家里电话*****26，手机一三八****五六七八，医保怎么报销');

    const citizen = await guanbot('ticket', tickets.mobile);
    expect(citizen.code).toBe(0);
    expect(citizen.stdout).toContain('138* *** 5678');
    expect(leaked(citizen.stdout)).toEqual([]);
    const desk = openDesk(testConfig(tmp), pino({ level: 'silent' }));
    try {
      expect(leaked(desk.citizenTicket(tickets.mobile, 'web', 'sess-m')!.question)).toEqual([]);
      expect(leaked(desk.getItem(tickets.old)!.question)).toEqual([]);
    } finally {
      desk.closeDb();
    }
  });

  it('the CSV and XLSX registers', async () => {
    const csvFile = path.join(tmp, 'register.csv');
    const xlsxFile = path.join(tmp, 'register.xlsx');
    const week = isoWeekText(new Date());
    expect((await guanbot('export', '--week', week, '--format', 'csv', '--out', csvFile)).code).toBe(0);
    expect((await guanbot('export', '--week', week, '--format', 'xlsx', '--out', xlsxFile)).code).toBe(0);
    const csv = fs.readFileSync(csvFile, 'utf8');
    expect(parse(csv, { bom: true }).length).toBeGreaterThan(5);
    expect(leaked(csv)).toEqual([]);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(xlsxFile);
    const cells: string[] = [];
    wb.getWorksheet('留言登记')!.eachRow((row) => row.eachCell((cell) => cells.push(String(cell.value ?? ''))));
    expect(cells.join('\n')).toContain('370*** ******** **34');
    expect(leaked(cells.join('\n'))).toEqual([]);
  });

  it('staff notifications in Telegram', () => {
    const config = testConfig(tmp);
    const desk = openDesk(config, pino({ level: 'silent' }));
    try {
      const deps: Pick<BotDeps, 't'> = { t: telegramTexts(config.promptsDir) };
      const text = batchText(deps, desk.listItems({ order: 'asc' }));
      expect(text).toContain(tickets.old);
      expect(leaked(text)).toEqual([]);
    } finally {
      desk.closeDb();
    }
  });
});

describe('stored text cannot drive the staff member’s terminal', () => {
  it('strips escape sequences and control characters from list, show, the citizen view and errors', async () => {
    for (const args of [['messages', 'list'], ['messages', 'list', '--json'], ['messages', 'show', tickets.escape], ['messages', 'show', tickets.escape, '--json'], ['ticket', tickets.escape]]) {
      const run = await guanbot(...args);
      expect(run.code).toBe(0);
      // eslint-disable-next-line no-control-regex
      // biome-ignore lint/suspicious/noControlCharactersInRegex: the test looks for control characters.
      expect(run.stdout).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202e]/);
      expect(run.stdout).not.toContain(']0;');
      expect(run.stdout).not.toContain('[2J');
    }
    const show = await guanbot('messages', 'show', tickets.escape);
    // What the citizen wrote is still shown, as plain text.
    expect(show.stdout).toContain('X全部留言已处理完毕请问图书馆几点开门');
  });
});

describe('promote publishes a cleaned question that staff reviewed', () => {
  it('removes the ID number from the FAQ file, its preview and every later answer', async () => {
    const desk = openDesk(testConfig(tmp), pino({ level: 'silent' }));
    desk.reply(tickets.id, '临时身份证请到冠县公安局户政大厅办理，工作日上午9:00至12:00。', '李娜');
    desk.reply(tickets.dashedId, '户口迁移请携带户口簿到户籍所在地派出所办理。', '李娜');
    desk.closeDb();

    const promoted = await guanbot('messages', 'promote', tickets.id, '--yes', '--as', '李娜');
    expect(promoted.stderr).toBe('');
    expect(promoted.code).toBe(0);
    expect(promoted.stdout).toMatch(/标准问题\s+我的身份证丢了，在冠县哪里补办临时身份证/);
    expect(promoted.stdout).toContain('个人号码“370*** ******** **34”（身份证号）已删除');
    expect(leaked(promoted.stdout)).toEqual([]);
    const file = path.join(tmp, 'corpus', 'faq', `faq-${tickets.id.toLowerCase()}.md`);
    const text = fs.readFileSync(file, 'utf8');
    expect(text).toContain('question: 我的身份证丢了，在冠县哪里补办临时身份证');
    expect(text).not.toMatch(/370|19900101|\*/);

    // The next citizen asking is answered from the entry, and nothing it quotes carries the number.
    for (const question of ['我的身份证丢了，在冠县哪里补办临时身份证？', QUESTIONS.id]) {
      const ask = await guanbot('ask', '--json', question);
      expect(ask.code).toBe(0);
      const answer = JSON.parse(ask.stdout) as { kind: string; answer: string; citations: { docId: string }[] };
      expect(JSON.stringify({ answer: answer.answer, citations: answer.citations })).not.toMatch(/19900101|370102/);
      if (question !== QUESTIONS.id) {
        expect(answer.kind).toBe('faq');
        expect(answer.citations[0]!.docId).toBe(`faq-${tickets.id.toLowerCase()}`);
      }
    }
  }, 180_000);

  it('publishes the staff member’s own question and answer, and flags names', async () => {
    const edited = await guanbot(
      'messages', 'promote', tickets.dashedId, '--yes', '--as', '李娜',
      '--question', '我叫张三，户口迁移需要什么材料？',
      '--answer', '户口迁移请携带户口簿、身份证到户籍所在地派出所办理。',
    );
    expect(edited.code).toBe(0);
    expect(edited.stdout).toContain('可能有人名“张三”');
    const text = fs.readFileSync(path.join(tmp, 'corpus', 'faq', `faq-${tickets.dashedId.toLowerCase()}.md`), 'utf8');
    expect(text).toContain('question: 我叫张三，户口迁移需要什么材料？');
    expect(text.trimEnd().endsWith('户口迁移请携带户口簿、身份证到户籍所在地派出所办理。')).toBe(true);
  }, 180_000);
});

describe('notes, history and logs', () => {
  it('masks feedback notes, item history and close reasons when personal data may not be kept', () => {
    const fx = deskFixture({ GUANBOT_KEEP_PERSONAL_DATA: 'false' });
    try {
      const turnId = fx.desk.recordTurn(turn('冠县低保标准是多少'));
      const { ticket } = fx.desk.feedback(turnId, false, { note: '没说清楚，请打我手机1381 234 5678' });
      const other = fx.desk.openItem(unresolved('社保卡怎么激活')).ticket;
      fx.desk.close(other, '已电话联系139.1234.5678答复', '李娜');
      fx.desk.closeDb();
      const db = new Database(fx.config.dbPath, { readonly: true });
      const notes = db.prepare('SELECT note FROM feedback').all() as { note: string }[];
      const details = db.prepare('SELECT detail FROM item_history WHERE detail IS NOT NULL').all() as { detail: string }[];
      const reasons = db.prepare('SELECT close_reason FROM items WHERE close_reason IS NOT NULL').all() as { close_reason: string }[];
      db.close();
      expect(notes).toEqual([{ note: '没说清楚，请打我手机138* *** 5678' }]);
      expect(details.map((d) => d.detail)).toContain('没说清楚，请打我手机138* *** 5678');
      expect(reasons).toEqual([{ close_reason: '已电话联系139.****.5678答复' }]);
      expect(ticket).toBeTruthy();
      const raw = fs.readFileSync(fx.config.dbPath).toString('utf8') + (fs.existsSync(`${fx.config.dbPath}-wal`) ? fs.readFileSync(`${fx.config.dbPath}-wal`).toString('utf8') : '');
      expect(raw).not.toContain('1381 234 5678');
      expect(raw).not.toContain('1234.5678');
    } finally {
      fx.cleanup();
    }
  });

  it('shows history details masked to staff even when personal data is kept', () => {
    const fx = deskFixture();
    try {
      const turnId = fx.desk.recordTurn(turn('冠县低保标准是多少'));
      const { ticket } = fx.desk.feedback(turnId, false, { note: '请打我手机1381 234 5678' });
      const item = fx.desk.getFullItem(ticket!)!;
      expect(item.history.map((h) => h.detail ?? '').join()).toContain('138* *** 5678');
      expect(leaked(JSON.stringify(item))).toEqual([]);
      expect(fx.desk.getFullItem(ticket!, { unmasked: true })!.history.map((h) => h.detail ?? '').join()).toContain('1381 234 5678');
    } finally {
      fx.cleanup();
    }
  });

  it('masks the question and the model text in the grounding-failure log', async () => {
    const fake = await startFakeOpenAI();
    const dir = tempDir();
    try {
      const logs: Record<string, unknown>[] = [];
      const log = pino({ level: 'debug' }, { write: (line: string) => void logs.push(JSON.parse(line)) });
      const config = loadConfig({ GUANBOT_DATA_DIR: dir, GUANBOT_LOG_LEVEL: 'silent', GUANBOT_LLM_BASE_URL: fake.baseURL, GUANBOT_LLM_MODEL: 'fake-chat', GUANBOT_LLM_API_KEY: 'sk-test' }, dir);
      const generator = createGenerator(config, log)!;
      const citations: Citation[] = [
        { docId: 'annual-report-2024', title: '年度报告', section: '一、总体情况', text: '2024年共答复网站留言204件。', score: 0.9, chunkId: 'c1', type: '年度报告' },
      ];
      fake.enqueue({ text: '已给您的手机1381 234 5678和邮箱zhang@qq。com发送了150件材料[1]。' });
      expect(await generator.generate({ question: '我的手机1381 234 5678，身份证370102-19900101-123X，留言答复了多少件', citations, persona: 'xiaoli' })).toBeNull();
      const warning = logs.find((l) => l.msg === 'generated answer failed grounding')!;
      expect(warning).toBeTruthy();
      expect(leaked(JSON.stringify(warning))).toEqual([]);
    } finally {
      await fake.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

/** ISO week of `d` in Shanghai, computed independently of the code under test. */
function isoWeekText(d: Date): string {
  const local = new Date(d.getTime() + 8 * 3600_000);
  const day = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate());
  const weekday = (new Date(day).getUTCDay() + 6) % 7;
  const thursday = new Date(day + (3 - weekday) * 86_400_000);
  const year = thursday.getUTCFullYear();
  const week = 1 + Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / (7 * 86_400_000));
  return `${year}-W${String(week).padStart(2, '0')}`;
}
