/** The XLSX register: styled, frozen header, sensible widths, and a second sheet of the week's figures. */
import ExcelJS from 'exceljs';
import type { DeskContext } from '../context.ts';
import { COLUMN_KEYS, COLUMN_WIDTHS, type RegisterRow } from './rows.ts';
import { CHANNELS, type WeekFigures } from './figures.ts';

const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } };
const WRAPPED = new Set(['content', 'reply', 'closest']);

function styleHeader(row: ExcelJS.Row): void {
  row.font = { bold: true };
  row.eachCell((cell) => {
    cell.fill = HEADER_FILL;
    cell.alignment = { vertical: 'middle', horizontal: 'center' };
    cell.border = { bottom: { style: 'thin' } };
  });
}

export interface XlsxInput {
  headers: string[];
  rows: RegisterRow[];
  figures: WeekFigures;
  /** e.g. 2026-W48 */
  week: string;
  firstDay: string;
  lastDay: string;
}

/** Builds the workbook (not yet written). */
export function buildWorkbook(ctx: Pick<DeskContext, 't'>, input: XlsxInput): ExcelJS.Workbook {
  const t = ctx.t;
  const wb = new ExcelJS.Workbook();
  wb.creator = 'guanbot';
  wb.created = new Date(0); // deterministic files: the register, not the clock, is the content

  const sheet = wb.addWorksheet(t('export.sheet'), { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = COLUMN_KEYS.map((key, i) => ({ header: input.headers[i], key, width: COLUMN_WIDTHS[key] }));
  styleHeader(sheet.getRow(1));
  for (const r of input.rows) {
    const row = sheet.addRow(r);
    row.alignment = { vertical: 'top' };
    for (const key of WRAPPED) row.getCell(key).alignment = { vertical: 'top', wrapText: true };
  }
  sheet.getColumn('score').numFmt = '0.00';
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: COLUMN_KEYS.length } };

  addFiguresSheet(wb, ctx, input);
  return wb;
}

function addFiguresSheet(wb: ExcelJS.Workbook, ctx: Pick<DeskContext, 't'>, input: XlsxInput): void {
  const t = ctx.t;
  const f = input.figures;
  const sheet = wb.addWorksheet(t('export.statsSheet'));
  sheet.columns = [{ width: 28 }, { width: 12 }, { width: 12 }, { width: 12 }, { width: 12 }];
  const heading = (text: string) => {
    const row = sheet.addRow([text]);
    row.font = { bold: true, size: 12 };
  };

  const title = sheet.addRow([t('export.stats.title', { week: input.week, from: input.firstDay, to: input.lastDay })]);
  title.font = { bold: true, size: 14 };
  sheet.addRow([]);

  heading(t('export.stats.perDay'));
  styleHeader(sheet.addRow([t('export.stats.date'), ...CHANNELS.map((c) => t(`channels.${c}`)), t('export.stats.total')]));
  for (const d of f.perDay) sheet.addRow([d.date, ...CHANNELS.map((c) => d.byChannel[c]), d.total]);
  const totals = sheet.addRow([
    t('export.stats.total'),
    ...CHANNELS.map((c) => f.perDay.reduce((sum, d) => sum + d.byChannel[c], 0)),
    f.perDay.reduce((sum, d) => sum + d.total, 0),
  ]);
  totals.font = { bold: true };
  sheet.addRow([]);

  heading(t('export.stats.rateHeading'));
  sheet.addRow([t('export.stats.questions'), f.questions]);
  sheet.addRow([t('export.stats.resolved'), f.resolved]);
  sheet.addRow([t('export.stats.unresolved'), f.questions - f.resolved]);
  const rate = sheet.addRow([t('export.stats.resolvedRate'), f.resolvedRate ?? '—']);
  if (f.resolvedRate !== null) rate.getCell(2).numFmt = '0.0%';
  sheet.addRow([]);

  heading(t('export.stats.byStatus'));
  styleHeader(sheet.addRow([t('export.stats.status'), t('export.stats.count')]));
  for (const s of f.byStatus) sheet.addRow([s.status, s.count]);
  sheet.addRow([]);

  heading(t('export.stats.topTopics'));
  styleHeader(sheet.addRow([t('export.stats.topic'), t('export.stats.count')]));
  if (f.topTopics.length === 0) sheet.addRow([t('export.stats.none')]);
  for (const s of f.topTopics) sheet.addRow([s.topic ?? t('export.stats.noTopic'), s.count]);
}
