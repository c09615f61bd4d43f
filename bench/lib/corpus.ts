/** Builds the scenarios' temp corpora from the real inputs, never touching the repo's ./corpus. */
import fs from 'node:fs';
import path from 'node:path';
import { addDocument, listMarkdown } from '../../src/corpus/index.ts';

export { importLaws, listMarkdown, firstDate } from '../../src/corpus/index.ts';

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

/**
 * Changes one passage of the largest document: a body paragraph in its middle gets one more sentence.
 * @returns the changed file, relative to the corpus folder
 */
export function editOneDocument(corpusDir: string): string {
  const files = listMarkdown(corpusDir).filter((f) => path.basename(f).toLowerCase() !== 'readme.md');
  const sized = files.map((f) => ({ f, size: fs.statSync(path.join(corpusDir, f)).size })).sort((a, b) => b.size - a.size);
  const file = sized[0]?.f;
  if (file === undefined) throw new Error(`bench: no document to edit in ${corpusDir}`);
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
