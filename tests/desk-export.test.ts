process.env.TZ = 'UTC';

import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { afterEach, describe, expect, it } from 'vitest';
import { DeskError, writeWeeklyExport } from '../src/desk/index.ts';
import { csvField, toCsv } from '../src/desk/export/csv.ts';
import { deskFixture, turn, unresolved, type DeskFixture } from './fixtures/desk-setup.ts';

/** The register a superior reads (first sheet). */
const REGISTER = ['留言编号', '留言时间', '渠道', '留言标题', '留言内容', '主题', '状态', '经办人', '答复内容', '答复人', '答复时间', '关闭原因'];
/** The working columns (second sheet, after the ticket; the CSV after the register's). */
const DETAILS = ['留言人(匿名编号)', '类型', '最接近的资料', '匹配度', '相似留言', '对话编号', '问答编号', '送达情况'];
const HEADERS = [...REGISTER, ...DETAILS];

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
  const late = fx.desk.openItem(unresolved('周日深夜的问题', 'cli')).ticket;
  fx.desk.assign(late, '王科长', '王科长');
  fx.desk.close(late, '重复留言', '王科长');
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
    // The header and three rows (checked just above).
    const [, a, b, c] = rows as [string[], string[], string[], string[]];
    const col = (row: string[], header: string) => row[HEADERS.indexOf(header)];
    expect(col(a, '留言内容')).toBe('我的身份证371*************3X，手机138****5678，低保怎么申请？');
    expect(a.join()).not.toMatch(/19900101|13812345678|9001/);
    expect(col(a, '留言时间')).toBe('2026-11-23 00:00');
    expect(col(a, '渠道')).toBe('Telegram');
    expect(col(a, '留言人(匿名编号)')).toMatch(/^TG-[0-9a-f]{8}$/);
    expect(col(a, '留言标题')).toBe(`我的身份证371${'*'.repeat(12)}…`); // first 20 characters
    expect(col(a, '最接近的资料')).toBe('冠县人民政府2024年政府信息公开工作年度报告 › 五、政府信息公开行政复议');
    expect(col(a, '匹配度')).toBe('0.21');
    // The topic comes from the question's own words, never from the nearest document's tags (政务公开).
    expect(col(a, '主题')).toContain('低保');
    expect(a.join()).not.toContain('政务公开');
    expect(col(b, '留言内容')).toBe('冠县人才公寓怎么申请，有"补贴"吗,\n谢谢');
    expect(col(b, '主题')).toBe('住房');
    expect([col(b, '状态'), col(b, '答复内容'), col(b, '答复人'), col(b, '答复时间')]).toEqual(['已答复', '人才公寓由县住建局受理，详见公告。', '李娜', '2026-11-25 10:00']);
    expect(col(b, '送达情况')).toBe('凭留言编号查询');
    expect(col(c, '留言时间')).toBe('2026-11-29 23:59');
    expect(col(c, '关闭原因')).toBe('重复留言');
    expect(col(c, '经办人')).toBe('王科长');
  });

  it('writes XLSX: a printable register, the working columns apart, a 本周统计 sheet, real file dates', async () => {
    seedWeek();
    const out = path.join(fx.tmp, 'register.xlsx');
    const takenAt = new Date('2026-11-30T00:30:00Z');
    const r = await writeWeeklyExport(fx.desk, fx.config, { week: { year: 2026, week: 48 }, out, now: takenAt });
    expect(r.file).toBe(out);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    expect(wb.worksheets.map((s) => s.name)).toEqual(['留言登记', '办理明细', '本周统计']);
    expect(wb.created.toISOString()).toBe(takenAt.toISOString());
    expect(wb.modified.toISOString()).toBe(takenAt.toISOString());
    const sheet = wb.getWorksheet('留言登记')!;
    expect(sheet.getRow(1).values).toEqual([undefined, ...REGISTER]);
    expect(sheet.getRow(1).getCell(1).font?.bold).toBe(true);
    expect((sheet.getRow(1).getCell(1).fill as ExcelJS.FillPattern).pattern).toBe('solid');
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    // Printed landscape on A4, one page wide, the header row on every page.
    expect(sheet.pageSetup).toMatchObject({ orientation: 'landscape', paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: '1:1' });
    expect(sheet.headerFooter.oddFooter).toContain('&P');
    expect(sheet.getColumn(REGISTER.indexOf('留言内容') + 1).width).toBeGreaterThanOrEqual(40);
    expect(sheet.rowCount).toBe(4);
    const cell = (row: number, header: string) => sheet.getRow(row).getCell(REGISTER.indexOf(header) + 1).value;
    expect(String(cell(2, '留言内容'))).toContain('138****5678');
    expect([cell(3, '答复人'), cell(4, '经办人'), cell(4, '关闭原因')]).toEqual(['李娜', '王科长', '重复留言']);
    // Nothing a superior cannot use on the first sheet: no handles, scores or document ids.
    sheet.eachRow((row) => expect(JSON.stringify(row.values)).not.toMatch(/TG-[0-9a-f]{8}|0\.21/));

    const details = wb.getWorksheet('办理明细')!;
    expect(details.getRow(1).values).toEqual([undefined, '留言编号', ...DETAILS]);
    expect(details.pageSetup.printTitlesRow).toBe('1:1');
    expect(details.getRow(2).getCell(1).value).toBe(sheet.getRow(2).getCell(1).value);
    expect(String(details.getRow(2).getCell(2).value)).toMatch(/^TG-[0-9a-f]{8}$/);
    expect(details.getRow(2).getCell(DETAILS.indexOf('匹配度') + 2).value).toBe(0.21);

    const stats = wb.getWorksheet('本周统计')!;
    const cells: unknown[][] = [];
    stats.eachRow((row) => cells.push((row.values as unknown[]).slice(1)));
    const find = (label: string) => cells.find((row) => row[0] === label);
    expect(String(cells[0]![0])).toContain('2026-W48');
    // Questions per day and channel (small talk not counted): Telegram, 网站, 命令行, 微信公众号, 合计.
    expect(find('2026-11-23')).toEqual(['2026-11-23', 1, 0, 0, 0, 1]);
    expect(find('2026-11-24')).toEqual(['2026-11-24', 0, 1, 0, 0, 1]);
    expect(find('2026-11-29')).toEqual(['2026-11-29', 0, 0, 1, 0, 1]);
    expect(find('提问总数（不含寒暄）')).toEqual(['提问总数（不含寒暄）', 3]);
    expect(find('资料库直接答复')).toEqual(['资料库直接答复', 1]);
    expect(find('直接答复率')?.[1]).toBeCloseTo(1 / 3);
    expect(find('待处理')).toEqual(['待处理', 1]);
    expect(find('已答复')).toEqual(['已答复', 1]);
    expect(find('已关闭')).toEqual(['已关闭', 1]);
    // Topics from the questions' words; the nearest document's tag (政务公开) is no topic.
    expect(find('政务公开')).toBeUndefined();
    expect(find('住房')).toEqual(['住房', 1]);
    expect(cells.some((row) => String(row[0]).includes('低保') && row[1] === 1)).toBe(true);
    // No feedback this week: the section is there with zeros.
    expect(find('👍 有帮助')).toEqual(['👍 有帮助', 0]);
    expect(find('满意率')).toEqual(['满意率', '—']);
  });

  it('puts the week\'s 👍/👎 in the 本周统计 sheet: totals, rate and the most rejected documents', async () => {
    fx = deskFixture({}, '2026-11-24T02:00:00Z');
    const cite = (docId: string, title: string) => ({ citations: [{ docId, chunkId: `${docId}#0`, score: 0.8, title }] });
    const good = fx.desk.recordTurn(turn('供暖什么时候开始', cite('heating', '冠县供暖通知')));
    const bad = fx.desk.recordTurn(turn('低保标准是多少', cite('dibao', '冠县低保标准')));
    const bad2 = fx.desk.recordTurn(turn('低保怎么申请', cite('dibao', '冠县低保标准')));
    fx.desk.feedback(good, true);
    fx.desk.feedback(bad, false);
    fx.desk.feedback(bad2, false);
    const r = await writeWeeklyExport(fx.desk, fx.config, { week: { year: 2026, week: 48 }, now: new Date('2026-11-30T00:00:00Z') });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(r.file);
    const cells: unknown[][] = [];
    wb.getWorksheet('本周统计')!.eachRow((row) => cells.push((row.values as unknown[]).slice(1)));
    const find = (label: string) => cells.find((row) => row[0] === label);
    expect(find('👍 有帮助')).toEqual(['👍 有帮助', 1]);
    expect(find('👎 没有帮助')).toEqual(['👎 没有帮助', 2]);
    expect(find('满意率')?.[1]).toBeCloseTo(1 / 3);
    const rejected = cells.findIndex((row) => row[0] === '最常被认为没有帮助的资料');
    expect(cells[rejected + 2]).toEqual(['冠县低保标准', 0, 2, 0]);
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
