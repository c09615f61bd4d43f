/**
 * The audit log reads in Chinese (issue 12): action names and details in words
 * with personal numbers masked, filters by operator, action and date, XLSX and
 * CSV export from the console and `guanbot audit list|export`; and command-line
 * desk actions need `--as` an existing staff account whose role allows them,
 * and are audited like the console's.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StaffClient, startWebFixture, type WebFixture } from './web-fixture.ts';
import { unresolved } from './fixtures/desk-setup.ts';
import { localToday } from '../src/time/index.ts';
import { COUNTY_TIME_ZONE } from '../src/constants.ts';

const root = path.resolve(import.meta.dirname, '..');
const PASSWORD = 'audit-test-password';
let fx: WebFixture;
let admin: StaffClient;
let ticket: string;

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** The real CLI on the fixture's data directory. */
function guanbot(...args: string[]): Promise<Run> {
  return guanbotIn(path.join(fx.tmp, 'data'), ...args);
}

function guanbotIn(dataDir: string, ...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [path.join(root, 'bin/guanbot.mjs'), ...args],
      { cwd: root, env: { ...process.env, GUANBOT_DATA_DIR: dataDir, GUANBOT_CORPUS_DIR: path.join(fx.tmp, 'corpus'), GUANBOT_LOG_LEVEL: 'silent', TZ: 'UTC' } },
      (err, stdout, stderr) => resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

beforeAll(async () => {
  fx = await startWebFixture();
  await fx.staff.accounts.add('wangfang', PASSWORD, { role: 'admin' });
  await fx.staff.accounts.add('lina', PASSWORD, { role: 'handler', department: '教体局' });
  await fx.staff.accounts.add('zhaoyue', PASSWORD, { role: 'viewer' });
  admin = new StaffClient(fx.url);
  await admin.login('wangfang', PASSWORD);
  ticket = fx.app.desk.openItem(unresolved('冠县中考体育考试怎么安排？', 'web', 'sess-audit')).ticket;
  // A close reason that quotes a phone number, and a bulk close of two tickets.
  const other = fx.app.desk.openItem(unresolved('请问冠县公交卡在哪里办？', 'web', 'sess-audit-2')).ticket;
  const third = fx.app.desk.openItem(unresolved('冠县公交卡补办要带什么？', 'web', 'sess-audit-3')).ticket;
  expect((await admin.call('GET', `items/${ticket}`)).status).toBe(200);
  expect((await admin.call('POST', `items/${other}/close`, { reason: '已电话联系13812345678答复' })).status).toBe(200);
  expect((await admin.call('POST', 'items/bulk', { action: 'close', tickets: [third, 'GX20990101-0001'], reason: '重复留言' })).status).toBe(200);
}, 120_000);

afterAll(async () => {
  await fx?.close();
});

describe('the audit log in the console', () => {
  it('reads in Chinese: action names, details in words, masked numbers, the source', async () => {
    const r = await admin.call('GET', 'audit');
    expect(r.status).toBe(200);
    const byAction = (code: string) => r.body.entries.find((e: { action: string }) => e.action === code);
    expect(byAction('item.view')).toMatchObject({ actor: 'wangfang', actionLabel: '查看留言原文', target: ticket, source: '127.0.0.1' });
    const close = byAction('item.close');
    expect(close.actionLabel).toBe('关闭留言');
    expect(close.detailText).toBe('原因：已电话联系138****5678答复');
    expect(JSON.stringify(r.body)).not.toContain('13812345678');
    const bulk = byAction('bulk.close');
    expect(bulk.actionLabel).toBe('批量关闭留言');
    // Empty fields are left out, the failed ticket is counted, nothing is raw JSON.
    expect(bulk.detailText).toBe('原因：重复留言；失败 1 条');
    expect(byAction('login')).toMatchObject({ actionLabel: '登录', detailText: '' });
    for (const e of r.body.entries) expect(e.detailText).not.toMatch(/[{}"]/);
    expect(r.body.actions).toEqual(expect.arrayContaining([{ value: 'item.close', label: '关闭留言' }]));
    expect(r.body.actors.map((a: { value: string }) => a.value)).toContain('wangfang');
  });

  it('filters by operator, action (a family too) and date, and refuses a malformed date in Chinese', async () => {
    const lina = new StaffClient(fx.url);
    await lina.login('lina', PASSWORD);
    const mine = await admin.call('GET', 'audit?actor=lina');
    expect(mine.body.entries.map((e: { action: string }) => e.action)).toEqual(['login']);
    const items = await admin.call('GET', 'audit?action=item');
    expect(new Set(items.body.entries.map((e: { action: string }) => e.action))).toEqual(new Set(['item.view', 'item.close']));
    // Staff filter by the county's calendar day, which is not UTC's between 16:00 and 24:00 UTC.
    const today = localToday(COUNTY_TIME_ZONE);
    expect((await admin.call('GET', `audit?since=${today}&until=${today}`)).body.entries.length).toBeGreaterThan(3);
    expect((await admin.call('GET', 'audit?until=2020-01-01')).body.entries).toEqual([]);
    const bad = await admin.call('GET', 'audit?since=2026-13-01');
    expect(bad.status).toBe(400);
    expect(bad.body.error).toBe('日期“2026-13-01”格式不对，请写成 2026-01-31 这样的年-月-日。');
  });

  it('exports the filtered log as XLSX and CSV with Chinese headings, and audits the export', async () => {
    const xlsx = await admin.call('GET', 'audit/export?format=xlsx&action=item.close');
    expect(xlsx.status).toBe(200);
    expect(xlsx.headers.get('content-disposition')).toMatch(/attachment; filename="guanbot-audit-\d{4}-\d{2}-\d{2}\.xlsx"/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.body as unknown as ArrayBuffer);
    const sheet = wb.getWorksheet('操作日志')!;
    expect(sheet.getRow(1).values).toEqual([undefined, '时间', '操作人', '操作', '对象', '详情', '来源']);
    expect(sheet.rowCount).toBe(2);
    expect(sheet.getRow(2).getCell(3).value).toBe('关闭留言');
    expect(sheet.getRow(2).getCell(5).value).toBe('原因：已电话联系138****5678答复');

    const csv = await admin.call('GET', 'audit/export?format=csv&actor=wangfang');
    const rows = parse(csv.body as Buffer, { bom: true }) as string[][];
    expect(rows[0]).toEqual(['时间', '操作人', '操作', '对象', '详情', '来源']);
    expect(rows.map((row) => row[2])).toEqual(expect.arrayContaining(['登录', '查看留言原文', '批量关闭留言']));
    expect(fx.staff.audit.list({ action: 'audit.export' }).length).toBe(2);
  });

  it('is for administrators and read-only accounts only', async () => {
    const viewer = new StaffClient(fx.url);
    await viewer.login('zhaoyue', PASSWORD);
    expect((await viewer.call('GET', 'audit')).status).toBe(200);
    const handler = new StaffClient(fx.url);
    await handler.login('lina', PASSWORD);
    expect((await handler.call('GET', 'audit/export')).status).toBe(403);
  });
});

describe('command-line desk actions have a real, audited operator', () => {
  it('refuses a missing, unknown or unauthorised --as with what to do', async () => {
    const missing = await guanbot('messages', 'close', ticket, '--reason', '已答复');
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toContain('请用 --as 写明办理人');
    expect(missing.stderr).toContain('lina');
    const unknown = await guanbot('messages', 'close', ticket, '--reason', '已答复', '--as', '王科长');
    expect(unknown.stderr).toContain('没有名为“王科长”的工作人员账号');
    const viewer = await guanbot('messages', 'close', ticket, '--reason', '已答复', '--as', 'zhaoyue');
    expect(viewer.stderr).toContain('zhaoyue 的角色是只读，不能执行这项操作（需要管理员、编辑、经办人）');
    const promote = await guanbot('messages', 'promote', ticket, '--as', 'lina');
    expect(promote.stderr).toContain('lina 的角色是经办人');
    expect(fx.app.desk.getItem(ticket)!.status).toBe('待处理');

    // A county with no staff account yet is told how to create one.
    const none = await guanbotIn(path.join(fx.tmp, 'empty-data'), 'messages', 'close', ticket, '--reason', '已答复', '--as', 'lina');
    expect(none.code).not.toBe(0);
    expect(none.stderr).toContain('还没有任何工作人员账号');
    expect(none.stderr).toContain('guanbot staff add 用户名 --role 经办人');
  });

  it('assigns to a department and a person, closes, and records each in the audit log as a command-line action', async () => {
    const badDept = await guanbot('messages', 'assign', ticket, '--department', '文旅局', '--as', 'lina');
    expect(badDept.stderr).toContain('没有工作人员属于部门“文旅局”');
    const assigned = await guanbot('messages', 'assign', ticket, 'lina', '--department', '教体局', '--as', 'lina');
    expect(assigned.stderr).toBe('');
    expect(assigned.stdout).toContain(`已将留言 ${ticket} 分派到部门 教体局`);
    expect(assigned.stdout).toContain(`已将留言 ${ticket} 分派给 lina`);
    const closed = await guanbot('messages', 'close', ticket, '--reason', '已电话答复', '--as', 'lina');
    expect(closed.code).toBe(0);
    const show = await guanbot('messages', 'show', ticket);
    expect(show.stdout).toMatch(/部门\s+教体局/);

    const list = await guanbot('audit', 'list', '--json', '--actor', 'lina', '--since', localToday(COUNTY_TIME_ZONE));
    expect(list.code).toBe(0);
    const entries = JSON.parse(list.stdout) as { action: string; actionLabel: string; source: string; target: string; detailText: string }[];
    expect(entries.filter((e) => e.source === '命令行（服务器本机）').map((e) => `${e.actionLabel}|${e.target}|${e.detailText}`)).toEqual([
      `关闭留言|${ticket}|原因：已电话答复`,
      `指派经办人|${ticket}|经办人 lina`,
      `分派到部门|${ticket}|部门 教体局`,
    ]);
  });

  it('lists the log as a Chinese table, exports it, and refuses bad input', async () => {
    const table = await guanbot('audit', 'list', '--action', 'item.close');
    expect(table.code).toBe(0);
    const lines = table.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^时间\s+操作人\s+操作\s+对象\s+详情\s+来源$/);
    expect(table.stdout).toContain('原因：已电话联系138****5678答复');
    expect(lines.at(-1)).toBe('共 2 条。');

    const out = path.join(fx.tmp, 'audit.xlsx');
    const exported = await guanbot('audit', 'export', '--out', out, '--actor', 'lina');
    expect(exported.stdout).toContain(`到 ${out}`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    expect(wb.getWorksheet('操作日志')!.getColumn(2).values.slice(2)).toEqual(expect.arrayContaining(['lina']));

    const badDate = await guanbot('audit', 'list', '--since', '昨天');
    expect(badDate.code).not.toBe(0);
    expect(badDate.stderr).toContain('日期“昨天”格式不对');
    const badFormat = await guanbot('audit', 'export', '--out', path.join(fx.tmp, 'audit.pdf'));
    expect(badFormat.stderr).toContain('只能导出为 .xlsx 或 .csv 文件');
    expect(fs.existsSync(path.join(fx.tmp, 'audit.pdf'))).toBe(false);
  }, 60_000);
});
