/**
 * The scheduled weekly export is the county's official register: it must hold the whole week even when staff
 * downloaded the same week's export mid-week (which writes the same file name in data/exports). Fixed clocks.
 */
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { writeWeeklyExport } from '../src/desk/index.ts';
import { catchUpExport, exportLastWeek } from '../src/desk/jobs.ts';
import { deskFixture, unresolved, type DeskFixture } from './fixtures/desk-setup.ts';

let fx: DeskFixture;
afterEach(() => fx?.cleanup());

const app = () => ({ desk: fx.desk, config: fx.config, log: pino({ level: 'silent' }) });
const W49 = { year: 2026, week: 49 }; // Monday 2026-11-30 … Sunday 2026-12-06, Shanghai
const WEDNESDAY = '2026-12-02T02:00:00Z'; // 10:00 Shanghai
const MONDAY_0800 = new Date('2026-12-07T00:00:00Z'); // the scheduled run for W49
const file = (name: string) => path.join(fx.config.exportsDir, name);

async function xlsxTickets(xlsx: string): Promise<string[]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(xlsx);
  const sheet = wb.getWorksheet('留言登记')!;
  const tickets: string[] = [];
  sheet.eachRow((row, n) => {
    if (n > 1) tickets.push(String(row.getCell(1).value));
  });
  return tickets;
}

const csvTickets = (csv: string) => (parse(fs.readFileSync(csv), { bom: true }) as string[][]).slice(1).map((r) => r[0]);

/** A ticket on Wednesday, the mid-week download of the current week (xlsx and csv), then a ticket on Friday. */
async function midWeekDownloadThenMoreTickets() {
  fx = deskFixture({}, WEDNESDAY);
  const early = fx.desk.openItem(unresolved('冠县有没有人才公寓')).ticket;
  for (const format of ['xlsx', 'csv'] as const) {
    const r = await writeWeeklyExport(fx.desk, fx.config, { week: W49, format, now: new Date(WEDNESDAY) });
    expect(r).toMatchObject({ week: '2026-W49', count: 1, skipped: false });
  }
  fx.setNow('2026-12-04T03:00:00Z'); // Friday
  const late = fx.desk.openItem(unresolved('周五才来的留言：公租房怎么申请')).ticket;
  fx.setNow('2026-12-06T15:30:00Z'); // Sunday 23:30
  const last = fx.desk.openItem(unresolved('周日深夜的留言')).ticket;
  return [early, late, last];
}

describe('scheduled weekly export after a mid-week download', () => {
  it('the Monday run rewrites the file with every ticket of the week', async () => {
    const tickets = await midWeekDownloadThenMoreTickets();
    expect(await xlsxTickets(file('guanbot-2026-W49.xlsx'))).toEqual(tickets.slice(0, 1));

    fx.setNow(MONDAY_0800.toISOString());
    const results = await exportLastWeek(app(), MONDAY_0800);
    expect(results.map((r) => [path.basename(r.file), r.skipped, r.count])).toEqual([
      ['guanbot-2026-W49.xlsx', false, 3],
      ['guanbot-2026-W49.csv', false, 3],
    ]);
    expect(await xlsxTickets(file('guanbot-2026-W49.xlsx'))).toEqual(tickets);
    expect(csvTickets(file('guanbot-2026-W49.csv'))).toEqual(tickets);
  });

  it('a start-up catch-up also replaces the incomplete file, then leaves the complete one alone', async () => {
    const tickets = await midWeekDownloadThenMoreTickets();
    // Tuesday: the server was down on Monday at 08:00.
    const tuesday = new Date('2026-12-08T02:00:00Z');
    fx.setNow(tuesday.toISOString());
    const first = await catchUpExport(app(), tuesday);
    expect(first.map((r) => [r.skipped, r.count])).toEqual([[false, 3], [false, 3]]);
    expect(await xlsxTickets(file('guanbot-2026-W49.xlsx'))).toEqual(tickets);

    // A restart later: the register is complete, so it is not written again (the files keep their time).
    const stamp = fs.statSync(file('guanbot-2026-W49.xlsx')).mtimeMs;
    const again = await catchUpExport(app(), new Date('2026-12-09T02:00:00Z'));
    expect(again.every((r) => r.skipped)).toBe(true);
    expect(fs.statSync(file('guanbot-2026-W49.xlsx')).mtimeMs).toBe(stamp);
  });

  it('an export file is stamped with the time it was taken', async () => {
    fx = deskFixture({}, WEDNESDAY);
    const r = await writeWeeklyExport(fx.desk, fx.config, { week: W49, format: 'csv', now: new Date(WEDNESDAY) });
    expect(fs.statSync(r.file).mtime.toISOString()).toBe(new Date(WEDNESDAY).toISOString());
  });
});
