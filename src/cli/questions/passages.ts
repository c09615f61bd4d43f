/**
 * The corpus's passages as the index cuts them, each with the bank questions filed under it (resolved exactly as an
 * index build resolves them, FAQ entries' own question and variants included): what `guanbot questions` shows staff
 * to see where the bank is thin, and what `questions suggest` drafts questions for.
 */
import { loadCorpus, loadQuestionBank, type CorpusProblem } from '../../corpus/index.ts';
import { chunkDocument, type Chunk } from '../../retrieval/chunker.ts';
import { resolveBank } from '../../retrieval/bank-index.ts';
import type { DocInfo } from '../../retrieval/doc-info.ts';
import { isExpired } from '../../retrieval/index-store.ts';
import { localToday } from '../../time/index.ts';

/** The aim for every answerable passage: fewer questions than this is a thin passage. */
export const THIN_BELOW = 10;

export interface BankPassage {
  chunk: Chunk;
  doc: DocInfo;
  /** Bank questions filed under this passage. */
  questions: string[];
}

export interface BankPassages {
  passages: BankPassage[];
  negatives: number;
  /** Bank entries that match no passage, and broken files (file and line). */
  problems: CorpusProblem[];
}

/** The passages of the corpus's current (unexpired) documents with their bank questions, in corpus order. */
export function bankPassages(corpusDir: string, timeZone: string): BankPassages {
  const today = localToday(timeZone);
  const docs = loadCorpus(corpusDir).docs.filter((d) => !isExpired(d.meta, today));
  const infos = new Map<string, DocInfo>();
  const chunks: Chunk[] = [];
  for (const d of docs) {
    const { id, title, type, source, published, url, tags, question, variants } = d.meta;
    infos.set(id, { id, title, type, source, published, url, tags, question, variants, file: d.file });
    for (const c of chunkDocument(d)) chunks.push(c);
  }
  const bank = loadQuestionBank(corpusDir);
  const resolved = resolveBank(bank.entries, bank.negatives, chunks, infos);
  const byChunk = chunks.map(() => [] as string[]);
  for (const q of resolved.questions) if (q.chunk >= 0) byChunk[q.chunk]?.push(q.text);
  return {
    passages: chunks.map((chunk, i) => ({ chunk, doc: infos.get(chunk.docId)!, questions: byChunk[i] ?? [] })),
    negatives: bank.negatives.length,
    problems: [...bank.problems, ...resolved.problems],
  };
}

/** True when `section` names the passage's section: its whole path or its last part, as bank entries do. */
export function inSection(chunk: Chunk, section: string): boolean {
  return chunk.section === section || chunk.section.split(' › ').at(-1) === section;
}
