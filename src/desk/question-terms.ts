/**
 * What a citizen's question is about, as weighted terms: jieba words (the
 * retrieval analyzer's, with the corpus's user dictionary, and colloquial words
 * mapped to their official term so 公租房 and 公共租赁住房 count alike) plus
 * character bigrams, which catch what segmentation splits differently. Near-duplicate
 * grouping and the week's topics both compare questions in this form (TF-IDF cosine).
 */
import { Analyzer } from '../retrieval/analyzer.ts';
import { loadSynonyms, loadUserDict } from '../corpus/index.ts';

/** Bigrams weigh less than words: they back words up rather than decide. */
const BIGRAM_WEIGHT = 0.3;
const BIGRAM = '§';

/** One question's terms: term → weight (salience × count), and the words as the citizen wrote them. */
export interface QuestionTerms {
  weights: Map<string, number>;
  /** Canonical word → the surface word the question used (for labels). */
  surface: Map<string, string>;
  /** Key words (what is asked about and what is to be done: 低保, 申请; no faint words, times or places), canonical. */
  nouns: Set<string>;
  /** Place names and address words (张庄村, 东街): a different place is a different case. */
  places: Set<string>;
}

const analyzers = new Map<string, Analyzer>();

/**
 * The analyzer for a corpus folder (its user dictionary and synonyms); built once per folder and process
 * (building loads jieba's dictionary, about 200 ms). Without a folder: jieba's own dictionary, no synonyms.
 */
export function questionAnalyzer(corpusDir?: string): Analyzer {
  const key = corpusDir ?? '';
  let analyzer = analyzers.get(key);
  if (!analyzer) {
    analyzer = corpusDir ? new Analyzer(loadUserDict(corpusDir), loadSynonyms(corpusDir)) : new Analyzer('', new Map());
    analyzers.set(key, analyzer);
  }
  return analyzer;
}

/** Words at least this salient (nouns 1, verbs 0.7; leftovers 0.3) are key words. */
const KEY_SALIENCE = 0.7;

/** Words of time (每年, 一个月, 几号): a different way to say when is no different subject. */
const TIME_WORD = /[年月日天周时号]/u;

/** Words that name a place or an address part (张庄村, 东街, 柳林镇); 城乡 is no place. */
const ADDRESS_WORD = /^(?!城乡$)\p{Script=Han}+[村庄屯街路巷镇乡苑]$/u;

/** The question's terms (see the module comment). */
export function questionTerms(analyzer: Analyzer, text: string): QuestionTerms {
  const weights = new Map<string, number>();
  const surface = new Map<string, string>();
  const nouns = new Set<string>();
  const places = new Set<string>();
  const add = (term: string, w: number) => weights.set(term, (weights.get(term) ?? 0) + w);
  for (const g of analyzer.analyzeQuery(text).groups) {
    // The official term when the word is a colloquial one, so paraphrases meet on it; a synonym phrase
    // (申请低保 → 最低生活保障申请) also counts as its words, so it meets 低保怎么申请 too.
    const canonical = g.alts[1] ?? g.alts[0] ?? g.word;
    add(canonical, g.salience);
    if (!surface.has(canonical)) surface.set(canonical, g.word);
    const parts = new Set([...analyzer.words(canonical), ...analyzer.words(g.word)].filter((p) => p !== canonical));
    for (const part of parts) {
      add(part, g.salience / parts.size);
      if (!surface.has(part)) surface.set(part, part);
    }
    if (g.place || ADDRESS_WORD.test(g.word)) places.add(canonical);
    else if (g.salience >= KEY_SALIENCE && [...g.word].length >= 2 && !TIME_WORD.test(g.word)) nouns.add(canonical);
  }
  const chars = [...text.replace(/[\p{P}\p{S}\s]/gu, '')];
  for (let i = 0; i + 1 < chars.length; i += 1) add(BIGRAM + chars[i] + chars[i + 1], BIGRAM_WEIGHT);
  return { weights, surface, nouns, places };
}

/** True for a word term (not a bigram): labels are made of words. */
export const isWordTerm = (term: string) => !term.startsWith(BIGRAM);

/** Document frequencies of a collection of questions, for IDF. */
export function documentFrequencies(all: QuestionTerms[]): Map<string, number> {
  const df = new Map<string, number>();
  for (const q of all) for (const term of q.weights.keys()) df.set(term, (df.get(term) ?? 0) + 1);
  return df;
}

/** Smoothed IDF (never zero, so two questions alone still compare). */
export function idf(df: Map<string, number> | undefined, n: number, term: string): number {
  if (!df) return 1;
  return Math.log(1 + (n + 1) / ((df.get(term) ?? 0) + 1));
}

/** The TF-IDF vector of a question in a collection (IDF 1 everywhere without one). */
export function tfidf(q: QuestionTerms, df?: Map<string, number>, n = 0): Map<string, number> {
  const v = new Map<string, number>();
  for (const [term, w] of q.weights) v.set(term, w * idf(df, n, term));
  return v;
}

/** Cosine similarity of two sparse vectors (0 when either is empty). */
export function cosine(a: Map<string, number>, b: Map<string, number>): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (const [k, x] of a) {
    na += x * x;
    const y = b.get(k);
    if (y !== undefined) dot += x * y;
  }
  for (const y of b.values()) nb += y * y;
  return na > 0 && nb > 0 ? dot / Math.sqrt(na * nb) : 0;
}
