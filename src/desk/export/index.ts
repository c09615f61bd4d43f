/**
 * The weekly register export: one ISO week (local time) of items as XLSX or
 * CSV, always masked. Files are written to a temporary name and renamed, so a
 * file that exists is whole; its modification time is the moment the export
 * was taken, so a file taken before its week ended (a mid-week download) is
 * known to lack the week's later items, and the scheduled run replaces it.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../../config.ts';
import type { Desk } from '../types.ts';
import { ITEM_KIND } from '../status.ts';
import { deskMessages } from '../context.ts';
import { DeskError } from '../errors.ts';
import { formatIsoWeek, lastCompleteWeek, weekRange, type IsoWeek } from './week.ts';
import { COLUMN_KEYS, DETAIL_KEYS, detailHeaders, headers, toRegisterRow } from './rows.ts';
import { toCsv } from './csv.ts';
import { weekFigures } from './figures.ts';
import { findTopics } from '../topics.ts';
import { questionAnalyzer } from '../question-terms.ts';
import type { KeysUnder } from '../../messages/index.ts';

export type ExportFormat = 'xlsx' | 'csv';
export const EXPORT_FORMATS: ExportFormat[] = ['xlsx', 'csv'];

export interface ExportOptions {
  /** Default: the last complete week at `now`. */
  week?: IsoWeek;
  format?: ExportFormat;
  /** Default: `<exportsDir>/guanbot-<week>.<format>`. */
  out?: string;
  /**
   * Leave an existing file alone when it already holds the complete week, i.e. it was taken after the week ended
   * (the scheduler's idempotency). A file taken earlier, such as a mid-week download, is overwritten.
   */
  skipComplete?: boolean;
  /** The clock: which week is the last complete one, and the time the file is stamped with. Default now. */
  now?: Date;
}

export interface ExportResult {
  file: string;
  format: ExportFormat;
  week: string;
  firstDay: string;
  lastDay: string;
  /** Items in the register. */
  count: number;
  /** True when the file already held the complete week and `skipComplete` left it alone. */
  skipped: boolean;
}

/** `guanbot-2026-W48.xlsx` */
export function exportFileName(week: IsoWeek, format: ExportFormat): string {
  return `guanbot-${formatIsoWeek(week)}.${format}`;
}

/** Error codes with a plain-language reason in desk.yaml (errors.unwritableReasons); others are shown as the code. */
type ExplainedCode = KeysUnder<'desk', 'errors.unwritableReasons'>;
const EXPLAINED_CODES: readonly ExplainedCode[] = ['ENOENT', 'ENOTDIR', 'EACCES', 'EPERM', 'EROFS', 'EISDIR', 'ENOSPC'];
const isExplained = (code: string): code is ExplainedCode => (EXPLAINED_CODES as readonly string[]).includes(code);

type ExportConfig = Pick<Config, 'timezone' | 'exportsDir' | 'promptsDir'> & Partial<Pick<Config, 'corpusDir'>>;

/** True when `file` exists and was taken at or after `instant` (an export's modification time is when it was taken). */
function takenAfter(file: string, instant: Date): boolean {
  try {
    return fs.statSync(file).mtimeMs >= instant.getTime();
  } catch {
    return false;
  }
}

/** Writes the register of one week; throws DeskError('invalid_input') when the file cannot be written. */
export async function writeWeeklyExport(desk: Desk, config: ExportConfig, options: ExportOptions = {}): Promise<ExportResult> {
  const t = deskMessages(config);
  const ctx = { t, timeZone: config.timezone };
  const format = options.format ?? 'xlsx';
  if (!EXPORT_FORMATS.includes(format)) throw new DeskError('invalid_input', t('errors.badFormat', { format }));
  const now = options.now ?? new Date();
  const week = options.week ?? lastCompleteWeek(now, config.timezone);
  const range = weekRange(week, config.timezone);
  const file = path.resolve(options.out ?? path.join(config.exportsDir, exportFileName(week, format)));
  const base = { file, format, week: formatIsoWeek(week), firstDay: range.firstDay, lastDay: range.lastDay };

  if (options.skipComplete && takenAfter(file, range.end)) return { ...base, count: 0, skipped: true };

  const items = desk.listItems({ since: range.start.toISOString(), until: range.end.toISOString() }).reverse();
  // Each unanswered question's topic, found from the week's questions themselves (src/desk/topics.ts).
  const topicOf = new Map<string, string>();
  const unanswered = items.filter((i) => i.kind === ITEM_KIND.unanswered).map((i) => ({ ticket: i.ticket, question: i.question, topic: i.topic }));
  for (const topic of findTopics(questionAnalyzer(config.corpusDir), unanswered)) for (const ticket of topic.tickets) topicOf.set(ticket, topic.label);
  const rows = items.map((item) => toRegisterRow(ctx, item, topicOf.get(item.ticket)));
  let content: Buffer | string;
  if (format === 'csv') {
    const keys = [...COLUMN_KEYS, ...DETAIL_KEYS];
    content = toCsv([...headers(ctx), ...detailHeaders(ctx)], rows.map((r) => keys.map((k) => r[k])));
  } else {
    const figures = weekFigures(range.days, desk.turnStats(range.start, range.end), items, { corpusDir: config.corpusDir });
    const feedback = desk.feedbackStats(range.start, range.end);
    // exceljs is loaded only when a workbook is written: staff commands that never export start faster.
    const { buildWorkbook } = await import('./xlsx.ts');
    const wb = buildWorkbook(ctx, {
      headers: headers(ctx),
      detailHeaders: detailHeaders(ctx),
      rows,
      figures,
      feedback,
      week: base.week,
      firstDay: range.firstDay,
      lastDay: range.lastDay,
      takenAt: now,
    });
    content = Buffer.from(await wb.xlsx.writeBuffer());
  }

  const fail = (err: unknown): never => {
    const code = (err as NodeJS.ErrnoException).code ?? '';
    const reason = isExplained(code) ? t(`errors.unwritableReasons.${code}`) : code || String(err);
    throw new DeskError('invalid_input', t('errors.unwritable', { path: file, reason }));
  };
  if (!options.out) {
    try {
      fs.mkdirSync(path.dirname(file), { recursive: true });
    } catch (err) {
      fail(err);
    }
  }
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    fs.writeFileSync(tmp, content);
    // Stamped with the export's own clock: whether it holds the complete week is read back from this time.
    fs.utimesSync(tmp, now, now);
    fs.renameSync(tmp, file);
  } catch (err) {
    fs.rmSync(tmp, { force: true });
    fail(err);
  }
  return { ...base, count: items.length, skipped: false };
}
