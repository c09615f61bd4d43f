/**
 * The candidates of one question and the features the decision weighs for each: how closely the question matches
 * the bank's questions for that passage (and the bank's negatives), the rankers' scores and margins, coverage of the
 * question's weighted words, whether the quoted sentence states the kind of answer asked for, and how much of the
 * question the whole corpus never speaks of. Every feature is generic: none names a word or a question.
 */
import type { AnalyzedQuery } from '../../retrieval/analyzer.ts';
import type { BankHit } from '../../retrieval/bank-index.ts';
import type { CoverageDetail, Retriever, ScoredPassage } from '../../retrieval/retriever.ts';
import { pickSentences, quoteKey, stripBasis } from '../compose.ts';
import type { DecisionOptions } from './options.ts';
import { normalizeForMatch } from '../../text/index.ts';

/** The features, in the order of a model's weights. */
export const FEATURES = [
  'bank_sim',
  'bank_top',
  'bank_vote',
  'has_bank',
  'bank_best',
  'neg_sim',
  'neg_margin',
  'coverage',
  'quote_coverage',
  'missing',
  'asks_kind',
  'states_kind',
  'fused',
  'dense',
  'lexical_rel',
  'retrieval_rank',
  'score_margin',
  'unknown',
  'query_weight',
  'is_faq',
  'coverage_cold',
  'quote_cold',
  'uncovered',
  'uncovered_max',
  'neg_first',
  'neg_over_best',
  'bank_sim3',
  'bridged',
  'bank_conflict',
  'neg_conflict',
] as const;
export type Feature = (typeof FEATURES)[number];

/** One passage the question might be answered from. */
export interface Candidate {
  passage: ScoredPassage;
  /** The sentence(s) that would be quoted. */
  quote: string;
  /** The bank question closest to the asked one among this passage's, if any was similar. */
  bankMatch: BankHit | null;
  /** Feature values in {@link FEATURES} order. */
  values: number[];
  /** Coverage of the passage: words matched and missed. */
  coverage: CoverageDetail;
}

export interface Considered {
  query: AnalyzedQuery;
  /** Hybrid retrieval's ranking (best first). */
  passages: ScoredPassage[];
  hits: BankHit[];
  candidates: Candidate[];
  /** The closest negative, if any was similar. */
  negative: BankHit | null;
}

/**
 * Gathers the candidates of a question: the best passages of hybrid retrieval plus those the most similar bank
 * questions belong to, each with its quote and features. `skip` hides bank questions (training asks each bank
 * question with itself hidden, and some with the whole bank hidden); `densePool` narrows the dense search (see
 * {@link Retriever.search}).
 */
export async function consider(
  retriever: Retriever,
  question: string,
  opts: DecisionOptions,
  skip?: (index: number) => boolean,
  densePool?: Iterable<number>,
): Promise<Considered> {
  const { query, passages } = await retriever.search(question, Number.MAX_SAFE_INTEGER, densePool);
  const hits = retriever.bankHits(query, opts.bankHits, skip);
  const positive = hits.filter((h) => h.question.chunk >= 0);
  const negative = hits.find((h) => h.question.chunk < 0) ?? null;
  const chosen: ScoredPassage[] = passages.slice(0, opts.retrieved);
  const seen = new Set(chosen.map((p) => p.index));
  for (const h of positive) {
    if (seen.size >= opts.retrieved + opts.fromBank) break;
    if (seen.has(h.question.chunk)) continue;
    seen.add(h.question.chunk);
    chosen.push(passages.find((p) => p.index === h.question.chunk) ?? retriever.scoreChunk(query, h.question.chunk));
  }
  const rankOf = new Map(passages.map((p, i) => [p.index, i]));
  const bestLexical = Math.max(1e-9, ...chosen.map((p) => p.lexical ?? 0));
  const voteMass = positive.slice(0, 10).reduce((s, h) => s + h.similarity, 0) || 1;
  const bankBest = positive[0]?.similarity ?? 0;
  const negSim = negative?.similarity ?? 0;
  const queryWeight = retriever.queryWeight(query);
  const unknown = retriever.unknownShare(query);
  const bank = retriever.bank;
  // Whether a bank question names a number or a place the asked question does not (2023年 when 2024年 is asked).
  const asked = normalizeForMatch(question);
  const namesOther = (hit: BankHit) => (retriever.specifiers(hit.question.text).some((w) => !asked.includes(normalizeForMatch(w))) ? 1 : 0);
  const candidates = chosen.map((p): Candidate => {
    const own = positive.filter((h) => h.question.chunk === p.index);
    const bankMatch = own[0] ?? null;
    // The passage's bank questions that this asking may see.
    const ownBank = (bank.byChunk.get(p.index) ?? []).filter((i) => !skip?.(i));
    const hasBank = ownBank.length ? 1 : 0;
    const key = own.find((h) => h.question.key)?.question.key;
    const text = stripBasis(p.chunk.text);
    const quote = (key && quoteKey(text, key)) || pickSentences(p.chunk.text, query, (q, t) => retriever.coverage(q, t), p.chunk.section);
    const coverage = p.detail;
    const quoteCoverage = retriever.coverageDetail(query, `${p.doc.title}\n${p.chunk.section}\n${quote}`).share;
    const others = chosen.filter((o) => o !== p).map((o) => o.score);
    // Words of the question that neither the passage nor any question citizens asked of it contains: what the
    // question asks beyond what this passage is known to answer (录取分数线 of a passage on the 中考 service).
    const vocab = bank.vocabulary(p.index, skip);
    const uncovered = coverage.missedGroups.filter((g) => !g.alts.some((a) => vocab.has(a) || retriever.words(a).some((w) => vocab.has(w))));
    const uncoveredWeight = uncovered.reduce((s, g) => s + g.weight, 0);
    const rank = rankOf.get(p.index);
    const values: Record<Feature, number> = {
      bank_sim: bankMatch?.similarity ?? 0,
      bank_top: positive[0] && positive[0].question.chunk === p.index ? 1 : 0,
      bank_vote: own.filter((h) => positive.indexOf(h) < 10).reduce((s, h) => s + h.similarity, 0) / voteMass,
      has_bank: hasBank,
      bank_best: bankBest,
      neg_sim: negSim,
      neg_margin: (bankMatch?.similarity ?? 0) - negSim,
      coverage: coverage.share,
      quote_coverage: quoteCoverage,
      missing: coverage.missing ? 1 : 0,
      asks_kind: query.answerType ? 1 : 0,
      states_kind: retriever.statesAnswerType(query, quote) ? 1 : 0,
      fused: p.fused,
      dense: p.dense ?? 0,
      lexical_rel: (p.lexical ?? 0) / bestLexical,
      retrieval_rank: rank === undefined ? 0 : 1 / (1 + rank),
      score_margin: p.score - Math.max(0, ...others),
      unknown,
      query_weight: Math.log1p(queryWeight),
      is_faq: p.doc.type === '问答' ? 1 : 0,
      coverage_cold: coverage.share * (1 - hasBank),
      quote_cold: quoteCoverage * (1 - hasBank),
      uncovered: queryWeight ? uncoveredWeight / queryWeight : 0,
      uncovered_max: Math.max(0, ...uncovered.map((g) => g.weight)),
      neg_first: hits[0]?.question.chunk === -1 ? 1 : 0,
      neg_over_best: negSim - bankBest,
      bank_sim3: own.slice(0, 3).reduce((s, h) => s + h.similarity, 0) / 3,
      bridged: retriever.bridgedShare(p, queryWeight),
      bank_conflict: bankMatch ? namesOther(bankMatch) : 0,
      neg_conflict: negative ? namesOther(negative) : 0,
    };
    return { passage: p, quote, bankMatch, values: FEATURES.map((f) => values[f]), coverage };
  });
  return { query, passages, hits, candidates, negative };
}
