/**
 * The answering engine: smalltalk first, then one learned decision over the question's candidate passages (hybrid
 * retrieval plus the question bank), trained at every index build. It composes extractive, cited persona answers
 * and knows nothing of channels or storage.
 */
import type { Config } from '../config.ts';
import type { Embedder } from '../retrieval/embedders/index.ts';
import type { Analyzer } from '../retrieval/analyzer.ts';
import type { LoadedIndex } from '../retrieval/index-store.ts';
import { createAnalyzer } from '../retrieval/index-store.ts';
import { Retriever, type ScoredPassage } from '../retrieval/retriever.ts';
import { composeAnswer, composeMissing, composeParts, composeUnresolved, toCitation } from './compose.ts';
import { consider, FEATURES, type Candidate, type Considered } from './decision/candidates.ts';
import { boostedContributions, predictBoosted } from './decision/boosted.ts';
import type { DecisionModel } from './decision/model.ts';
import { DEFAULT_DECISION_OPTIONS, type DecisionOptions } from './decision/options.ts';
import { defaultDecision } from './decision/train.ts';
import { Smalltalk } from './smalltalk.ts';
import { DEFAULT_PERSONA, MAX_QUESTION_CHARS } from '../constants.ts';
import { splitSentences } from '../text/index.ts';
import type { AnswerOptions, Citation, DecisionTrace, Engine, EngineAnswer, HitTest, PersonaId, RankedPassage } from './types.ts';

/**
 * A question whose content words weigh less than this together (about one specific term: 政开冠靓 weighs ~3.5, 2024 ~1.3)
 * says too little to look up: the citizen is asked for more detail instead of getting an arbitrary passage or a ticket,
 * unless it all but repeats a bank question (什么是政府信息？ uses only the corpus's commonest words).
 */
export const MIN_QUESTION_WEIGHT = 2.5;
/** How close to a bank question a question of little content must be to be answered anyway. */
export const NEAR_BANK_QUESTION = 0.6;
/** A second passage is cited when its probability is at least this share of the first one's (and it is another section). */
const SECOND_CITATION = 0.9;
/** At most this many passages answer one question of several sentences. */
const MAX_PARTS = 3;

const round = (x: number) => Math.round(x * 1000) / 1000;

interface Scored {
  candidate: Candidate;
  p: number;
}

interface Decision {
  kind: 'faq' | 'answer' | 'unresolved' | 'vague';
  considered: Considered;
  scored: Scored[];
  best?: Scored;
  threshold: number;
}

/** What a question is answered from: the passages chosen (best first) and the sentences of it none answers. */
interface Plan {
  whole: Decision;
  chosen: { scored: Scored; kind: 'answer' | 'faq' }[];
  /** Sentences of the question that say enough to look up, answered by no passage, while another one is. */
  missing: string[];
}

/** Two picks that would quote the same: one passage, or one quote (a FAQ entry restating a report sentence). */
function samePart(a: Plan['chosen'][number], b: Plan['chosen'][number]): boolean {
  const quote = (x: Plan['chosen'][number]) => x.scored.candidate.quote.replace(/\s+/g, '');
  return a.scored.candidate.passage.chunk.id === b.scored.candidate.passage.chunk.id || quote(a).includes(quote(b)) || quote(b).includes(quote(a));
}

const answered = (d: Decision): d is Decision & { kind: 'answer' | 'faq'; best: Scored } => (d.kind === 'answer' || d.kind === 'faq') && d.best !== undefined;

function ranked(p: ScoredPassage): RankedPassage {
  return { ...toCitation(p), lexical: p.lexical, dense: p.dense, fused: round(p.fused), coverage: round(p.coverage), tags: p.doc.tags };
}

/** Each passage's position in the index, by chunk id. */
function chunkPositions(index: LoadedIndex): Map<string, number> {
  return new Map(index.chunks.map((c, i) => [c.id, i]));
}

/** The decision stored with an index, or the shipped one for an index built without (an older format). */
function decisionOf(index: LoadedIndex): DecisionModel {
  const d = index.decision as DecisionModel | null;
  return d?.model?.features?.length === FEATURES.length ? d : defaultDecision();
}

export class AnsweringEngine implements Engine {
  private retriever: Retriever;
  private decision: DecisionModel;
  private readonly smalltalk: Smalltalk;
  /** The serving index's passages by id, and the analyzer questions are cut with (for `passageCoverage`). */
  private chunkIndex: Map<string, number>;
  private analyzer: Analyzer;
  /** The index version folder answers come from. */
  version: string;

  constructor(
    private readonly config: Config,
    index: LoadedIndex,
    private readonly embedder: Embedder,
    private readonly reloadIndex: () => Promise<LoadedIndex>,
    private readonly options: DecisionOptions = DEFAULT_DECISION_OPTIONS,
  ) {
    this.analyzer = createAnalyzer(config.corpusDir);
    this.retriever = new Retriever(index, this.analyzer, embedder);
    this.chunkIndex = chunkPositions(index);
    this.decision = decisionOf(index);
    this.smalltalk = new Smalltalk(config.promptsDir);
    this.version = index.dir;
  }

  /** The probability a candidate must reach to be answered: the configured override, else the one trained with the index. */
  get threshold(): number {
    return this.config.resolveThreshold ?? this.decision.threshold;
  }

  /** The probability a sentence of a question refused whole must reach (never below {@link threshold}). */
  get partThreshold(): number {
    return Math.max(this.threshold, this.decision.partThreshold ?? 1);
  }

  get passageCount(): number {
    return this.retriever.passageCount;
  }

  /** The one decision both answering and hit testing use: every candidate scored by the trained model, the best held to the threshold. */
  private async decide(question: string, densePool?: Iterable<number>): Promise<Decision> {
    // One retriever and model for the whole decision, even if a reload swaps the index while this question awaits.
    const { retriever, decision } = this;
    const threshold = this.threshold;
    const considered = await consider(retriever, question.slice(0, MAX_QUESTION_CHARS), this.options, undefined, densePool);
    const scored = considered.candidates.map((candidate) => ({ candidate, p: predictBoosted(decision.model, candidate.values) }));
    const best = scored.reduce<Scored | undefined>((a, s) => (!a || s.p > a.p ? s : a), undefined);
    const vague = retriever.queryWeight(considered.query) < MIN_QUESTION_WEIGHT && (best?.candidate.bankMatch?.similarity ?? 0) < NEAR_BANK_QUESTION;
    if (vague) return { kind: 'vague', considered, scored, best, threshold };
    if (!best || best.p < threshold) return { kind: 'unresolved', considered, scored, best, threshold };
    const kind = best.candidate.passage.doc.type === '问答' ? 'faq' : 'answer';
    return { kind, considered, scored, best, threshold };
  }

  /**
   * Decides a question whole and, when it has several sentences (…几件？其中维持的几件？), sentence by sentence: a
   * sentence answered from a passage not chosen yet adds that passage, so a two-part question whose facts stand in
   * two places gets both, and a question the whole decision refuses is still answered from the sentences that reach
   * the threshold (each decided exactly as a question of its own).
   */
  private async plan(question: string, onlyWhole = false): Promise<Plan> {
    const whole = await this.decide(question);
    const wholePick = answered(whole) ? { scored: whole.best, kind: whole.kind } : null;
    const sentences = whole.kind === 'vague' || onlyWhole ? [] : splitSentences(question.slice(0, MAX_QUESTION_CHARS));
    if (sentences.length < 2) return { whole, chosen: wholePick ? [wholePick] : [], missing: [] };
    // Several decisions on one question answer more often by chance: a sentence of a question refused whole must
    // reach the stricter threshold trained for that (see DecisionModel.partThreshold).
    const bar = wholePick ? this.threshold : this.partThreshold;
    const picks: Plan['chosen'] = [];
    const unanswered: string[] = [];
    // A sentence's nearest passages are, all but always, among those the whole question retrieved: its dense search
    // looks only there (and at its own lexical hits), which keeps a long question's cost near one search at scale.
    const pool = whole.considered.passages.map((p) => p.index);
    for (const sentence of sentences) {
      const d = await this.decide(sentence, pool);
      if (answered(d) && d.best.p >= bar) picks.push({ scored: d.best, kind: d.kind });
      else if (d.kind === 'unresolved') unanswered.push(sentence);
    }
    // In the order of the sentences they answer, each passage and each quote once; the whole question's passage where
    // a sentence chose it (or the same words), else first: it answers the question as a whole.
    const chosen: Plan['chosen'] = [];
    if (wholePick && !picks.some((p) => samePart(p, wholePick))) chosen.push(wholePick);
    for (const pick of picks) {
      const part = wholePick && samePart(pick, wholePick) ? wholePick : pick;
      if (chosen.length < MAX_PARTS && !chosen.some((c) => samePart(c, part))) chosen.push(part);
    }
    // Only a question the whole decision refused can have a part left unanswered: otherwise its passage may hold it.
    return { whole, chosen, missing: !wholePick && chosen.length ? unanswered : [] };
  }

  /** What the decision saw and why it chose: every candidate's features and their contributions. */
  private trace(d: Decision): DecisionTrace {
    const model = this.decision.model;
    const best = d.best;
    return {
      kind: d.kind,
      threshold: d.threshold,
      probability: best ? round(best.p) : 0,
      chosen: best && d.kind !== 'unresolved' && d.kind !== 'vague' ? best.candidate.passage.chunk.id : null,
      reason: !best ? 'no-candidate' : d.kind === 'vague' ? 'too-little-content' : d.kind === 'unresolved' ? 'below-threshold' : 'answered',
      matched: best?.candidate.coverage.matched ?? [],
      missed: best?.candidate.coverage.missed ?? [],
      bankMatch: best?.candidate.bankMatch ? { question: best.candidate.bankMatch.question.text, similarity: round(best.candidate.bankMatch.similarity) } : null,
      negativeMatch: d.considered.negative ? { question: d.considered.negative.question.text, topic: d.considered.negative.question.topic ?? '', similarity: round(d.considered.negative.similarity) } : null,
      candidates: [...d.scored]
        .sort((a, b) => b.p - a.p)
        .map((s) => {
          const parts = boostedContributions(model, s.candidate.values);
          return {
            chunkId: s.candidate.passage.chunk.id,
            probability: round(s.p),
            quote: s.candidate.quote,
            features: FEATURES.map((name, j) => ({ name, value: round(s.candidate.values[j] ?? 0), contribution: round(parts[j] ?? 0) })),
          };
        }),
      training: this.decision.metrics,
    };
  }

  async answer(question: string, opts: AnswerOptions = {}): Promise<EngineAnswer> {
    const started = performance.now();
    const persona = opts.persona ?? DEFAULT_PERSONA;
    const base = { question, persona, candidates: [] as RankedPassage[], citations: [] as Citation[] };

    const small = this.smalltalk.classify(question);
    if (small) {
      return { ...base, kind: 'smalltalk', resolved: true, answer: this.smalltalk.reply(small, persona), confidence: { score: 1, threshold: this.threshold }, retrievalMs: 0 };
    }

    const { whole: d, chosen, missing } = await this.plan(this.smalltalk.withoutOpening(question), opts.whole);
    const retrievalMs = performance.now() - started;
    const candidates = d.considered.passages.slice(0, 10).map(ranked);
    const first = chosen[0];
    const confidence = { score: round(first?.scored.p ?? d.best?.p ?? 0), threshold: d.threshold };
    if (d.kind === 'vague') {
      return { ...base, kind: 'smalltalk', resolved: true, answer: this.smalltalk.reply('vague', persona), confidence, retrievalMs };
    }
    if (!first) {
      return { ...base, kind: 'unresolved', resolved: false, answer: '', candidates, confidence, retrievalMs };
    }
    const promptsDir = this.config.promptsDir;
    if (chosen.length > 1 || missing.length) {
      const parts = chosen.map((c) => ({ kind: c.kind, quote: c.scored.candidate.quote, citation: toCitation(c.scored.candidate.passage) }));
      const ticket = missing.length ? (opts.ticketFor?.(missing, candidates) ?? null) : null;
      const missingNote = composeMissing(missing, ticket, promptsDir);
      const answer = composeParts(parts, missingNote, persona, question, promptsDir);
      return { ...base, kind: first.kind, resolved: true, answer, citations: parts.map((p) => p.citation), candidates, confidence, retrievalMs, unanswered: missing, ticket, missingNote: missingNote || undefined };
    }
    const best = first.scored;
    const cited = toCitation(best.candidate.passage);
    const citations = [cited];
    const second = d.scored.filter((s) => s !== best).sort((a, b) => b.p - a.p)[0];
    // A second passage is shown only when it is nearly as likely and adds another part of the corpus.
    if (second && second.p >= Math.max(d.threshold, best.p * SECOND_CITATION) && second.candidate.passage.chunk.section !== best.candidate.passage.chunk.section) {
      citations.push(toCitation(second.candidate.passage));
    }
    const answer = composeAnswer(first.kind, best.candidate.quote, cited, persona, question, promptsDir);
    return { ...base, kind: first.kind, resolved: true, answer, citations, candidates, confidence, retrievalMs };
  }

  unresolvedReply(ticket: string, persona: PersonaId): string {
    return composeUnresolved(ticket, persona, this.config.promptsDir);
  }

  async explain(question: string, limit = 10, opts: Pick<AnswerOptions, 'whole'> = {}): Promise<HitTest> {
    const small = this.smalltalk.classify(question);
    const { whole: d, chosen, missing } = await this.plan(this.smalltalk.withoutOpening(question), opts.whole);
    const trace = this.trace(d);
    const first = chosen[0]?.scored.candidate;
    const query = d.considered.query;
    return {
      passages: d.considered.passages.slice(0, limit).map(ranked),
      resolved: Boolean(small) || chosen.length > 0,
      kind: small ? 'smalltalk' : (chosen[0]?.kind ?? d.kind),
      smalltalk: small ?? null,
      evidence: round(chosen[0]?.scored.p ?? d.best?.p ?? 0),
      threshold: d.threshold,
      faq: first && chosen[0]?.kind === 'faq' ? ranked(first.passage) : null,
      answerType: query.answerType,
      answerStated: query.answerType && first ? this.retriever.statesAnswerType(query, first.quote) : null,
      parts: chosen.length > 1 || missing.length ? { chosen: chosen.map((c) => ({ chunkId: c.scored.candidate.passage.chunk.id, probability: round(c.scored.p) })), missing } : null,
      trace,
    };
  }

  passageCoverage(question: string, chunkId: string): number | null {
    const i = this.chunkIndex.get(chunkId);
    if (i === undefined) return null;
    return round(this.retriever.scoreChunk(this.analyzer.analyzeQuery(question.slice(0, MAX_QUESTION_CHARS)), i).coverage);
  }

  async reload(): Promise<void> {
    const index = await this.reloadIndex();
    this.analyzer = createAnalyzer(this.config.corpusDir);
    this.retriever = new Retriever(index, this.analyzer, this.embedder);
    this.chunkIndex = chunkPositions(index);
    this.decision = decisionOf(index);
    this.version = index.dir;
  }

  async close(): Promise<void> {
    await this.embedder.close?.();
  }
}
