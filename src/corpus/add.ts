/**
 * Files a new document into the corpus the way staff do: front matter is
 * added where missing, the document is validated, then written.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { parseFrontMatter, stringifyDocument } from './frontmatter.ts';
import { isReservedFileName, loadCorpus } from './load.ts';
import { validateDocument } from './validate.ts';
import { messages } from '../messages/index.ts';
import { COUNTY_TIME_ZONE } from '../constants.ts';
import { localToday } from '../time/index.ts';
import type { CorpusProblem, DocMeta, DocType } from './types.ts';

const t = messages('corpus');

/** Where each type of document is filed inside the corpus folder. */
export const TYPE_FOLDERS: Record<DocType, string> = {
  年度报告: 'reports',
  政策解读: 'interpretations',
  法规: 'laws',
  问答: 'faq',
};

export interface AddInput {
  /** Original file name (decides .md vs .txt handling and the default id). */
  filename: string;
  content: string;
  id?: string;
  type?: DocType;
  title?: string;
  source?: string;
  published?: string;
  url?: string;
  tags?: string[];
}

export type AddResult =
  | { ok: true; file: string; meta: DocMeta }
  | { ok: false; problems: CorpusProblem[] };

const CN_DATE = /(\d{4})年(\d{1,2})月(\d{1,2})日/;

function isoDate(m: RegExpMatchArray): string {
  const [, year = '', month = '', day = ''] = m;
  return `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
}

/** Law texts state their dates in the preamble: the latest 公布/修订/发布 date, and the 施行 date. */
function datesFromPreamble(body: string): { published?: string; effective?: string } {
  const out: { published?: string; effective?: string } = {};
  for (const line of body.split('\n').slice(0, 15)) {
    const m = line.match(CN_DATE);
    if (!m) continue;
    if (/施行/.test(line)) out.effective ??= isoDate(m);
    else if (/公布|修订|修正|发布|通过/.test(line)) {
      const d = isoDate(m);
      if (!out.published || d > out.published) out.published = d;
    }
  }
  return out;
}

/** Extensions of the files staff bring; the name without one is the default title and the source of the id. */
const SOURCE_EXTENSION = /\.(md|txt|pdf|docx)$/i;

/** Where a generated id must not land: the ids already taken (in the corpus and earlier in the same batch). */
export interface IdContext {
  taken: ReadonlySet<string>;
  /** Today as YYYY-MM-DD, for documents without a full publication date (default: today in the county). */
  today?: string;
}

/**
 * The id of a document staff did not name: one they can read and type. Pinyin is not available offline, so a
 * Chinese title gives no id; the ASCII words of the file name do (`2024-annual-report.pdf` → `2024-annual-report`,
 * `冠县2024年报annual.pdf` → `2024-annual`). A name without any is `doc-<yyyymmdd>-<n>`, dated by the document's
 * publication date (else today), with the first number not yet taken. The file-name id is kept even when taken,
 * so adding the same file twice is reported as a duplicate.
 */
export function defaultId(filename: string, published: string | undefined, ctx: IdContext = { taken: new Set() }): string {
  const stem = path.basename(filename).replace(SOURCE_EXTENSION, '').toLowerCase();
  const ascii = stem.replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  const plain = ascii.length === stem.length;
  // A whole-ASCII name is used as it is; from a mixed one, only words with a letter in them say what it is.
  if (ascii.length >= 3 && (plain || /[a-z]/.test(ascii))) return ascii.slice(0, 60).replace(/-+$/, '');
  const date = (published && /^\d{4}-\d{2}-\d{2}$/.test(published) ? published : (ctx.today ?? localToday(COUNTY_TIME_ZONE))).replace(/-/g, '');
  for (let n = 1; ; n += 1) {
    const id = `doc-${date}-${n}`;
    if (!ctx.taken.has(id)) return id;
  }
}

/**
 * Syntax errors of a Markdown file's own front matter, at their lines in that file. A file that opens a front
 * matter block must have a readable one: filling the form's fields in its place would silently drop what staff
 * wrote there (its id, its dates), so such a file is refused with the real error instead.
 */
export function frontMatterErrors(input: Pick<AddInput, 'filename' | 'content'>): CorpusProblem[] {
  if (!input.filename.toLowerCase().endsWith('.md')) return [];
  const fm = parseFrontMatter(input.content);
  if (!fm.present || !fm.errors.length) return [];
  // The same report `corpus check` gives for the file on disk.
  return validateDocument(input.filename, fm).problems;
}

/** Builds the final Markdown text for a new document (without writing it). */
export function prepareDocument(input: AddInput, ids?: IdContext): { text: string; fileHint: string; generatedId: boolean } {
  const fm = input.filename.toLowerCase().endsWith('.md') ? parseFrontMatter(input.content) : null;
  const existing = fm?.present && fm.data ? fm.data : {};
  const body = (fm?.present ? fm.body : input.content.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n')).trim();
  const heading = body.match(/^#\s+(.+)$/m)?.[1]?.trim();
  const dates = datesFromPreamble(body);
  const published = input.published ?? existing.published ?? dates.published;
  const generatedId = input.id === undefined && existing.id === undefined;
  const meta: Record<string, unknown> = {
    id: input.id ?? existing.id ?? defaultId(input.filename, typeof published === 'string' ? published : undefined, ids),
    title: input.title ?? existing.title ?? heading ?? path.basename(input.filename).replace(SOURCE_EXTENSION, ''),
    type: input.type ?? existing.type,
    source: input.source ?? existing.source ?? input.title ?? existing.title ?? heading,
    published,
    effective: existing.effective ?? dates.effective,
    url: input.url ?? existing.url,
    tags: input.tags ?? existing.tags,
    ...Object.fromEntries(Object.entries(existing).filter(([k]) => !['id', 'title', 'type', 'source', 'published', 'effective', 'url', 'tags'].includes(k))),
  };
  return { text: stringifyDocument(meta, body), fileHint: String(meta.id), generatedId };
}

/** A document body compared for sameness: its text without blank-line and spacing differences. */
function bodyKey(body: string): string {
  return crypto.createHash('sha1').update(body.replace(/\s+/g, ' ').trim()).digest('hex');
}

/** Validates and writes a new document into the corpus folder; nothing is written when it has problems. */
export function addDocument(corpusDir: string, input: AddInput): AddResult {
  const [result] = addDocuments(corpusDir, [input]);
  if (!result) throw new Error('addDocuments returned no result for one input');
  return result;
}

/**
 * Validates and writes several new documents, loading the corpus only once for the duplicate-id check (importing
 * hundreds of laws one `addDocument` at a time would re-read the whole corpus for each). Each document is judged on
 * its own, in order: one with problems is not written and the others still are; an id already taken in the corpus,
 * or by an earlier document of the same batch, is a duplicate.
 * @returns one result per input, in the same order
 */
export function addDocuments(corpusDir: string, inputs: AddInput[]): AddResult[] {
  const { docs } = loadCorpus(corpusDir);
  const fileById = new Map(docs.map((d) => [d.meta.id, d.file]));
  // A document whose id was generated cannot clash by id: the same text added twice is caught by its content.
  const fileByBody = new Map(docs.map((d) => [bodyKey(d.body), d.file]));
  return inputs.map((input) => {
    const broken = frontMatterErrors(input);
    if (broken.length) return { ok: false, problems: broken };
    const { text, generatedId } = prepareDocument(input, { taken: new Set(fileById.keys()) });
    const fm = parseFrontMatter(text);
    const { meta, problems } = validateDocument(input.filename, fm);
    if (!meta) return { ok: false, problems };
    const sameText = generatedId ? fileByBody.get(bodyKey(fm.body)) : undefined;
    if (sameText !== undefined) return { ok: false, problems: [{ file: input.filename, line: 1, message: t('add.sameContent', { other: sameText }) }] };
    const other = fileById.get(meta.id);
    if (other !== undefined) {
      return { ok: false, problems: [{ file: input.filename, line: fm.keyLines.id ?? 1, message: t('problem.duplicateId', { id: meta.id, other }) }] };
    }
    const file = path.join(TYPE_FOLDERS[meta.type], `${meta.id}.md`);
    // The loader skips README.md: a document saved under that name would vanish, and could be neither opened nor deleted.
    if (isReservedFileName(file)) {
      return { ok: false, problems: [{ file: input.filename, line: fm.keyLines.id ?? 1, message: t('add.reservedName', { file: path.basename(file), id: meta.id }) }] };
    }
    // Never overwrite another document that happens to sit at the target path.
    if (fs.existsSync(path.join(corpusDir, file))) {
      return { ok: false, problems: [{ file: input.filename, line: 1, message: t('add.exists', { file }) }] };
    }
    writeDocumentFile(corpusDir, file, text);
    fileById.set(meta.id, file);
    fileByBody.set(bodyKey(fm.body), file);
    return { ok: true, file, meta };
  });
}

/** Writes a document file atomically (temp file, then rename), creating folders as needed. */
export function writeDocumentFile(corpusDir: string, file: string, text: string): void {
  const full = path.join(corpusDir, file);
  fs.mkdirSync(path.dirname(full), { recursive: true });
  const tmp = `${full}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, text);
  fs.renameSync(tmp, full);
}

/** Removes the document with this id; returns its file, or null when there is none. */
export function removeDocument(corpusDir: string, id: string): string | null {
  const doc = loadCorpus(corpusDir).docs.find((d) => d.meta.id === id);
  if (!doc) return null;
  fs.rmSync(path.join(corpusDir, doc.file));
  return doc.file;
}
