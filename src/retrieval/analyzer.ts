/**
 * Chinese text analysis for lexical retrieval: jieba words (with the staff's
 * user dictionary) plus character bigrams, and query expansion from the
 * colloquial→official synonym map.
 */
import { createRequire } from 'node:module';
import type { Jieba } from '@node-rs/jieba';
import type { SynonymMap } from '../corpus/index.ts';
import { askedAnswerType, isAskingWord, type AnswerType } from './answer-type.ts';
import { charBigrams, RETRIEVAL_STOPWORDS as STOPWORDS, toHalfWidth } from '../text/index.ts';

/**
 * jieba (a native module and a 5 MB dictionary) is loaded when the first analyzer is made, not when this module is
 * imported: commands that only read the desk (`guanbot ticket`) import the desk, which can analyse, but never do.
 */
function loadJieba(): { Jieba: typeof Jieba; dict: Uint8Array } {
  const require = createRequire(import.meta.url);
  return { Jieba: require('@node-rs/jieba').Jieba, dict: require('@node-rs/jieba/dict.js').dict };
}

/** A query word with the alternatives that count as the same evidence (itself plus its official synonyms). */
export interface QueryGroup {
  word: string;
  alts: string[];
  /** How much the word says about the topic: nouns and numbers fully, verbs, adjectives and adverbs less. */
  salience: number;
  /** The word asks for the answer (多久, 几次): a text stating the answer covers it. */
  asks: boolean;
  /** A place name (莘县, 聊城市): like a number, a passage without it is about somewhere else. */
  place: boolean;
}

/** A number or a place name (2023年, 莘县): a text without it is about another year or place. */
export function isSpecifier(g: QueryGroup): boolean {
  return g.place || /\d/.test(g.word);
}

/** Part-of-speech tags (jieba's) of words that carry less of a question's topic than its nouns. */
const LOW_SALIENCE = /^(v|vd|a|ad|d|r|p|c|u|q|f)$/;
const LOW = 0.7;
/**
 * A place name: tagged so by jieba (ns) and ending in an administrative unit (莘县, 聊城市, 山东省). jieba's tag alone
 * also marks words such as 中考, so the suffix is required.
 */
const isPlaceName = (word: string, tag: string) => tag === 'ns' && /^\p{Script=Han}+[省市县区镇乡村]$/u.test(word);
/**
 * Words no passage can be expected to repeat: time relative to the asker (去年 is 2024 only while the report is new), and
 * single characters left over from segmentation (件, 冠), which say little on their own.
 */
const RELATIVE_TIME = new Set(['去年', '今年', '前年', '明年', '最近', '现在', '目前', '如今', '当前', '近期']);
const FAINT = 0.3;

export interface AnalyzedQuery {
  groups: QueryGroup[];
  /** The kind of answer asked for, when the question says (多少钱, 哪天, 多久, 几个, 在哪 …). */
  answerType: AnswerType | null;
  /** Terms for BM25: words, synonym targets and `§`-prefixed character bigrams. */
  terms: string[];
}

const BIGRAM = '§';
const WORDLIKE = /[\p{Script=Han}a-z0-9]/u;

export class Analyzer {
  private readonly jieba: Jieba;
  private readonly synonymKeys: string[];

  constructor(userDict: string, private readonly synonyms: SynonymMap) {
    const { Jieba, dict } = loadJieba();
    this.jieba = Jieba.withDict(dict);
    if (userDict.trim()) this.jieba.loadDict(Buffer.from(userDict));
    // Longest first, so 多长时间 wins over 时间.
    this.synonymKeys = [...synonyms.keys()].sort((a, b) => b.length - a.length);
  }

  /** Content words of a text (lower case, no punctuation, no stopwords). */
  words(text: string): string[] {
    return this.jieba
      .cut(toHalfWidth(text).toLowerCase(), false)
      .map((w) => w.trim())
      .filter((w) => w && WORDLIKE.test(w) && !STOPWORDS.has(w));
  }

  /** Terms under which a passage is indexed. */
  indexTerms(text: string): string[] {
    return [...this.words(text), ...charBigrams(text).map((g) => BIGRAM + g)];
  }

  /** Analyses a question: synonym phrases first (longest match), then the remaining words. */
  analyzeQuery(question: string): AnalyzedQuery {
    let rest = toHalfWidth(question).toLowerCase();
    // A citizen who tells a story first asks in the last sentence; what it asks for decides the kind of answer.
    const sentences = rest.split(/[。！？!?；;]+/).map((x) => x.trim()).filter(Boolean);
    const asked = sentences[sentences.length - 1] ?? rest;
    const answerType = askedAnswerType(asked) ?? (sentences.length > 1 ? null : askedAnswerType(question));
    const asks = (w: string) => isAskingWord(answerType, w);
    const groups: QueryGroup[] = [];
    for (const key of this.synonymKeys) {
      if (!rest.includes(key)) continue;
      const targets = this.synonyms.get(key) ?? [];
      // The question may already use the official term that contains the colloquial one (人大代表建议 ⊃ 代表建议):
      // the whole term is the word, with no stray 人大 left over.
      const official = targets.filter((t) => t.includes(key) && rest.includes(t)).sort((a, b) => b.length - a.length)[0];
      const word = official ?? key;
      groups.push({ word, alts: official ? [official] : [key, ...targets], salience: 1, asks: asks(word), place: false });
      rest = rest.split(word).join(' ');
    }
    for (const { word, tag } of this.jieba.tag(rest, false)) {
      const w = word.trim();
      if (!w || !WORDLIKE.test(w) || STOPWORDS.has(w) || groups.some((g) => g.word === w)) continue;
      const faint = RELATIVE_TIME.has(w) || ([...w].length === 1 && /\p{Script=Han}/u.test(w));
      groups.push({ word: w, alts: [w], salience: faint ? FAINT : LOW_SALIENCE.test(tag) ? LOW : 1, asks: asks(w), place: isPlaceName(w, tag) });
    }
    const terms: string[] = [];
    for (const g of groups) for (const alt of g.alts) terms.push(...this.words(alt));
    const expanded = [question, ...groups.flatMap((g) => g.alts.slice(1))].join(' ');
    terms.push(...charBigrams(expanded).map((g) => BIGRAM + g));
    return { groups, terms, answerType };
  }
}
