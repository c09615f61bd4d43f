/**
 * Appends questions to a bank file as code, not staff, writes them: the bank grows from use (questions/learned.yaml)
 * and drafts await review (questions/<doc>.suggested.yaml). A question the bank already holds (any file, any passage,
 * negatives included, compared after normalising) is never added again. The file is edited through the `yaml`
 * package's Document API, so staff's comments and entries stay as they are, and replaced atomically (temp file +
 * rename). A file staff broke is never overwritten: the append is refused with file and line.
 */
import fs from 'node:fs';
import path from 'node:path';
import YAML, { isMap, isScalar, isSeq, type Document, type Scalar, type YAMLMap, type YAMLSeq } from 'yaml';
import { messages } from '../messages/index.ts';
import { foldCompatibility, questionKey } from '../text/index.ts';
import { listBankFiles, loadBankFile, type QuestionBank } from './bank.ts';
import { writeDocumentFile } from './add.ts';

const t = messages('corpus');

/** One question to file under a passage. */
export interface BankAddition {
  doc: string;
  /** The passage's section path (or its last part); empty for a document's lead passage. */
  section: string;
  /** A verbatim piece of the passage stating the fact asked about. */
  key?: string;
  question: string;
  /** Where it came from and when, written as a comment after the question. */
  note?: string;
  /** Written as a comment above the passage's entry when this addition starts it (drafts show the passage). */
  entryNote?: string;
}

export interface AppendOptions {
  /** The comment at the top of a file this append creates (lines, without `#`). */
  header: string;
  /** Set on a file this append creates: the document of every entry, named once at the top (a per-document file). */
  doc?: string;
  /** Further question texts to treat as known (a FAQ entry's own question and variants, which live in its front matter). */
  known?: string[];
}

export interface AppendResult {
  /** The file, relative to the corpus folder. */
  file: string;
  added: BankAddition[];
  /** Left out: the bank (or this file, or an earlier addition of the same call) already holds the question. */
  duplicates: BankAddition[];
}

/** A bank file that cannot be appended to as it stands (staff must fix it first). */
export class BankFileError extends Error {
  constructor(
    message: string,
    readonly file: string,
    readonly line: number,
  ) {
    super(message);
  }
}

/** The form bank questions are compared in: {@link questionKey}, NFKC-folded (drafts from a model may use any form). */
export function bankQuestionKey(text: string): string {
  return questionKey(text, foldCompatibility);
}

/** Each bank file's normalised questions, kept while the file is unchanged: parsing the whole bank takes a while. */
const fileCache = new Map<string, { mtimeMs: number; size: number; questions: Set<string> }>();

function questionsOf(bank: QuestionBank): Set<string> {
  const out = new Set<string>();
  for (const e of bank.entries) for (const q of e.questions) out.add(bankQuestionKey(q));
  for (const n of bank.negatives) out.add(bankQuestionKey(n.question));
  return out;
}

/** The normalised text of every question the bank holds (entries and negatives of every bank file). */
export function knownBankQuestions(corpusDir: string): Set<string> {
  const all = new Set<string>();
  for (const file of listBankFiles(corpusDir)) {
    const full = path.join(corpusDir, file);
    let stat: fs.Stats;
    try {
      stat = fs.statSync(full);
    } catch {
      continue;
    }
    let cached = fileCache.get(full);
    if (!cached || cached.mtimeMs !== stat.mtimeMs || cached.size !== stat.size) {
      cached = { mtimeMs: stat.mtimeMs, size: stat.size, questions: questionsOf(loadBankFile(corpusDir, file)) };
      fileCache.set(full, cached);
    }
    for (const q of cached.questions) all.add(q);
  }
  return all;
}

/** The comment lines of a header text, each after `#` with a space. */
function commentLines(text: string): string {
  return text
    .split('\n')
    .map((line) => ` ${line}`.trimEnd())
    .join('\n');
}

/** Parses the file to append to (or starts a new one); refuses a file whose YAML or shape is broken. */
function openFile(corpusDir: string, file: string, opts: AppendOptions): Document {
  const full = path.join(corpusDir, file);
  const fresh = (comment?: string | null) => {
    const doc = new YAML.Document(opts.doc ? { doc: opts.doc, entries: [] } : { entries: [] });
    doc.commentBefore = comment || commentLines(opts.header);
    return doc;
  };
  if (!fs.existsSync(full)) return fresh();
  const parsed = YAML.parseDocument(fs.readFileSync(full, 'utf8'));
  // An empty file (or one holding only comments) is a new file that keeps its comments.
  if (!parsed.errors.length && parsed.contents === null) return fresh(parsed.commentBefore ?? parsed.comment);
  const p = loadBankFile(corpusDir, file).problems[0];
  if (p) throw new BankFileError(t('bankFile.broken', { file, line: p.line, detail: p.message }), file, p.line);
  // A negatives file has no entries to add to.
  if (!isMap(parsed.contents) || !isSeq(parsed.get('entries'))) {
    throw new BankFileError(t('bankFile.broken', { file, line: 1, detail: t('bank.invalid', { field: 'entries', detail: '-' }) }), file, 1);
  }
  return parsed;
}

const sameKey = (a: string | undefined, b: string | undefined) => (a ?? '') === (b ?? '');

/** The entry of `doc` for this passage (same document, section and key), if the file has one. */
function findEntry(seq: YAMLSeq, fileDoc: string | undefined, add: BankAddition): YAMLMap | undefined {
  for (const item of seq.items) {
    if (!isMap(item)) continue;
    const doc = String(item.get('doc') ?? fileDoc ?? '');
    const section = String(item.get('section') ?? '');
    const key = item.get('key');
    if (doc === add.doc && section === add.section && sameKey(key === undefined ? undefined : String(key), add.key) && isSeq(item.get('questions'))) return item;
  }
  return undefined;
}

function questionNode(doc: Document, add: BankAddition): Scalar {
  const node = doc.createNode(add.question) as Scalar;
  if (add.note) node.comment = ` ${add.note}`;
  return node;
}

/**
 * Files `additions` under their passages in `file` (relative to the corpus folder), each question at most once in
 * the whole bank. Writes only when something was added. Throws {@link BankFileError} when the file is broken.
 */
export function appendBankQuestions(corpusDir: string, file: string, additions: BankAddition[], opts: AppendOptions): AppendResult {
  const result: AppendResult = { file, added: [], duplicates: [] };
  const known = knownBankQuestions(corpusDir);
  for (const q of opts.known ?? []) known.add(bankQuestionKey(q));
  const doc = openFile(corpusDir, file, opts);
  // The file itself may be one the bank does not read (a drafts file): its questions count as known too.
  const entries = doc.get('entries') as YAMLSeq;
  for (const item of entries.items) {
    const qs = isMap(item) ? item.get('questions') : undefined;
    if (isSeq(qs)) for (const q of qs.items) if (isScalar(q)) known.add(bankQuestionKey(String(q.value)));
  }
  entries.flow = false;
  const fileDoc = doc.get('doc') === undefined ? undefined : String(doc.get('doc'));

  for (const add of additions) {
    const norm = bankQuestionKey(add.question);
    if (!norm || known.has(norm)) {
      result.duplicates.push(add);
      continue;
    }
    known.add(norm);
    const entry = findEntry(entries, fileDoc, add);
    if (entry) {
      const questions = entry.get('questions') as YAMLSeq;
      questions.flow = false;
      questions.items.push(questionNode(doc, add));
    } else {
      const fields: Record<string, unknown> = { ...(add.doc === fileDoc ? {} : { doc: add.doc }), section: add.section };
      if (add.key) fields.key = add.key;
      fields.questions = [];
      const node = doc.createNode(fields) as YAMLMap;
      (node.get('questions') as YAMLSeq).items.push(questionNode(doc, add));
      if (add.entryNote) node.commentBefore = commentLines(add.entryNote);
      entries.items.push(node);
    }
    result.added.push(add);
  }
  if (result.added.length) writeDocumentFile(corpusDir, file, doc.toString({ lineWidth: 0 }));
  return result;
}
