/**
 * The XLSX register: a first sheet a superior can print (landscape A4, one page wide, the header row
 * repeated on every page, page numbers), the working columns on a second sheet, and the week's figures
 * (with citizens' 👍/👎) on a third. exceljs cannot draw charts; the daily totals carry data bars instead.
 */
import ExcelJS from 'exceljs';
import type { DeskContext } from '../context.ts';
import type { FeedbackStats } from '../feedback-stats.ts';
import { COLUMN_KEYS, COLUMN_WIDTHS, DETAIL_KEYS, type RegisterRow } from './rows.ts';
import { CHANNELS, type WeekFigures } from './figures.ts';

const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } };
const WRAPPED = new Set<string>(['title', 'content', 'reply', 'closest', 'closeReason', 'topic', 'group', 'delivery']);
/** A4 in exceljs's paper size codes. */
const A4 = 9;

function styleHeader(row: ExcelJS.Row): void {
  row.font = { bold: true };
  row.eachCell((cell) => {
    cell.fill = HEADER_FILL;
    cell.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true };
    cell.border = { bottom: { style: 'thin' } };
  });
}

export interface XlsxInput {
  headers: string[];
  detailHeaders: string[];
  rows: RegisterRow[];
  figures: WeekFigures;
  feedback: FeedbackStats;
  /** e.g. 2026-W48 */
  week: string;
  firstDay: string;
  lastDay: string;
  /** When the export was taken: the workbook's created and modified dates. */
  takenAt: Date;
}

type Ctx = Pick<DeskContext, 't'>;

/** A sheet of `keys` with a styled, frozen header, wrapped long texts, set up to print landscape with the header on every page. */
function tableSheet(wb: ExcelJS.Workbook, name: string, title: string, keys: readonly string[], header: string[], rows: RegisterRow[]): ExcelJS.Worksheet {
  const sheet = wb.addWorksheet(name, {
    views: [{ state: 'frozen', ySplit: 1 }],
    pageSetup: { orientation: 'landscape', paperSize: A4, fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: '1:1', horizontalCentered: true },
    headerFooter: { oddHeader: `&C&B${title}`, oddFooter: '&C&P / &N' },
  });
  sheet.columns = keys.map((key, i) => ({ header: header[i], key, width: COLUMN_WIDTHS[key as keyof typeof COLUMN_WIDTHS] }));
  styleHeader(sheet.getRow(1));
  for (const r of rows) {
    const row = sheet.addRow(Object.fromEntries(keys.map((k) => [k, r[k as keyof RegisterRow]])));
    row.alignment = { vertical: 'top' };
    for (const key of keys) if (WRAPPED.has(key)) row.getCell(key).alignment = { vertical: 'top', wrapText: true };
  }
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: keys.length } };
  return sheet;
}

/** Builds the workbook (not yet written). */
export function buildWorkbook(ctx: Ctx, input: XlsxInput): ExcelJS.Workbook {
  const t = ctx.t;
  const wb = new ExcelJS.Workbook();
  wb.creator = 'guanbot';
  wb.lastModifiedBy = 'guanbot';
  wb.title = t('export.stats.title', { week: input.week, from: input.firstDay, to: input.lastDay });
  wb.created = input.takenAt;
  wb.modified = input.takenAt;

  const title = t('export.printTitle', { week: input.week, from: input.firstDay, to: input.lastDay });
  tableSheet(wb, t('export.sheet'), title, COLUMN_KEYS, input.headers, input.rows);
  // The register's first column is the ticket, repeated as the key of the details sheet.
  const details = tableSheet(wb, t('export.detailSheet'), title, ['ticket', ...DETAIL_KEYS], [input.headers[0]!, ...input.detailHeaders], input.rows);
  details.getColumn('score').numFmt = '0.00';

  addFiguresSheet(wb, ctx, input);
  return wb;
}

const percentOrDash = (row: ExcelJS.Row, col: number, rate: number | null) => {
  if (rate !== null) row.getCell(col).numFmt = '0.0%';
};

function addFiguresSheet(wb: ExcelJS.Workbook, ctx: Ctx, input: XlsxInput): void {
  const t = ctx.t;
  const f = input.figures;
  const sheet = wb.addWorksheet(t('export.statsSheet'), { pageSetup: { orientation: 'portrait', paperSize: A4, fitToPage: true, fitToWidth: 1, fitToHeight: 0 } });
  sheet.columns = [{ width: 34 }, { width: 12 }, { width: 12 }, { width: 12 }, { width: 12 }];
  const heading = (text: string) => {
    const row = sheet.addRow([text]);
    row.font = { bold: true, size: 12 };
  };

  const titleRow = sheet.addRow([t('export.stats.title', { week: input.week, from: input.firstDay, to: input.lastDay })]);
  titleRow.font = { bold: true, size: 14 };
  sheet.addRow([]);

  heading(t('export.stats.perDay'));
  styleHeader(sheet.addRow([t('export.stats.date'), ...CHANNELS.map((c) => t(`channels.${c}`)), t('export.stats.total')]));
  const firstDayRow = sheet.rowCount + 1;
  for (const d of f.perDay) sheet.addRow([d.date, ...CHANNELS.map((c) => d.byChannel[c]), d.total]);
  const totalCol = CHANNELS.length + 2;
  // In place of a chart: a bar in each day's total, as long as its share of the busiest day.
  if (f.perDay.length) {
    const col = sheet.getColumn(totalCol).letter;
    sheet.addConditionalFormatting({
      ref: `${col}${firstDayRow}:${col}${firstDayRow + f.perDay.length - 1}`,
      rules: [{ type: 'dataBar', priority: 1, cfvo: [{ type: 'num', value: 0 }, { type: 'max' }], color: { argb: 'FF5B9BD5' } } as ExcelJS.DataBarRuleType],
    });
  }
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
  percentOrDash(rate, 2, f.resolvedRate);
  sheet.addRow([]);

  heading(t('export.stats.byStatus'));
  styleHeader(sheet.addRow([t('export.stats.status'), t('export.stats.count')]));
  for (const s of f.byStatus) sheet.addRow([s.status, s.count]);
  sheet.addRow([]);

  heading(t('export.stats.topTopics'));
  styleHeader(sheet.addRow([t('export.stats.topic'), t('export.stats.count')]));
  if (f.topTopics.length === 0) sheet.addRow([t('export.stats.none')]);
  for (const s of f.topTopics) sheet.addRow([s.topic ?? t('export.stats.noTopic'), s.count]);
  sheet.addRow([]);

  addFeedback(sheet, ctx, input.feedback, heading);
}

/** Citizens' 👍/👎 on the week's answers: totals and rate, the most rejected documents, per document, per 问答 entry. */
function addFeedback(sheet: ExcelJS.Worksheet, ctx: Ctx, fb: FeedbackStats, heading: (text: string) => void): void {
  const t = ctx.t;
  heading(t('export.stats.feedback'));
  sheet.addRow([t('export.stats.helpful'), fb.up]);
  sheet.addRow([t('export.stats.unhelpful'), fb.down]);
  percentOrDash(sheet.addRow([t('export.stats.helpfulRate'), fb.rate ?? '—']), 2, fb.rate);
  const table = (title: string, rows: FeedbackStats['perDocument']) => {
    sheet.addRow([]);
    heading(title);
    styleHeader(sheet.addRow([t('export.stats.document'), t('export.stats.helpful'), t('export.stats.unhelpful'), t('export.stats.helpfulRate')]));
    if (rows.length === 0) sheet.addRow([t('export.stats.none')]);
    for (const d of rows) percentOrDash(sheet.addRow([d.title, d.up, d.down, d.rate ?? '—']), 4, d.rate);
  };
  table(t('export.stats.mostRejected'), fb.mostRejected);
  table(t('export.stats.perDocument'), fb.perDocument);
  table(t('export.stats.perFaq'), fb.perFaq);
}
