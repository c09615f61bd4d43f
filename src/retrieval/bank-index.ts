/**
 * The question bank as a retrieval field of its own (doc2query style): every bank question is indexed under the
 * passage it belongs to, analysed exactly as a citizen's question is, so a new question finds the passages whose
 * bank questions it resembles even when it shares no word with the passage text. Negatives are indexed too
 * (passage -1): resembling a question the corpus cannot answer is evidence against answering.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { BankEntry, BankNegative, CorpusProblem } from '../corpus/index.ts';
import { msg } from '../messages/index.ts';
import type { Analyzer } from './analyzer.ts';
import { Bm25Index } from './bm25.ts';
import type { Chunk } from './chunker.ts';
import { questionForms, type DocInfo } from './doc-info.ts';
import { learnAssociations, type AssociationTable } from './associations.ts';

/** One indexed bank question. */
export interface BankQuestion {
  text: string;
  /** Index of the passage it is filed under; -1 for a negative. */
  chunk: number;
  /** The verbatim piece of the passage that answers it (picks the quoted sentence). */
  key?: string;
  /** A negative's kind of near miss. */
  topic?: string;
  /** Query terms (words, synonym targets, bigrams), as {@link Analyzer.analyzeQuery} makes them. */
  terms: string[];
}

/** A bank question similar to the asked one. */
export interface BankHit {
  /** Index into {@link BankIndex.questions}. */
  index: number;
  question: BankQuestion;
  /** Cosine similarity of the two questions' TF-IDF term vectors, 0..1. */
  similarity: number;
}

/** How many bank questions BM25 proposes before their cosine similarity is computed. */
const CANDIDATES = 60;
const FILE = 'bank.json';

export class BankIndex {
  private readonly bm25: Bm25Index;
  /** Each question's TF-IDF vector and its norm, computed once (they depend only on the bank). */
  private readonly vectors: Map<string, number>[];
  private readonly norms: Float64Array;
  /** Bank questions by passage. */
  readonly byChunk = new Map<number, number[]>();
  /** Each passage's vocabulary, built on first use (see {@link vocabulary}). */
  private readonly vocabularies = new Map<number, Set<string>>();

  private constructor(
    readonly questions: BankQuestion[],
    /** Question words → passage words they point to, learned from the bank (see associations.ts). */
    readonly associations: AssociationTable,
  ) {
    this.bm25 = Bm25Index.build(questions.map((q) => q.terms));
    this.vectors = questions.map((q) => this.vector(q.terms));
    this.norms = Float64Array.from(this.vectors, norm);
    questions.forEach((q, i) => {
      if (q.chunk >= 0) this.byChunk.set(q.chunk, [...(this.byChunk.get(q.chunk) ?? []), i]);
    });
  }

  /**
   * Every term of the bank questions citizens asked of passage `chunk`, but those `skip` hides. Without `skip` (serving)
   * it is built once per passage: building it for every candidate was a fifth of the time a question took.
   */
  vocabulary(chunk: number, skip?: (index: number) => boolean): Set<string> {
    const own = this.byChunk.get(chunk) ?? [];
    const build = () => new Set(own.filter((i) => !skip?.(i)).flatMap((i) => this.questions[i]?.terms ?? []));
    if (skip) return build();
    let vocab = this.vocabularies.get(chunk);
    if (!vocab) {
      vocab = build();
      this.vocabularies.set(chunk, vocab);
    }
    return vocab;
  }

  /** Builds the field from resolved questions (see {@link resolveBank}). */
  static build(questions: Omit<BankQuestion, 'terms'>[], analyzer: Analyzer, chunks: Chunk[]): BankIndex {
    const analysed = questions.map((q) => ({ ...q, terms: analyzer.analyzeQuery(q.text).terms }));
    return new BankIndex(analysed, learnAssociations(analysed, chunks, analyzer));
  }

  static load(dir: string): BankIndex {
    const file = path.join(dir, FILE);
    if (!fs.existsSync(file)) return new BankIndex([], {});
    const data = JSON.parse(fs.readFileSync(file, 'utf8')) as { questions: BankQuestion[]; associations?: AssociationTable };
    return new BankIndex(data.questions, data.associations ?? {});
  }

  save(dir: string): void {
    fs.writeFileSync(path.join(dir, FILE), JSON.stringify({ questions: this.questions, associations: this.associations }));
  }

  get size(): number {
    return this.questions.length;
  }

  /**
   * The bank questions most similar to a question's terms, best first. `skip` leaves questions out (training asks
   * each bank question with itself, or a whole passage's questions, left out).
   */
  search(terms: string[], limit: number, skip?: (index: number) => boolean): BankHit[] {
    if (!this.size) return [];
    const q = this.vector(terms);
    const qn = norm(q);
    if (!qn) return [];
    const hits: BankHit[] = [];
    for (const h of this.bm25.search(terms, CANDIDATES)) {
      if (skip?.(h.index)) continue;
      // The BM25 index was built over these same questions, so its hit indices are in range.
      const question = this.questions[h.index]!;
      const d = this.vectors[h.index]!;
      let dot = 0;
      for (const [term, w] of q) dot += w * (d.get(term) ?? 0);
      hits.push({ index: h.index, question, similarity: dot / (qn * this.norms[h.index]!) });
    }
    return hits.sort((a, b) => b.similarity - a.similarity || a.index - b.index).slice(0, limit);
  }

  /** Sublinear TF times the bank's IDF. */
  private vector(terms: string[]): Map<string, number> {
    const tf = new Map<string, number>();
    for (const t of terms) tf.set(t, (tf.get(t) ?? 0) + 1);
    const v = new Map<string, number>();
    for (const [t, n] of tf) v.set(t, (1 + Math.log(n)) * this.bm25.idf(t));
    return v;
  }
}

function norm(v: Map<string, number>): number {
  let s = 0;
  for (const w of v.values()) s += w * w;
  return Math.sqrt(s);
}

/**
 * Files every bank question under its passage: the document's passage whose section is the entry's section (its
 * whole path or last part) and whose text holds the entry's key. 问答 entries' own question and variants join their
 * passage. Entries that match no passage are reported (file and line) and left out.
 */
export function resolveBank(
  entries: BankEntry[],
  negatives: BankNegative[],
  chunks: Chunk[],
  docs: Map<string, DocInfo>,
): { questions: Omit<BankQuestion, 'terms'>[]; problems: CorpusProblem[] } {
  const byDoc = new Map<string, number[]>();
  chunks.forEach((c, i) => {
    byDoc.set(c.docId, [...(byDoc.get(c.docId) ?? []), i]);
  });
  const questions: Omit<BankQuestion, 'terms'>[] = [];
  const problems: CorpusProblem[] = [];
  for (const e of entries) {
    const mine = byDoc.get(e.doc);
    if (!mine) {
      // A bank file for a document that is not indexed (expired, removed, or not yet added) trains nothing.
      if (!docs.has(e.doc) && !e.optional) problems.push({ file: e.file, line: e.line, message: msg('corpus', 'bank.noDoc', { doc: e.doc }) });
      continue;
    }
    // `mine` holds indices into `chunks` (built just above).
    const inSection = mine.filter((i) => chunks[i]!.section === e.section || chunks[i]!.section.split(' › ').at(-1) === e.section);
    const chunk = inSection.find((i) => !e.key || chunks[i]!.text.includes(e.key));
    if (chunk === undefined) {
      const key = inSection.length ? 'bank.noKey' : 'bank.noPassage';
      problems.push({ file: e.file, line: e.line, message: msg('corpus', key, { doc: e.doc, section: e.section, key: e.key ?? '' }) });
      continue;
    }
    for (const text of e.questions) questions.push({ text, chunk, key: e.key });
  }
  chunks.forEach((c, i) => {
    const doc = docs.get(c.docId);
    if (doc) for (const text of questionForms(doc)) questions.push({ text, chunk: i });
  });
  for (const n of negatives) questions.push({ text: n.question, chunk: -1, topic: n.topic });
  return { questions, problems };
}
