process.env.TZ = 'UTC';

import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { afterEach, describe, expect, it } from 'vitest';
import { DeskError, writeWeeklyExport } from '../src/desk/index.ts';
import { csvField, toCsv } from '../src/desk/export/csv.ts';
import { deskFixture, turn, unresolved, type DeskFixture } from './fixtures/desk-setup.ts';

const HEADERS = ['留言编号', '留言时间', '渠道', '留言人(匿名编号)', '留言标题', '留言内容', '最接近的资料', '匹配度', '状态', '答复内容', '答复时间'];

let fx: DeskFixture;
afterEach(() => fx?.cleanup());

/** Items and turns around the edges of 2026-W48 (Mon 11-23 … Sun 11-29, Shanghai). */
function seedWeek() {
  fx = deskFixture({}, '2026-11-22T15:59:00Z'); // Sunday 23:59 of W47
  fx.desk.openItem(unresolved('上周的问题不应出现在本周'));
  fx.setNow('2026-11-22T16:00:00Z'); // Monday 00:00 of W48
  const first = fx.desk.openItem(unresolved('我的身份证37152219900101123X，手机13812345678，低保怎么申请？', 'telegram', '9001')).ticket;
  fx.desk.recordTurn(turn('低保怎么申请', { resolved: false, kind: 'unresolved', ticket: first }));
  fx.setNow('2026-11-24T02:00:00Z');
  const second = fx.desk.openItem({ ...unresolved('冠县人才公寓怎么申请，有"补贴"吗,\n谢谢', 'web', 'sess-1'), topic: '住房' }).ticket;
  fx.desk.recordTurn(turn('2024年收到多少政府信息公开申请', { channel: 'web' }));
  fx.desk.recordTurn(turn('你好', { kind: 'smalltalk', resolved: false }));
  fx.setNow('2026-11-25T02:00:00Z');
  fx.desk.reply(second, '人才公寓由县住建局受理，详见公告。', '李娜');
  fx.setNow('2026-11-29T15:59:00Z'); // Sunday 23:59 of W48
  fx.desk.openItem(unresolved('周日深夜的问题', 'cli'));
  fx.desk.recordTurn(turn('周日深夜的问题', { channel: 'cli', resolved: false, kind: 'unresolved' }));
  fx.setNow('2026-11-29T16:00:00Z'); // Monday 00:00 of W49
  fx.desk.openItem(unresolved('下周的问题不应出现在本周'));
  return { first, second };
}

describe('weekly export', () => {
  it('writes CSV with a BOM, the exact headers, masked content and only the week\'s items', async () => {
    const { first, second } = seedWeek();
    const r = await writeWeeklyExport(fx.desk, fx.config, { format: 'csv', now: new Date('2026-11-30T00:00:00Z') });
    expect(path.basename(r.file)).toBe('guanbot-2026-W48.csv');
    expect(r).toMatchObject({ week: '2026-W48', firstDay: '2026-11-23', lastDay: '2026-11-29', count: 3 });
    const raw = fs.readFileSync(r.file);
    expect([...raw.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = parse(raw, { bom: true, relax_column_count: false }) as string[][];
    expect(rows[0]).toEqual(HEADERS);
    expect(rows.slice(1).map((row) => row[0])).toEqual([first, second, expect.stringMatching(/^GX20261129-/)]);
    const [, a, b, c] = rows;
    expect(a[5]).toBe('我的身份证371*************3X，手机138****5678，低保怎么申请？');
    expect(a.join()).not.toMatch(/19900101|13812345678|9001/);
    expect(a[1]).toBe('2026-11-23 00:00');
    expect(a[2]).toBe('Telegram');
    expect(a[3]).toMatch(/^TG-[0-9a-f]{8}$/);
    expect(a[4]).toBe(`我的身份证371${'*'.repeat(12)}…`); // first 20 characters
    expect(a[6]).toBe('冠县人民政府2024年政府信息公开工作年度报告 › 五、政府信息公开行政复议');
    expect(a[7]).toBe('0.21');
    expect(b[5]).toBe('冠县人才公寓怎么申请，有"补贴"吗,\n谢谢');
    expect(b.slice(8)).toEqual(['已答复', '人才公寓由县住建局受理，详见公告。', '2026-11-25 10:00']);
    expect(c[1]).toBe('2026-11-29 23:59');
  });

  it('writes XLSX with a styled frozen header, widths and a 本周统计 sheet', async () => {
    seedWeek();
    const out = path.join(fx.tmp, 'register.xlsx');
    const r = await writeWeeklyExport(fx.desk, fx.config, { week: { year: 2026, week: 48 }, out });
    expect(r.file).toBe(out);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    expect(wb.worksheets.map((s) => s.name)).toEqual(['留言登记', '本周统计']);
    const sheet = wb.getWorksheet('留言登记')!;
    expect(sheet.getRow(1).values).toEqual([undefined, ...HEADERS]);
    expect(sheet.getRow(1).getCell(1).font?.bold).toBe(true);
    expect((sheet.getRow(1).getCell(1).fill as ExcelJS.FillPattern).pattern).toBe('solid');
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(sheet.getColumn(6).width).toBeGreaterThanOrEqual(40);
    expect(sheet.rowCount).toBe(4);
    expect(String(sheet.getRow(2).getCell(6).value)).toContain('138****5678');
    expect(sheet.getRow(2).getCell(8).value).toBe(0.21);

    const stats = wb.getWorksheet('本周统计')!;
    const cells: unknown[][] = [];
    stats.eachRow((row) => cells.push((row.values as unknown[]).slice(1)));
    const find = (label: string) => cells.find((row) => row[0] === label);
    expect(String(cells[0][0])).toContain('2026-W48');
    // Questions per day and channel (small talk not counted): Telegram, 网站, 命令行, 微信公众号, 合计.
    expect(find('2026-11-23')).toEqual(['2026-11-23', 1, 0, 0, 0, 1]);
    expect(find('2026-11-24')).toEqual(['2026-11-24', 0, 1, 0, 0, 1]);
    expect(find('2026-11-29')).toEqual(['2026-11-29', 0, 0, 1, 0, 1]);
    expect(find('提问总数（不含寒暄）')).toEqual(['提问总数（不含寒暄）', 3]);
    expect(find('资料库直接答复')).toEqual(['资料库直接答复', 1]);
    expect(find('直接答复率')?.[1]).toBeCloseTo(1 / 3);
    expect(find('待处理')).toEqual(['待处理', 2]);
    expect(find('已答复')).toEqual(['已答复', 1]);
    expect(find('政务公开')).toEqual(['政务公开', 2]);
    expect(find('住房')).toEqual(['住房', 1]);
  });

  it('writes an empty week as a file with its headers', async () => {
    fx = deskFixture();
    const csv = await writeWeeklyExport(fx.desk, fx.config, { week: { year: 2026, week: 53 }, format: 'csv' });
    expect(csv.count).toBe(0);
    expect(parse(fs.readFileSync(csv.file), { bom: true })).toEqual([HEADERS]);
    const xlsx = await writeWeeklyExport(fx.desk, fx.config, { week: { year: 2026, week: 53 } });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(xlsx.file);
    expect(wb.getWorksheet('留言登记')!.rowCount).toBe(1);
    expect(path.basename(xlsx.file)).toBe('guanbot-2026-W53.xlsx');
  });

  it('refuses an unwritable path with a Chinese error and leaves no temp file', async () => {
    fx = deskFixture();
    const missing = path.join(fx.tmp, 'no-such-dir', 'x.csv');
    await expect(writeWeeklyExport(fx.desk, fx.config, { format: 'csv', out: missing })).rejects.toThrow(/无法写入.*目录不存在/);
    await expect(writeWeeklyExport(fx.desk, fx.config, { format: 'csv', out: fx.tmp })).rejects.toBeInstanceOf(DeskError);
    expect(fs.readdirSync(fx.tmp).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});

describe('CSV encoding', () => {
  it('quotes per RFC 4180 and defuses spreadsheet formulas', () => {
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('他说"你好"')).toBe('"他说""你好"""');
    expect(csvField('两行\r\n文本')).toBe('"两行\r\n文本"');
    expect(csvField('=HYPERLINK("http://x")')).toBe(`"'=HYPERLINK(""http://x"")"`);
    expect(csvField(0.5)).toBe('0.5');
    expect(toCsv(['a', 'b'], [[1, 'x']])).toBe('\uFEFFa,b\r\n1,x\r\n');
  });
});
