import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import pino from 'pino';
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDesk } from '../src/desk/index.ts';
import { openStaffStore } from '../src/channels/web/staff/index.ts';
import { tempDir, testConfig, unresolved } from './fixtures/desk-setup.ts';

const root = path.resolve(import.meta.dirname, '..');
const tmp = tempDir();

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function guanbot(...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [path.join(root, 'bin/guanbot.mjs'), ...args],
      { cwd: root, env: { ...process.env, GUANBOT_DATA_DIR: tmp, GUANBOT_CORPUS_DIR: path.join(tmp, 'corpus'), GUANBOT_LOG_LEVEL: 'silent', TZ: 'UTC' } },
      (err, stdout, stderr) => resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

/** The three seeded tickets: two alike (grouped), one with a phone number. */
let tickets: [string, string, string] = ['', '', ''];
beforeAll(async () => {
  fs.cpSync(path.join(root, 'corpus'), path.join(tmp, 'corpus'), { recursive: true });
  // Desk actions on the command line are taken as an existing staff account (--as).
  const staff = openStaffStore(testConfig(tmp).dbPath);
  await staff.accounts.add('王科长', 'a-long-password', { role: 'admin' });
  await staff.accounts.add('李娜', 'a-long-password', { role: 'editor' });
  staff.close();
  const desk = openDesk(testConfig(tmp), pino({ level: 'silent' }));
  tickets = [
    desk.openItem(unresolved('请问冠县低保标准是多少？', 'telegram', '3001')).ticket,
    desk.openItem(unresolved('冠县的低保标准是多少', 'telegram', '3002')).ticket,
    // A question with a phone number is that citizen's own case: it joins no group.
    desk.openItem(unresolved('冠县图书馆周一开门吗？我的手机13812345678', 'web', 'sess-9')).ticket,
  ];
  desk.closeDb();
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('guanbot messages / ticket / export', () => {
  it('lists items as JSON with masked questions and as an aligned Chinese table', async () => {
    const json = await guanbot('messages', 'list', '--json');
    expect(json.code).toBe(0);
    const items = JSON.parse(json.stdout) as Record<string, unknown>[];
    expect(items.map((i) => i.ticket).sort()).toEqual([...tickets].sort());
    for (const key of ['ticket', 'createdAt', 'channel', 'question', 'status', 'kind']) expect(items[0]).toHaveProperty(key);
    expect(json.stdout).toContain('138****5678');
    expect(json.stdout).not.toMatch(/13812345678|3001|sess-9/);

    const table = await guanbot('messages', 'list', '--status', '待处理');
    expect(table.code).toBe(0);
    const lines = table.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^留言编号\s+留言时间\s+渠道\s+状态/);
    expect(lines.at(-1)).toBe('共 3 条。');
  });

  it('assigns, replies to the whole group, shows the delivery state, and a citizen looks the ticket up', async () => {
    const [a, b] = tickets;
    const assigned = await guanbot('messages', 'assign', a.toLowerCase(), '李娜', '--as', '王科长');
    expect(assigned).toMatchObject({ code: 0 });
    expect(assigned.stdout).toContain(`已将留言 ${a} 分派给 李娜`);

    // A group reply lists who else receives it; without a terminal to confirm on, --yes is required.
    const unconfirmed = await guanbot('messages', 'reply', a, '低保标准请见县民政局2026年公告。', '--as', '李娜');
    expect(unconfirmed.code).not.toBe(0);
    expect(unconfirmed.stdout).toContain('这条答复还会发给同组的 1 条相似留言');
    expect(unconfirmed.stdout).toContain(b);
    expect(unconfirmed.stderr).toContain('--yes');
    expect((await guanbot('messages', 'show', b)).stdout).toMatch(/状态\s+待处理/);

    const replied = await guanbot('messages', 'reply', a, '低保标准请见县民政局2026年公告。', '--as', '李娜', '--yes');
    expect(replied.code).toBe(0);
    expect(replied.stdout).toContain(`相似留言 ${b} 一并答复`);
    expect(replied.stdout).toContain('待推送给群众的答复：2 条');

    const show = await guanbot('messages', 'show', b);
    expect(show.code).toBe(0);
    expect(show.stdout).toMatch(/状态\s+已答复/);
    expect(show.stdout).toMatch(/送达情况\s+待送达/);
    expect(show.stdout).toContain('随相似留言');
    expect(show.stdout).not.toContain('13812345678');

    const lookup = await guanbot('ticket', b);
    expect(lookup.code).toBe(0);
    expect(lookup.stdout).toContain('办理状态：已答复');
    expect(lookup.stdout).toContain('低保标准请见县民政局2026年公告。');
  });

  it('promotes an answered item into the corpus and refuses an unanswered one', async () => {
    const [a] = tickets;
    const faqId = `faq-${a.toLowerCase()}`;
    const file = path.join(tmp, 'corpus', 'faq', `${faqId}.md`);
    // Staff see what will be published first; without a terminal to confirm on, nothing is written without --yes.
    const preview = await guanbot('messages', 'promote', a, '--as', '李娜');
    expect(preview.code).not.toBe(0);
    expect(preview.stdout).toContain(`将发布为常见问答 ${faqId}`);
    expect(preview.stdout).toMatch(/标准问题\s+请问冠县低保标准是多少？/);
    expect(preview.stdout).toContain('低保标准请见县民政局2026年公告。');
    expect(preview.stderr).toContain('--yes');
    expect(fs.existsSync(file)).toBe(false);

    const promoted = await guanbot('messages', 'promote', a, '--as', '李娜', '--yes');
    expect(promoted.stderr).toBe('');
    expect(promoted.code).toBe(0);
    expect(promoted.stdout).toContain(`已将留言 ${a} 转为问答 ${faqId}`);
    expect(fs.readFileSync(file, 'utf8')).toContain('低保标准请见县民政局2026年公告。');
    const show = await guanbot('messages', 'show', a);
    expect(show.stdout).toMatch(/状态\s+已转为问答/);

    const refused = await guanbot('messages', 'promote', tickets[2], '--as', '李娜');
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain('须先答复');
  }, 180_000);

  it('closes with a reason and refuses bad input with Chinese errors and a non-zero exit', async () => {
    const c = tickets[2];
    const noReason = await guanbot('messages', 'close', c, '--as', '李娜');
    expect(noReason.code).not.toBe(0);
    expect(noReason.stderr).toContain('请用 --reason 写明关闭原因');
    const closed = await guanbot('messages', 'close', c, '--reason', '已电话答复', '--as', '李娜');
    expect(closed.stdout).toContain(`已关闭留言 ${c}（原因：已电话答复）`);

    const unknown = await guanbot('messages', 'show', 'GX20990101-0001');
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr).toContain('找不到留言编号 GX20990101-0001');
    const unknownTicket = await guanbot('ticket', 'ABC');
    expect(unknownTicket.code).not.toBe(0);
    expect(unknownTicket.stderr).toContain('找不到留言编号 ABC');
    const badStatus = await guanbot('messages', 'list', '--status', '完成');
    expect(badStatus.code).not.toBe(0);
    expect(badStatus.stderr).toContain('状态“完成”无效');
    const notOpen = await guanbot('messages', 'reply', c, '再答复一次', '--as', '李娜');
    expect(notOpen.code).not.toBe(0);
    expect(notOpen.stderr).toContain('不能再办理');
  });

  it('exports a week as CSV and XLSX and refuses malformed weeks and unwritable paths', async () => {
    const week = await guanbot('export', '--week', '2026-W53', '--format', 'csv');
    expect(week.code).toBe(0);
    const file = path.join(tmp, 'exports', 'guanbot-2026-W53.csv');
    expect(week.stdout).toContain(file);
    expect(parse(fs.readFileSync(file), { bom: true })[0]![0]).toBe('留言编号');

    const out = path.join(tmp, 'this-week.xlsx');
    const now = new Date();
    const current = await guanbot('export', '--out', out, '--week', isoWeekText(now));
    expect(current.code).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    expect(wb.getWorksheet('留言登记')!.rowCount).toBeGreaterThanOrEqual(1);

    const malformed = await guanbot('export', '--week', '2026-48');
    expect(malformed.code).not.toBe(0);
    expect(malformed.stderr).toContain('周次“2026-48”格式不对');
    const noSuchWeek = await guanbot('export', '--week', '2025-W53');
    expect(noSuchWeek.code).not.toBe(0);
    expect(noSuchWeek.stderr).toContain('2025 年共 52 周');
    const badFormat = await guanbot('export', '--format', 'pdf');
    expect(badFormat.code).not.toBe(0);
    expect(badFormat.stderr).toContain('导出格式“pdf”无效');
    const unwritable = await guanbot('export', '--out', path.join(tmp, 'missing-dir', 'x.xlsx'));
    expect(unwritable.code).not.toBe(0);
    expect(unwritable.stderr).toContain('无法写入');
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
