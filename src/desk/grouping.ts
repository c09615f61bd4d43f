/**
 * Near-duplicate detection for open items, so staff answer a group of the
 * same question once. Two ways in: near-identical wording (character-bigram
 * Jaccard), or a paraphrase (TF-IDF cosine of the question's words and bigrams,
 * see question-terms.ts) about the same subject. Deliberately conservative: a
 * group reply is delivered to every citizen in the group, so a wrong match sends
 * someone an answer to a question they did not ask. Two questions never join when
 * their numbers (in order: 3号楼5单元 is not 5号楼3单元), names or addresses differ,
 * when one names a subject where the other names another (低保 / 医保), or when
 * either carries masked personal data.
 */
import type { Analyzer } from '../retrieval/analyzer.ts';
import { bigramSet, jaccard, QUESTION_FILLER, toHalfWidth } from '../text/index.ts';
import { SURNAMES, personNames } from './personal.ts';
import { cosine, questionAnalyzer, questionTerms, tfidf, type QuestionTerms } from './question-terms.ts';

/** Bigram Jaccard at or above this joins a group (after filler words are dropped). */
export const GROUP_SIMILARITY = 0.7;
/**
 * TF-IDF cosine (words and bigrams, see question-terms.ts) at or above this joins two paraphrases of the same
 * subject. Tuned on the paraphrase sets of tests/fixtures/paraphrases.ts: they reach it, the near misses
 * (same programme, another question) stay below.
 */
export const PARAPHRASE_SIMILARITY = 0.5;

/**
 * The form two questions are compared in: half-width, lower case, no punctuation, spaces or filler.
 * The masker's `*` stays, so a question with masked personal data is recognised as one.
 */
export function normalizeQuestion(text: string): string {
  return toHalfWidth(text)
    .toLowerCase()
    .replace(/(?!\*)[\p{P}\p{S}\s]/gu, '')
    .replace(QUESTION_FILLER, '');
}

/** Numbers in reading order (Arabic, or Chinese before a unit: 三号楼), so 3号楼5单元 and 5号楼3单元 differ. */
const numbersIn = (s: string) => (s.match(/[0-9]+|[〇零一二三四五六七八九十百千两]+(?=[号楼栋幢单元室层户组排村])/g) ?? []).join(',');

/** Every number in reading order, Arabic or Chinese, with or without a unit; a lone 一 is left out. */
const allNumbers = (s: string) => (s.match(/[0-9]+|[〇零一二三四五六七八九十百千万两]{2,}|[〇零二三四五六七八九十百千万两]/g) ?? []).join(',');

/** One side of many comparisons, worked out once: its numbers, bigrams and terms. */
interface Probe {
  norm: string;
  numbers: string;
  grams: Set<string>;
  terms: QuestionTerms;
  names: string;
}

/** Terms of recent questions, by analyzer and normalised text: the open items are compared with every new one. */
const termCache = new WeakMap<Analyzer, Map<string, QuestionTerms>>();
const TERM_CACHE_SIZE = 5000;

function termsOf(analyzer: Analyzer, norm: string): QuestionTerms {
  let cache = termCache.get(analyzer);
  if (!cache) {
    cache = new Map();
    termCache.set(analyzer, cache);
  }
  let terms = cache.get(norm);
  if (!terms) {
    terms = questionTerms(analyzer, norm);
    if (cache.size >= TERM_CACHE_SIZE) cache.delete(cache.keys().next().value!);
    cache.set(norm, terms);
  }
  return terms;
}

const probeOf = (norm: string, analyzer: Analyzer): Probe => ({
  norm,
  numbers: numbersIn(norm),
  grams: bigramSet(norm),
  terms: termsOf(analyzer, norm),
  names: personNames(norm).sort().join(','),
});

/** Characters that make a differing stretch a number. */
const NUMERAL = /[0-9〇零一二三四五六七八九十百千万两*]/;
/** Surnames that are not also everyday words of questions (周末, 一张表, 流程 …), for spotting a differing name. */
const NAME_START = new RegExp(`[${SURNAMES.replace(/[于向万常方高金马何任程付范许钱周张包齐严曾顾陆余田林白石江龙谢史段夏黄汤尚单申商]/g, '')}]`);
/** Surnames that, right before a differing stretch, make it a given name (张伟 / 张强); 张 and 周 count here. */
const NAME_BEFORE = new RegExp(`[${SURNAMES.replace(/[于向万常方高金马何任程付范许钱包齐严曾顾陆余田林白石江龙谢史段夏黄汤尚单申商]/g, '')}]`);
/** Characters of addresses: a differing stretch next to one is a different place (东街 / 西街, 3号楼 / 5号楼). */
const ADDRESS = /[号楼栋幢单元室层户村庄街路巷区苑园镇乡组屯院]/;
/** Longer questions are compared by their numbers and bigrams only (and stay apart unless equal). */
const MAX_DIFF_CHARS = 300;

/** The stretches where `a` and `b` differ, by a longest common subsequence, with the common characters around each. */
function differingStretches(a: string[], b: string[]): { a: string; b: string; before: string; after: string }[] {
  const n = a.length;
  const m = b.length;
  const lcs = Array.from({ length: n + 1 }, () => new Uint16Array(m + 1));
  // All indices below stay within the (n + 1) × (m + 1) table and the two strings.
  for (let i = n - 1; i >= 0; i -= 1) {
    const row = lcs[i]!;
    const below = lcs[i + 1]!;
    for (let j = m - 1; j >= 0; j -= 1) row[j] = a[i] === b[j] ? below[j + 1]! + 1 : Math.max(below[j]!, row[j + 1]!);
  }
  const out: { a: string; b: string; before: string; after: string }[] = [];
  let i = 0;
  let j = 0;
  let current: { a: string; b: string; before: string; after: string } | null = null;
  const close = (after: string) => {
    if (current) out.push({ ...current, after });
    current = null;
  };
  while (i < n || j < m) {
    if (i < n && j < m && a[i] === b[j]) {
      close(a[i]!);
      i += 1;
      j += 1;
      continue;
    }
    current ??= { a: '', b: '', before: i > 0 ? a[i - 1]! : '', after: '' };
    if (j >= m || (i < n && lcs[i + 1]![j]! >= lcs[i]![j + 1]!)) current.a += a[i++]!;
    else current.b += b[j++]!;
  }
  close('');
  return out;
}

/**
 * True when `a` and `b` (normalised) differ in what identifies a case rather than in wording:
 * a differing stretch holds a number, a surname (or follows one: 张伟 / 张强), or sits next to
 * an address character (东街 / 西街).
 */
export function differsInIdentity(a: string, b: string, opts: { addresses?: boolean; numerals?: boolean } = {}): boolean {
  const ca = [...a];
  const cb = [...b];
  if (ca.length > MAX_DIFF_CHARS || cb.length > MAX_DIFF_CHARS) return a !== b;
  const addresses = opts.addresses ?? true;
  const numerals = opts.numerals ?? true;
  return differingStretches(ca, cb).some((d) => {
    const changed = d.a + d.b;
    if ((numerals && NUMERAL.test(changed)) || NAME_START.test(changed) || NAME_BEFORE.test(d.before)) return true;
    return addresses && (ADDRESS.test(changed) || ADDRESS.test(d.before) || ADDRESS.test(d.after));
  });
}

/**
 * How closely `other` duplicates the probe's question: 2 when equal, the bigram
 * Jaccard when similar enough while mentioning the same numbers, names and
 * places, null when it is no near duplicate. Masked personal data (`*`) on
 * either side is never a duplicate: two different numbers can mask alike.
 */
function duplicateScore(probe: Probe, other: Probe): number | null {
  const a = probe.norm;
  const b = other.norm;
  if (!a || !b || a.includes('*') || b.includes('*')) return null;
  if (a === b) return 2;
  if (probe.numbers !== other.numbers || probe.names !== other.names) return null;
  if (!sameSet(probe.terms.places, other.terms.places) || subjectSwapped(probe, other)) return null;
  const score = jaccard(probe.grams, other.grams);
  // Either direction of the character comparison finding a differing case keeps them apart (symmetric by construction).
  if (score >= GROUP_SIMILARITY && !differsInIdentity(a, b) && !differsInIdentity(b, a)) return score;
  return paraphraseScore(probe, other);
}

const sameSet = (x: Set<string>, y: Set<string>) => x.size === y.size && [...x].every((v) => y.has(v));

/** Topic nouns of `x` that `y` does not mention at all (neither as a word nor inside its text). */
function unshared(x: Probe, y: Probe): string[] {
  return [...x.terms.nouns].filter((n) => !y.terms.weights.has(n) && !y.norm.includes(n) && !y.norm.includes(x.terms.surface.get(n) ?? n));
}

/**
 * The paraphrase way in (once places and subjects agree): a TF-IDF cosine of at least PARAPHRASE_SIMILARITY.
 * A question may add a noun the other leaves implicit (城乡居民养老保险 / 养老保险).
 */
/** Each side names a subject the other does not (低保标准 / 医保标准, 公租房 / 廉租房). */
const subjectSwapped = (a: Probe, b: Probe) => unshared(a, b).length > 0 && unshared(b, a).length > 0;

function paraphraseScore(a: Probe, b: Probe): number | null {
  const score = cosine(tfidf(a.terms), tfidf(b.terms));
  if (score < PARAPHRASE_SIMILARITY) return null;
  // Every number and amount must agree (三百元 / 五百元), though 一 alone is mostly "a" (一年 = 每年).
  if (allNumbers(a.norm) !== allNumbers(b.norm)) return null;
  // Names the segmenter cut into single characters (张伟 / 张强) still differ; places were compared as words above.
  const loose = { addresses: false, numerals: false };
  return differsInIdentity(a.norm, b.norm, loose) || differsInIdentity(b.norm, a.norm, loose) ? null : score;
}

/**
 * Whether two normalised questions ask the same thing: equal, near-identical, or paraphrases of the same subject,
 * while mentioning the same numbers, names and places. `analyzer` defaults to jieba without the corpus's dictionary.
 */
export function isNearDuplicate(a: string, b: string, analyzer: Analyzer = questionAnalyzer()): boolean {
  return duplicateScore(probeOf(a, analyzer), probeOf(b, analyzer)) !== null;
}

/** The best-matching candidate for `norm`, if any is a near duplicate (the first of equal scores). */
export function findNearDuplicate<T extends { norm: string }>(norm: string, open: T[], analyzer: Analyzer = questionAnalyzer()): T | undefined {
  const probe = probeOf(norm, analyzer);
  let best: T | undefined;
  let bestScore = -1;
  for (const candidate of open) {
    const score = duplicateScore(probe, probeOf(candidate.norm, analyzer));
    if (score !== null && score > bestScore) {
      best = candidate;
      bestScore = score;
    }
  }
  return best;
}
