/** Builds the scenarios' temp corpora from the real inputs, never touching the repo's ./corpus. */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { addDocument, addDocuments, parseFrontMatter, prepareDocument, type AddInput } from '../../src/corpus/index.ts';

const CN_DATE = /(\d{4})年(\d{1,2})月(\d{1,2})日/;

/** Copies the curated corpus folder into `target` (created). */
export function copyCorpus(source: string, target: string): void {
  fs.cpSync(source, target, { recursive: true });
}

/** Imports the regulation the way staff do (`addDocument`, type 法规); throws with the problems when it is rejected. */
export function importRegulation(corpusDir: string, file: string): string {
  const result = addDocument(corpusDir, { filename: path.basename(file), content: fs.readFileSync(file, 'utf8'), type: '法规' });
  if (!result.ok) throw new Error(`regulation rejected: ${result.problems.map((p) => `${p.file}:${p.line}: ${p.message}`).join('; ')}`);
  return result.meta.id;
}

/** Every .md file below a folder, relative and sorted. */
export function listMarkdown(dir: string): string[] {
  return (fs.readdirSync(dir, { recursive: true }) as string[]).filter((f) => f.endsWith('.md')).sort();
}

/** The first YYYY年M月D日 date of a text as YYYY-MM-DD, or 2000-01-01. */
export function firstDate(text: string): string {
  const m = text.match(CN_DATE);
  return m ? `${m[1]}-${m[2].padStart(2, '0')}-${m[3].padStart(2, '0')}` : '2000-01-01';
}

/**
 * Imports every law below `lawsDir` as a 法规 document with one `addDocuments` call (the corpus is read once for
 * the duplicate-id check, not once per law). Ids come from a hash of the relative path, so they never clash.
 * @returns the law titles, for making questions, and the laws rejected by validation
 */
export function importLaws(corpusDir: string, lawsDir: string): { titles: string[]; skipped: string[] } {
  const files = listMarkdown(lawsDir);
  const inputs: AddInput[] = files.map((rel) => {
    const content = fs.readFileSync(path.join(lawsDir, rel), 'utf8');
    const id = `law-${crypto.createHash('sha1').update(rel).digest('hex').slice(0, 12)}`;
    const input: AddInput = { filename: path.basename(rel), content, id, type: '法规' };
    // Laws whose preamble names no 公布/修订 date get the first date of the text (or 2000-01-01).
    if (!parseFrontMatter(prepareDocument(input).text).data?.published) input.published = firstDate(content);
    return input;
  });
  const titles: string[] = [];
  const skipped: string[] = [];
  addDocuments(corpusDir, inputs).forEach((result, i) => {
    if (result.ok) titles.push(result.meta.title);
    else skipped.push(files[i]);
  });
  return { titles, skipped };
}

/**
 * Changes one passage of the largest document: a body paragraph in its middle gets one more sentence.
 * @returns the changed file, relative to the corpus folder
 */
export function editOneDocument(corpusDir: string): string {
  const files = listMarkdown(corpusDir).filter((f) => path.basename(f).toLowerCase() !== 'readme.md');
  const sized = files.map((f) => ({ f, size: fs.statSync(path.join(corpusDir, f)).size })).sort((a, b) => b.size - a.size);
  const file = sized[0].f;
  const full = path.join(corpusDir, file);
  const lines = fs.readFileSync(full, 'utf8').split('\n');
  const isParagraph = (l: string) => /[。；]$/.test(l.trim()) && !/^\s*([#|>-]|\d+[.、)])/.test(l);
  const middle = Math.floor(lines.length / 2);
  const candidates = lines.map((l, i) => ({ l, i })).filter((x) => isParagraph(x.l));
  if (!candidates.length) throw new Error(`no paragraph to edit in ${file}`);
  const { i } = candidates.reduce((best, x) => (Math.abs(x.i - middle) < Math.abs(best.i - middle) ? x : best));
  lines[i] = `${lines[i]}此段为性能基准测试所加。`;
  fs.writeFileSync(full, lines.join('\n'));
  return file;
}
