/**
 * The two plain files staff edit beside the documents: `userdict.txt` (policy
 * terms for the Chinese word segmenter) and `synonyms.txt` (colloquial
 * wording mapped to the official terms the documents use).
 */
import fs from 'node:fs';
import path from 'node:path';

/** colloquial term → official terms it stands for. */
export type SynonymMap = Map<string, string[]>;

function readLines(file: string): string[] {
  if (!fs.existsSync(file)) return [];
  return fs
    .readFileSync(file, 'utf8')
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .map((l) => l.replace(/#.*$/, '').trim())
    .filter(Boolean);
}

/** User dictionary in jieba's format (`词语 [词频] [词性]`), comments removed; empty when the file is absent. */
export function loadUserDict(corpusDir: string): string {
  return readLines(path.join(corpusDir, 'userdict.txt'))
    .map((l) => {
      const [word, freq, tag] = l.split(/\s+/);
      return [word, freq ?? '2000', tag ?? 'n'].join(' ');
    })
    .join('\n');
}

/** The two files of colloquial → official mappings: the corpus's own synonyms and the general colloquial lexicon. */
export const SYNONYM_FILES = ['synonyms.txt', 'lexicon.txt'];

/** Synonyms, one mapping a line: `口语一, 口语二 => 正式用语[, 正式用语二]`, from both files (see {@link SYNONYM_FILES}). */
export function loadSynonyms(corpusDir: string): SynonymMap {
  const map: SynonymMap = new Map();
  for (const line of SYNONYM_FILES.flatMap((f) => readLines(path.join(corpusDir, f)))) {
    const [left, right] = line.split(/=>|＝>|→/).map((s) => s?.trim());
    if (!left || !right) continue;
    const targets = right.split(/[,，、]/).map((s) => s.trim()).filter(Boolean);
    for (const term of left.split(/[,，、]/).map((s) => s.trim()).filter(Boolean)) {
      map.set(term, [...new Set([...(map.get(term) ?? []), ...targets])]);
    }
  }
  return map;
}
