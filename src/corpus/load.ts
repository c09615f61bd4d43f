/**
 * Reads every document of the corpus folder. Broken documents are reported
 * with file and line and left out; the rest are returned so the bot keeps
 * serving while staff fix a mistake.
 */
import fs from 'node:fs';
import path from 'node:path';
import { messages } from '../messages/index.ts';
import { parseFrontMatter } from './frontmatter.ts';
import { validateDocument } from './validate.ts';
import type { CorpusDoc, CorpusProblem } from './types.ts';

const t = messages('corpus');

/** File names (lower case) that the loader never reads as documents: the corpus folder's own notes for staff. */
const NOT_DOCUMENTS = new Set(['readme.md']);

/** True for a file name the loader skips (`README.md` in any case), so a document must never be saved under it. */
export function isReservedFileName(name: string): boolean {
  return NOT_DOCUMENTS.has(path.basename(name).toLowerCase());
}

export interface LoadedCorpus {
  docs: CorpusDoc[];
  problems: CorpusProblem[];
}

/** Lists the Markdown document files below `corpusDir`, relative and sorted. */
export function listDocumentFiles(corpusDir: string): string[] {
  if (!fs.existsSync(corpusDir)) return [];
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      if (entry.name.startsWith('.')) continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.md') && !isReservedFileName(entry.name)) out.push(path.relative(corpusDir, full));
    }
  };
  walk(corpusDir);
  return out.sort();
}

/** Parses and validates one document file (path relative to corpusDir). */
export function readDocument(corpusDir: string, file: string): { doc: CorpusDoc | null; problems: CorpusProblem[] } {
  let text: string;
  try {
    text = fs.readFileSync(path.join(corpusDir, file), 'utf8');
  } catch (err) {
    return { doc: null, problems: [{ file, line: 1, message: t('problem.unreadable', { detail: (err as Error).message }) }] };
  }
  const fm = parseFrontMatter(text);
  const { meta, problems } = validateDocument(file, fm);
  if (!meta) return { doc: null, problems };
  return { doc: { meta, body: fm.body, file, bodyLine: fm.bodyLine }, problems };
}

/** Loads the whole corpus: valid documents plus every problem found (bad front matter, duplicate ids, …). */
export function loadCorpus(corpusDir: string): LoadedCorpus {
  const docs: CorpusDoc[] = [];
  const problems: CorpusProblem[] = [];
  const seen = new Map<string, CorpusDoc>();
  for (const file of listDocumentFiles(corpusDir)) {
    const r = readDocument(corpusDir, file);
    problems.push(...r.problems);
    if (!r.doc) continue;
    const other = seen.get(r.doc.meta.id);
    if (other) {
      const idLine = fileLineOfKey(corpusDir, file, 'id');
      problems.push({ file, line: idLine, message: t('problem.duplicateId', { id: r.doc.meta.id, other: other.file }) });
      continue;
    }
    seen.set(r.doc.meta.id, r.doc);
    docs.push(r.doc);
  }
  return { docs, problems };
}

function fileLineOfKey(corpusDir: string, file: string, key: string): number {
  const fm = parseFrontMatter(fs.readFileSync(path.join(corpusDir, file), 'utf8'));
  return fm.keyLines[key] ?? 1;
}

/** Formats problems the way compilers do, so editors can jump to them. */
export function formatProblems(problems: CorpusProblem[]): string {
  return problems.map((p) => `${p.file}:${p.line}: ${p.message}`).join('\n');
}
