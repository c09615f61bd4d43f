/**
 * Bulk import of an office's Q&A spreadsheet into the corpus as 问答 documents. Every row is validated on its
 * own: a bad row is reported as 第N行：说明 (the spreadsheet's own row number) and skipped, the good rows are
 * written. A question already in the corpus (as a question or a variant) is skipped, not imported twice; a
 * question repeated within the file is a mistake of that row.
 *
 * The corpus is public text the bot quotes to everyone, so the rule of promoting a ticket applies: ID-card and
 * bank-card numbers are refused anywhere, a question or variant may hold no personal number at all, and other
 * numbers in an answer (an office's phone is often the answer) are kept with a warning for staff to check.
 */
import path from 'node:path';
import { z } from 'zod';
import { addDocuments } from '../add.ts';
import { stringifyDocument } from '../frontmatter.ts';
import { loadCorpus } from '../load.ts';
import { messages } from '../../messages/index.ts';
import { findPersonalData, maskPersonalData, type PersonalKind } from '../../desk/mask.ts';
import { questionKey } from '../../text/index.ts';
import { readFaqTable, VARIANT_SEPARATOR, type FaqRow, type FaqTableRow, type RowProblem } from './table.ts';

const t = messages('corpus');

/** Numbers that are never an office's: a row holding one is refused. */
const NEVER_PUBLIC: PersonalKind[] = ['id18', 'id15', 'bankCard'];

/** An imported row: the document written (or that would be, in a dry run). */
export interface ImportedRow {
  row: number;
  id: string;
  /** Relative to the corpus folder. */
  file: string;
  question: string;
}

/** A row left out because its question is already answered by the corpus. */
export interface SkippedRow extends RowProblem {
  /** The corpus file that already has the question. */
  file: string;
}

/** What an import did, row by row. */
export interface FaqImportReport {
  file: string;
  dryRun: boolean;
  imported: ImportedRow[];
  /** Bad rows (第N行：说明), not imported. */
  errors: RowProblem[];
  /** Rows whose question is already in the corpus. */
  skipped: SkippedRow[];
  /** Imported rows staff should look at (a phone number in an answer). */
  warnings: RowProblem[];
}

export interface FaqImportOptions {
  /** Validate and report only; nothing is written. */
  dryRun?: boolean;
  /** Today (YYYY-MM-DD) in the county's time zone: the default 发布日期 and the date in new ids. */
  today: string;
}

/** `第3行：…` */
export function formatRowProblem(p: RowProblem): string {
  return t('faq.row', { row: p.row, message: p.message });
}

const LIMITS = { 问题: 200, 相似问法: 2000, 答案: 20_000, 依据: 300, 标题: 200 } as const;

function isRealDate(v: string): boolean {
  const [y = Number.NaN, m = Number.NaN, d = Number.NaN] = v.split('-').map(Number);
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/** One row's cells → a FaqRow, with every mistake in Chinese naming its column. */
function rowSchema() {
  const required = (column: keyof typeof LIMITS) =>
    z.string({ error: t('faq.required', { column }) }).min(1, t('faq.required', { column })).max(LIMITS[column], t('faq.tooLong', { column, max: LIMITS[column] }));
  const optional = (column: keyof typeof LIMITS) => z.string().max(LIMITS[column], t('faq.tooLong', { column, max: LIMITS[column] })).optional();
  return z
    .object({
      问题: required('问题').transform((q) => q.replace(/\s+/g, ' ')),
      相似问法: optional('相似问法'),
      答案: required('答案'),
      依据: required('依据').transform((b) => b.replace(/\s+/g, ' ')),
      标题: optional('标题').transform((b) => b?.replace(/\s+/g, ' ')),
      发布日期: z
        .string()
        .optional()
        .superRefine((v, ctx) => {
          if (v !== undefined && !(/^\d{4}-\d{2}-\d{2}$/.test(v) && isRealDate(v))) ctx.addIssue({ code: 'custom', message: t('faq.badDate', { value: v }) });
        }),
    })
    .transform(
      (c): FaqRow => ({
        question: c.问题,
        variants: [...new Set((c.相似问法 ?? '').split(VARIANT_SEPARATOR).map((v) => v.replace(/\s+/g, ' ').trim()).filter((v) => v && v !== c.问题))],
        answer: c.答案,
        basis: c.依据,
        title: c.标题,
        published: c.发布日期,
      }),
    );
}


/** Personal numbers in a row: refusals (the row is bad) and warnings (kept, staff check). */
function personalProblems(r: FaqRow): { refusals: string[]; warnings: string[] } {
  const refusals: string[] = [];
  const warnings: string[] = [];
  const kind = (k: PersonalKind) => t(`faq.kinds.${k}`);
  for (const [column, texts] of [['问题', [r.question]], ['相似问法', r.variants]] as const) {
    for (const text of texts) {
      for (const d of findPersonalData(text)) refusals.push(t('faq.personal', { column, kind: kind(d.kind), text: maskPersonalData(d.text) }));
    }
  }
  for (const d of findPersonalData(r.answer)) {
    if (NEVER_PUBLIC.includes(d.kind)) refusals.push(t('faq.personal', { column: '答案', kind: kind(d.kind), text: maskPersonalData(d.text) }));
    else warnings.push(t('faq.numberInAnswer', { kind: kind(d.kind), text: d.text }));
  }
  return { refusals, warnings };
}

/** A readable id for a new entry: faq-<yyyymmdd>-<n>, the first number not yet taken. */
function nextId(today: string, taken: Set<string>): string {
  const date = today.replace(/-/g, '');
  for (let n = 1; ; n += 1) {
    const id = `faq-${date}-${n}`;
    if (!taken.has(id)) return id;
  }
}

/** The 问答 document of a row. */
export function faqRowDocument(id: string, r: FaqRow, today: string): string {
  const meta = {
    id,
    title: r.title ?? r.question,
    type: '问答',
    source: r.basis,
    published: r.published ?? today,
    question: r.question,
    variants: r.variants.length ? r.variants : undefined,
  };
  return stringifyDocument(meta, r.answer);
}

/**
 * Validates the rows of a FAQ spreadsheet and writes the good ones as 问答 documents in `<corpusDir>/faq/`
 * (the caller rebuilds the index). Nothing is written in a dry run.
 */
export function importFaqRows(corpusDir: string, rows: FaqTableRow[], filename: string, opts: FaqImportOptions): FaqImportReport {
  const report: FaqImportReport = { file: filename, dryRun: Boolean(opts.dryRun), imported: [], errors: [], skipped: [], warnings: [] };
  const { docs } = loadCorpus(corpusDir);
  const taken = new Set(docs.map((d) => d.meta.id));
  // Every question and variant the corpus already answers, with its file.
  const known = new Map<string, string>();
  for (const d of docs.filter((doc) => doc.meta.type === '问答')) {
    for (const q of [d.meta.question ?? '', ...(d.meta.variants ?? [])]) if (q) known.set(questionKey(q), d.file);
  }
  const seenInFile = new Map<string, number>();
  const schema = rowSchema();
  const ready: { row: number; id: string; faq: FaqRow }[] = [];

  for (const { row, cells } of rows) {
    const parsed = schema.safeParse(cells);
    if (!parsed.success) {
      report.errors.push({ row, message: [...new Set(parsed.error.issues.map((i) => i.message))].join('；') });
      continue;
    }
    const faq = parsed.data;
    const { refusals, warnings } = personalProblems(faq);
    if (refusals.length) {
      report.errors.push({ row, message: refusals.join('；') });
      continue;
    }
    const key = questionKey(faq.question);
    const earlier = seenInFile.get(key);
    if (earlier !== undefined) {
      report.errors.push({ row, message: t('faq.duplicateInFile', { question: faq.question, other: earlier }) });
      continue;
    }
    seenInFile.set(key, row);
    const inCorpus = known.get(key);
    if (inCorpus !== undefined) {
      report.skipped.push({ row, file: inCorpus, message: t('faq.duplicateInCorpus', { question: faq.question, file: inCorpus }) });
      continue;
    }
    const id = nextId(opts.today, taken);
    taken.add(id);
    ready.push({ row, id, faq });
    for (const w of warnings) report.warnings.push({ row, message: w });
  }

  const results = opts.dryRun
    ? ready.map((r) => ({ ok: true as const, file: path.join('faq', `${r.id}.md`) }))
    : addDocuments(corpusDir, ready.map((r) => ({ filename: `${r.id}.md`, content: faqRowDocument(r.id, r.faq, opts.today) })));
  results.forEach((result, i) => {
    // One result per ready row, in order (dry run or not).
    const { row, id, faq } = ready[i]!;
    if (result.ok) report.imported.push({ row, id, file: result.file, question: faq.question });
    else report.errors.push({ row, message: result.problems.map((p) => p.message).join('；') });
  });
  report.errors.sort((a, b) => a.row - b.row);
  return report;
}

/**
 * Reads a FAQ spreadsheet (.xlsx or .csv) and imports its good rows (see `importFaqRows`).
 * @throws FaqFileError when the file itself cannot be read or lacks a required column
 */
export async function importFaqFile(corpusDir: string, data: Buffer, filename: string, opts: FaqImportOptions): Promise<FaqImportReport> {
  return importFaqRows(corpusDir, await readFaqTable(data, filename), filename, opts);
}
