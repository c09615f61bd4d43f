/** Imports a folder of law texts (the 830-law scale corpus) as 法规 documents, for the scale evaluation and benchmark. */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { addDocuments, prepareDocument, type AddInput } from './add.ts';
import { parseFrontMatter } from './frontmatter.ts';

const CN_DATE = /(\d{4})年(\d{1,2})月(\d{1,2})日/;

/** Every .md file below a folder, relative and sorted. */
export function listMarkdown(dir: string): string[] {
  return (fs.readdirSync(dir, { recursive: true }) as string[]).filter((f) => f.endsWith('.md')).sort();
}

/** The first YYYY年M月D日 date of a text as YYYY-MM-DD, or 2000-01-01. */
export function firstDate(text: string): string {
  const m = text.match(CN_DATE);
  if (!m) return '2000-01-01';
  const [, year = '', month = '', day = ''] = m;
  return `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
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
    // One result per input, in order, and one input per file.
    else skipped.push(files[i]!);
  });
  return { titles, skipped };
}
