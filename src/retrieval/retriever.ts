/**
 * Hybrid retrieval: BM25 over words and character bigrams, dense vectors
 * from the embedder, fused by reciprocal rank, then re-ranked by evidence
 * coverage: how much of the question's (IDF-weighted) content the passage
 * actually contains. It also gives the learned decision its passage-level
 * signals (coverage and what is missed, bank similarity, bridged words).
 */
import { isSpecifier, type AnalyzedQuery, type Analyzer, type QueryGroup } from './analyzer.ts';
import { statesAnswer } from './answer-type.ts';
import type { Chunk } from './chunker.ts';
import type { Embedder } from './embedders/index.ts';
import { questionForms, type DocInfo, type LoadedIndex } from './index-store.ts';
import { normalizeForMatch } from '../text/index.ts';
import type { BankHit, BankIndex } from './bank-index.ts';

const RRF_K = 60;
const CANDIDATES = 50;
/** Entries each of the retriever's caches (passage words, match forms, word weights, specifiers) keeps between questions. */
const WORD_CACHE = 20_000;
/** Marks a cache key that is a text, not a passage id. */
const TEXT_KEY = '\u0000';

/** The cached value of `key`, made and kept on first use; a full cache starts over (bounded by {@link WORD_CACHE}). */
function remember<V>(cache: Map<string, V>, key: string, make: () => V): V {
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  const value = make();
  if (cache.size >= WORD_CACHE) cache.clear();
  cache.set(key, value);
  return value;
}

interface PassageWords {
  words: Set<string>;
  heads: Set<string>;
}

/** How much of a question a text covers, and what it lacks. */
export interface CoverageDetail {
  /** IDF-weighted share of the question's words found, 0..1. */
  share: number;
  /** A number or place the question names is missing. */
  missing: boolean;
  /** The text states the kind of answer asked for (true when none is asked for). */
  answered: boolean;
  /** missing or not answered: the text cannot be the answer. */
  mismatch: boolean;
  matched: string[];
  missed: string[];
  /** The missed words with their alternatives and weights. */
  missedGroups: { alts: string[]; weight: number }[];
}

export interface ScoredPassage {
  /** Position of the passage in the index. */
  index: number;
  chunk: Chunk;
  doc: DocInfo;
  lexical: number | null;
  dense: number | null;
  /** Reciprocal-rank fusion, normalised to 0..1. */
  fused: number;
  /** IDF-weighted share of the question's content found in the passage, 0..1. */
  coverage: number;
  /** What `coverage` was computed from: the share, what is missing, the words matched and missed. */
  detail: CoverageDetail;
  /** Final ranking score. */
  score: number;
}

/** The ranking coverage: the share, halved when the text cannot be the answer. */
function coverageOf(d: CoverageDetail): number {
  return d.mismatch ? d.share / 2 : d.share;
}

export class Retriever {
  private readonly wordCache = new Map<string, PassageWords>();
  private readonly matchCache = new Map<string, string>();
  private readonly weightCache = new Map<string, number>();
  private readonly specifierCache = new Map<string, string[]>();

  constructor(
    private readonly index: LoadedIndex,
    private readonly analyzer: Analyzer,
    private readonly embedder: Embedder,
  ) {}

  get passageCount(): number {
    return this.index.chunks.length;
  }

  /**
   * Weighted coverage of the query groups by a text (0..1). Words absent from the corpus weigh the most.
   * Words of up to two characters must stand as a word of the text, or end one (Chinese compounds put their head last:
   * 权益 is in 合法权益, but 县长 is not in 县长信箱); longer ones may match inside a word.
   * The coverage is halved when the text cannot be the answer: a number or a place the question names (2023年, 莘县) is missing, or the
   * question asks for a kind of answer (an amount, a year, a time limit, a count, a place) that the text does not state.
   * A text that does state it covers the question's asking words (多久, 几次, 最晚), which passages never repeat.
   */
  coverage(query: AnalyzedQuery, text: string, cacheKey?: string): number {
    return coverageOf(this.coverageDetail(query, text, cacheKey));
  }

  /**
   * The parts of {@link coverage}, for the learned decision: the weighted share of the question found in the text, and
   * whether the text cannot be the answer (a number or place the question names is missing, or the kind of answer
   * asked for is not stated), each as a feature of its own.
   */
  coverageDetail(query: AnalyzedQuery, text: string, cacheKey?: string): CoverageDetail {
    const hay = this.matchForm(text, cacheKey);
    let words: PassageWords | undefined;
    const wordsOf = () => (words ??= this.passageWords(text, cacheKey));
    let total = 0;
    let covered = 0;
    const answered = statesAnswer(query.answerType, hay);
    let missing = false;
    const matched: string[] = [];
    const missed: string[] = [];
    const missedGroups: { alts: string[]; weight: number }[] = [];
    for (const g of query.groups) {
      const weight = this.groupWeight(g);
      total += weight;
      const found = (g.asks && answered) || g.alts.some((a) => {
        const alt = normalizeForMatch(a);
        if (!hay.includes(alt)) return false;
        if ([...alt].length > 2 || !/\p{Script=Han}/u.test(alt)) return true;
        const w = wordsOf();
        return w.words.has(alt) || w.heads.has(alt);
      });
      if (found) {
        covered += weight;
        matched.push(g.word);
      } else {
        missed.push(g.word);
        missedGroups.push({ alts: g.alts, weight });
        if (isSpecifier(g)) missing = true;
      }
    }
    return { share: total ? covered / total : 0, missing, answered, mismatch: missing || !answered, matched, missed, missedGroups };
  }

  /**
   * The share of the question's weight carried by words the whole corpus never uses (护照, 天气): evidence that
   * the question is about something else. Faint words (single characters, relative time) hardly count.
   */
  unknownShare(query: AnalyzedQuery): number {
    let total = 0;
    let unknown = 0;
    for (const g of query.groups) {
      const weight = this.groupWeight(g);
      total += weight;
      if (g.alts.every((a) => this.analyzer.words(a).every((w) => this.index.bm25.documentFrequency(w) === 0))) unknown += weight;
    }
    return total ? unknown / total : 0;
  }

  /**
   * The share of the question's weight that the passage misses but bridges: a missed word of the question points
   * (in the bank's learned associations) to a word the passage holds.
   */
  bridgedShare(passage: ScoredPassage, queryWeight: number): number {
    const table = this.index.bank.associations;
    const words = this.passageWords(this.passageText(passage.chunk, passage.doc), passage.chunk.id).words;
    let bridged = 0;
    for (const g of passage.detail.missedGroups) {
      if (g.alts.some((a) => this.analyzer.words(a).some((w) => table[w]?.some((v) => words.has(v))))) bridged += g.weight;
    }
    return queryWeight ? bridged / queryWeight : 0;
  }

  /** The numbers and place names a text names (2023年, 莘县): what makes a question about another year or place. */
  specifiers(text: string): string[] {
    return remember(this.specifierCache, text, () => this.analyzer.analyzeQuery(text).groups.filter(isSpecifier).map((g) => g.word));
  }

  /** The content words of a text as the analyzer cuts them (for comparing a question with bank questions). */
  words(text: string): string[] {
    return this.analyzer.words(text);
  }

  /** Bank questions similar to the question, best first (see {@link BankIndex.search}). */
  bankHits(query: AnalyzedQuery, limit: number, skip?: (index: number) => boolean): BankHit[] {
    return this.index.bank.search(query.terms, limit, skip);
  }

  get bank(): BankIndex {
    return this.index.bank;
  }

  /** A passage scored for a question that neither ranker proposed (the bank did). */
  scoreChunk(query: AnalyzedQuery, i: number): ScoredPassage {
    const chunk = this.index.chunks[i];
    if (!chunk) throw new RangeError(`scoreChunk: no passage ${i} in an index of ${this.index.chunks.length}`);
    const doc = this.index.docs.get(chunk.docId)!;
    const detail = this.coverageDetail(query, this.passageText(chunk, doc), chunk.id);
    const coverage = coverageOf(detail);
    return { index: i, chunk, doc, lexical: null, dense: null, fused: 0, coverage, detail, score: 0.7 * coverage };
  }

  /** Whether a text states the kind of answer the question asks for (see answer-type.ts); true when it asks for none. */
  statesAnswerType(query: AnalyzedQuery, text: string): boolean {
    return statesAnswer(query.answerType, normalizeForMatch(text));
  }

  /** How much a question says at all: the summed weight of its content words (0 for 请问怎么办？). */
  queryWeight(query: AnalyzedQuery): number {
    return query.groups.reduce((sum, g) => sum + this.groupWeight(g), 0);
  }

  /** How much a query word counts: its IDF (the best of its alternatives) times its salience. */
  private groupWeight(g: QueryGroup): number {
    return g.salience * Math.max(...g.alts.map((a) => this.weight(a)));
  }

  /**
   * The words of a text and the two-character heads of its longer words, cached (bounded) by passage id, or by the
   * text itself for the quotes the decision checks (the same few sentences of a passage, question after question).
   */
  private passageWords(text: string, key = TEXT_KEY + text): PassageWords {
    return remember(this.wordCache, key, () => {
      const list = this.analyzer.words(text);
      const heads = new Set(list.filter((w) => [...w].length > 2).map((w) => [...w].slice(-2).join('')));
      return { words: new Set(list), heads };
    });
  }

  /** {@link normalizeForMatch} of a text, cached like {@link passageWords}. */
  private matchForm(text: string, key = TEXT_KEY + text): string {
    return remember(this.matchCache, key, () => normalizeForMatch(text));
  }

  /** IDF of a word (the lowest of its segments when the segmenter splits it); cached, as it depends only on the index. */
  private weight(word: string): number {
    return remember(this.weightCache, word, () => {
      const parts = this.analyzer.words(word);
      return Math.min(...(parts.length ? parts : [word]).map((p) => this.index.bm25.idf(p)));
    });
  }

  /** The text a passage's coverage is measured on: title, section, text and, for 问答 entries, their questions. */
  passageText(chunk: Chunk, doc: DocInfo): string {
    const extra = questionForms(doc).join('\n');
    return [doc.title, chunk.section, chunk.text, extra].join('\n');
  }

  /**
   * Ranked passages for a question. With `densePool`, the dense ranker searches exactly among those passages and the
   * lexical ranker's own, instead of the whole vector index (`VectorIndex.searchWithin`).
   */
  async search(question: string, limit = 10, densePool?: Iterable<number>): Promise<{ query: AnalyzedQuery; passages: ScoredPassage[] }> {
    const query = this.analyzer.analyzeQuery(question);
    const lexical = this.index.bm25.search(query.terms, CANDIDATES);
    const vector = await this.embedder.embedQuery(question);
    const dense = densePool
      ? this.index.vectors.searchWithin(vector, new Set([...densePool, ...lexical.map((h) => h.index)]), CANDIDATES)
      : this.index.vectors.search(vector, CANDIDATES);
    const byIndex = new Map<number, { lexical: number | null; dense: number | null; rrf: number }>();
    lexical.forEach((h, rank) => {
      byIndex.set(h.index, { lexical: h.score, dense: null, rrf: 1 / (RRF_K + rank + 1) });
    });
    dense.forEach((h, rank) => {
      const e = byIndex.get(h.index) ?? { lexical: null, dense: null, rrf: 0 };
      e.dense = h.score;
      e.rrf += 1 / (RRF_K + rank + 1);
      byIndex.set(h.index, e);
    });
    const maxRrf = 2 / (RRF_K + 1);
    const fused = [...byIndex.entries()]
      .map(([i, e]) => ({ i, ...e, fused: e.rrf / maxRrf }))
      .sort((a, b) => b.fused - a.fused);
    const passages = fused.map((f) => {
      // Both rankers index this same chunk list.
      const chunk = this.index.chunks[f.i]!;
      const doc = this.index.docs.get(chunk.docId)!;
      const detail = this.coverageDetail(query, this.passageText(chunk, doc), chunk.id);
      const coverage = coverageOf(detail);
      return { index: f.i, chunk, doc, lexical: f.lexical, dense: f.dense, fused: f.fused, coverage, detail, score: 0.7 * coverage + 0.3 * f.fused };
    });
    passages.sort((a, b) => b.score - a.score);
    return { query, passages: passages.slice(0, limit) };
  }
}
