/**
 * The FAQ spreadsheet as offices keep it: one header row of Chinese column names, one Q&A a row. Reads .xlsx
 * (exceljs) and .csv (csv-parse) into rows that keep the spreadsheet's own row numbers (header = row 1), so every
 * problem can be reported as 第N行; writes the same columns back, so an export imports again unchanged.
 */
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { messages } from '../../messages/index.ts';

const t = messages('corpus');

/** The columns, in the order of the template and of an export. */
export const FAQ_COLUMNS = ['问题', '相似问法', '答案', '依据', '标题', '发布日期'] as const;
export type FaqColumn = (typeof FAQ_COLUMNS)[number];
export const REQUIRED_COLUMNS: FaqColumn[] = ['问题', '答案', '依据'];

/** The spreadsheet formats a FAQ file may have. */
export type FaqFormat = 'xlsx' | 'csv';

/** One data row: its number in the spreadsheet and its cells by column (trimmed; absent when blank). */
export interface FaqTableRow {
  row: number;
  cells: Partial<Record<FaqColumn, string>>;
}

/** A problem with the file or one of its rows. */
export interface RowProblem {
  row: number;
  message: string;
}

/** One Q&A as a row of the spreadsheet. */
export interface FaqRow {
  question: string;
  variants: string[];
  answer: string;
  basis: string;
  title?: string;
  published?: string;
}

/** The file could not be read at all (wrong type, damaged, no header); `message` is for staff. */
export class FaqFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FaqFileError';
  }
}

/** The format of a file by its extension, or null. */
export function faqFormatOf(filename: string): FaqFormat | null {
  const m = /\.(xlsx|csv)$/i.exec(filename);
  return m?.[1] ? (m[1].toLowerCase() as FaqFormat) : null;
}

/** Variants are written in one cell, separated by ；, ; or line breaks. */
export const VARIANT_SEPARATOR = /[；;\r\n]+/;

/** A header cell names its column even with a note after it (问题（必填）) or a star (*答案). */
function columnOf(header: string): FaqColumn | null {
  const name = header.replace(/[（(][^）)]*[）)]/g, '').replace(/[*＊\s]/g, '');
  return (FAQ_COLUMNS as readonly string[]).includes(name) ? (name as FaqColumn) : null;
}

/** Spreadsheets run a CSV cell starting with = + - @ as a formula; CSV exports prefix such a cell with ', CSV imports drop it. */
const FORMULA_START = /^'*[=+\-@\t\r]/;
const defuse = (v: string) => (FORMULA_START.test(v) ? `'${v}` : v);
const undefuse = (v: string) => (/^'+[=+\-@\t\r]/.test(v) ? v.slice(1) : v);

/** Builds the rows from a header and the data lines (each with its spreadsheet row number). */
function toRows(header: string[], lines: { row: number; values: string[] }[], csv: boolean): FaqTableRow[] {
  const columns = header.map(columnOf);
  const missing = REQUIRED_COLUMNS.filter((c) => !columns.includes(c));
  if (missing.length) throw new FaqFileError(t('faq.missingColumns', { columns: missing.map((c) => `「${c}」`).join('、'), expected: FAQ_COLUMNS.join('、') }));
  const rows: FaqTableRow[] = [];
  for (const { row, values } of lines) {
    const cells: FaqTableRow['cells'] = {};
    columns.forEach((column, i) => {
      const text = (values[i] ?? '').replace(/\r\n?/g, '\n').trim();
      const v = csv ? undefuse(text) : text;
      if (column && v && cells[column] === undefined) cells[column] = v;
    });
    // Blank rows between entries are layout, not mistakes.
    if (Object.keys(cells).length) rows.push({ row, cells });
  }
  return rows;
}

/** The text a cell shows: rich text joined, a formula's result, a date as YYYY-MM-DD. */
function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value !== 'object') return String(value);
  if ('richText' in value) return value.richText.map((r) => r.text).join('');
  if ('formula' in value || 'sharedFormula' in value) return cellText((value as ExcelJS.CellFormulaValue).result as ExcelJS.CellValue);
  if ('hyperlink' in value) return cellText((value as ExcelJS.CellHyperlinkValue).text as ExcelJS.CellValue);
  if ('error' in value) return '';
  return String(value);
}

async function readXlsx(data: Buffer, filename: string): Promise<FaqTableRow[]> {
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(data as unknown as ArrayBuffer);
  } catch {
    throw new FaqFileError(t('faq.unreadable', { file: filename }));
  }
  const sheet = wb.worksheets[0];
  if (!sheet) throw new FaqFileError(t('faq.unreadable', { file: filename }));
  const width = Math.max(sheet.columnCount, FAQ_COLUMNS.length);
  const values = (r: ExcelJS.Row) => Array.from({ length: width }, (_, i) => cellText(r.getCell(i + 1).value));
  const lines: { row: number; values: string[] }[] = [];
  sheet.eachRow({ includeEmpty: false }, (r) => {
    if (r.number > 1) lines.push({ row: r.number, values: values(r) });
  });
  return toRows(values(sheet.getRow(1)), lines, false);
}

/** CSV from Excel or WPS on a Chinese Windows is GB18030 (ANSI), not UTF-8: decode whichever it is. */
function decodeCsv(data: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(data);
  } catch {
    return new TextDecoder('gb18030').decode(data);
  }
}

function readCsv(data: Buffer, filename: string): FaqTableRow[] {
  let records: string[][];
  try {
    records = parse(decodeCsv(data), { bom: true, relax_column_count: true, skip_empty_lines: false });
  } catch (err) {
    // The record that failed is the one after those read: its number is the spreadsheet's row.
    const row = ((err as { records?: number }).records ?? 0) + 1;
    throw new FaqFileError(t('faq.csvBroken', { file: filename, row }));
  }
  const [header] = records;
  if (!header) throw new FaqFileError(t('faq.empty', { file: filename }));
  return toRows(header, records.slice(1).map((values, i) => ({ row: i + 2, values })), true);
}

/**
 * Reads a FAQ spreadsheet into rows numbered as the spreadsheet numbers them.
 * @throws FaqFileError when the file has another type, cannot be read, or lacks a required column
 */
export async function readFaqTable(data: Buffer, filename: string): Promise<FaqTableRow[]> {
  const format = faqFormatOf(filename);
  if (!format) throw new FaqFileError(t('faq.badFormat', { file: filename }));
  return format === 'xlsx' ? readXlsx(data, filename) : readCsv(data, filename);
}

/** The cells of a row, in FAQ_COLUMNS order. */
function cellsOf(r: FaqRow): string[] {
  return [r.question, r.variants.join('；'), r.answer, r.basis, r.title ?? '', r.published ?? ''];
}

/** Quotes a CSV field when it holds a comma, quote or line break. */
function csvField(value: string): string {
  const text = defuse(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The rows as CSV for Excel and WPS: UTF-8 with a BOM, CRLF rows. */
export function faqCsv(rows: FaqRow[]): string {
  const lines = [[...FAQ_COLUMNS], ...rows.map(cellsOf)].map((cells) => cells.map(csvField).join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

const WIDTHS: Record<FaqColumn, number> = { 问题: 32, 相似问法: 32, 答案: 60, 依据: 36, 标题: 24, 发布日期: 12 };

/** The rows as an .xlsx workbook: bold frozen header, wrapped long cells, every cell text (no formulas). */
export async function faqWorkbook(rows: FaqRow[], sheetName = t('faq.sheet')): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'guanbot';
  const sheet = wb.addWorksheet(sheetName, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = FAQ_COLUMNS.map((c) => ({ header: c, key: c, width: WIDTHS[c], style: { alignment: { wrapText: true, vertical: 'top' } } }));
  const header = sheet.getRow(1);
  header.font = { bold: true };
  header.eachCell((cell) => {
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } };
    cell.note = t(`faq.columnNotes.${cell.value as FaqColumn}`);
  });
  for (const r of rows) sheet.addRow(cellsOf(r));
  // Dates as text: a date cell would be shown in the machine's locale format and read back as a timestamp.
  sheet.getColumn(FAQ_COLUMNS.indexOf('发布日期') + 1).numFmt = '@';
  return Buffer.from(await wb.xlsx.writeBuffer());
}
