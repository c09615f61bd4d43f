/**
 * The question bank: for each passage, the questions citizens ask that it answers, and a list of questions the
 * corpus cannot answer (negatives). Staff edit these YAML files under `corpus/questions/`; the answering model is
 * trained on them at every index build. A broken file is reported with file and line and left out, so the rest
 * of the bank still trains the model. A file names its document once (`doc:`) or per entry (`questions/learned.yaml`,
 * where the bot appends what it learns from use); drafts awaiting review (`*.suggested.yaml`) are never read.
 */
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { z } from 'zod';
import { messages } from '../messages/index.ts';
import type { CorpusProblem } from './types.ts';

const t = messages('corpus');

/** The bank's folder inside the corpus. */
export const BANK_DIR = 'questions';

/** Where questions learned from use (👍, promoted tickets, corrections) are appended; several documents in one file. */
export const LEARNED_FILE = path.join(BANK_DIR, 'learned.yaml');

/** Drafts for staff review (`guanbot questions suggest --write`) end so: they are never read into the trained bank. */
export const SUGGESTED_SUFFIX = '.suggested.yaml';

/** The drafts file of one document, relative to the corpus folder. */
export function suggestedFileFor(doc: string): string {
  return path.join(BANK_DIR, `${doc}${SUGGESTED_SUFFIX}`);
}

/** Questions about one fact of one document: found by the passage's section and, where given, a verbatim key. */
export interface BankEntry {
  doc: string;
  /** The passage's section path, or its last part; empty for a document's lead passage (before its first heading). */
  section: string;
  /** A verbatim piece of the passage text stating the fact asked about; it picks the passage and the quoted sentence. */
  key?: string;
  questions: string[];
  /**
   * The file's document is one the county adds itself (the regulation's full text, which the repository does not hold):
   * until it is in the corpus the entry trains nothing and is not reported.
   */
  optional?: boolean;
  file: string;
  line: number;
}

/** A question the corpus does not answer, with the kind of near miss it is. */
export interface BankNegative {
  topic: string;
  question: string;
}

export interface QuestionBank {
  entries: BankEntry[];
  negatives: BankNegative[];
  problems: CorpusProblem[];
}

const text = z.string().trim().min(1);
const questionList = z.array(z.union([text, z.number().transform(String)]));
// `doc` names the document for the whole file; an entry may name its own (a file such as learned.yaml holds several).
const entriesFile = z
  .object({
    doc: text.optional(),
    optional: z.boolean().optional(),
    entries: z.array(
      z.object({
        doc: text.optional(),
        section: z.union([z.string().trim(), z.null().transform(() => '')]).default(''),
        key: z.union([text, z.number().transform(String)]).optional(),
        questions: questionList,
      }),
    ),
  })
  .superRefine((file, ctx) => {
    file.entries.forEach((e, i) => {
      if (!e.doc && !file.doc) ctx.addIssue({ code: 'custom', path: ['entries', i, 'doc'], message: t('bankFile.noDoc') });
    });
  });
const negativesFile = z.object({ negatives: z.array(z.object({ topic: text, questions: questionList })) });

/** The bank files below the corpus folder, relative and sorted. */
export function listBankFiles(corpusDir: string): string[] {
  const dir = path.join(corpusDir, BANK_DIR);
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => /\.ya?ml$/i.test(f) && !f.startsWith('.') && !f.toLowerCase().endsWith(SUGGESTED_SUFFIX))
    .sort()
    .map((f) => path.join(BANK_DIR, f));
}

/** Reads the whole bank; problems name file and line. */
export function loadQuestionBank(corpusDir: string): QuestionBank {
  const bank: QuestionBank = { entries: [], negatives: [], problems: [] };
  for (const file of listBankFiles(corpusDir)) readBankFile(corpusDir, file, bank);
  return bank;
}

/** Reads one bank file (relative to the corpus folder) the way the whole bank is read; drafts files parse the same way. */
export function loadBankFile(corpusDir: string, file: string): QuestionBank {
  const bank: QuestionBank = { entries: [], negatives: [], problems: [] };
  readBankFile(corpusDir, file, bank);
  return bank;
}

function readBankFile(corpusDir: string, file: string, bank: QuestionBank): void {
  let source: string;
  try {
    source = fs.readFileSync(path.join(corpusDir, file), 'utf8');
  } catch (err) {
    bank.problems.push({ file, line: 1, message: t('problem.unreadable', { detail: (err as Error).message }) });
    return;
  }
  const counted = new YAML.LineCounter();
  const doc = YAML.parseDocument(source, { lineCounter: counted });
  if (doc.errors.length) {
    const [e] = doc.errors;
    bank.problems.push({ file, line: e?.linePos?.[0].line ?? 1, message: t('bank.yaml', { detail: e?.message.split('\n')[0] ?? '' }) });
    return;
  }
  const data = doc.toJS() as unknown;
  // A field that is missing is reported at the nearest node that is there (the entry that lacks it).
  const lineOf = (p: (string | number)[]) => {
    for (let n = p.length; n >= 0; n--) {
      const node = doc.getIn(p.slice(0, n), true) as { range?: [number, number, number] } | undefined;
      if (node?.range) return counted.linePos(node.range[0]).line;
    }
    return 1;
  };
  if (data && typeof data === 'object' && 'negatives' in data) {
    const parsed = negativesFile.safeParse(data);
    if (!parsed.success) return void bank.problems.push(issue(file, parsed.error, lineOf));
    for (const g of parsed.data.negatives) for (const question of g.questions) bank.negatives.push({ topic: g.topic, question });
    return;
  }
  const parsed = entriesFile.safeParse(data);
  if (!parsed.success) return void bank.problems.push(issue(file, parsed.error, lineOf));
  parsed.data.entries.forEach((e, i) => {
    bank.entries.push({ doc: (e.doc ?? parsed.data.doc)!, section: e.section, key: e.key, questions: e.questions, optional: parsed.data.optional, file, line: lineOf(['entries', i]) });
  });
}

function issue(file: string, error: z.ZodError, lineOf: (p: (string | number)[]) => number): CorpusProblem {
  const first = error.issues[0];
  if (!first) return { file, line: 1, message: t('bank.invalid', { field: '-', detail: error.message }) };
  const where = first.path.filter((p): p is string | number => typeof p !== 'symbol');
  return { file, line: lineOf(where), message: t('bank.invalid', { field: where.join('.') || '-', detail: first.message }) };
}
