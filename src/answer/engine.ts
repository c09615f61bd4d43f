/**
 * The answering engine: smalltalk first, then the question bank, then hybrid
 * retrieval with a calibrated resolve threshold. It composes extractive,
 * cited persona answers and knows nothing of channels or storage.
 */
import type { Config } from '../config.ts';
import type { Embedder } from '../retrieval/embedders/index.ts';
import type { LoadedIndex } from '../retrieval/index-store.ts';
import { createAnalyzer } from '../retrieval/index-store.ts';
import { Retriever, type ScoredPassage } from '../retrieval/retriever.ts';
import { composeAnswer, composeUnresolved, pickSentences, stripBasis, toCitation } from './compose.ts';
import type { AnalyzedQuery } from '../retrieval/analyzer.ts';
import { Smalltalk } from './smalltalk.ts';
import type { Citation, Engine, EngineAnswer, PersonaId, RankedPassage } from './types.ts';

/** A question-bank entry answers first when the question is this close to its question or a variant (character-bigram Dice). */
export const FAQ_SIMILARITY = 0.55;
/**
 * A question whose content words weigh less than this together (about one specific term: 政开冠靓 weighs ~3.5, 2024 ~1.3)
 * says too little to look up; the citizen is asked for more detail instead of getting an arbitrary passage or a ticket.
 */
export const MIN_QUESTION_WEIGHT = 2.5;
/**
 * When the best passage's quote does not state the kind of answer asked for, up to this many next passages are tried,
 * as long as they cover at least this share of the best passage's coverage. Only a passage that states the answer replaces it.
 */
const ANSWER_FALLBACKS = 2;
const ANSWER_FALLBACK_COVERAGE = 0.9;
/** Questions longer than this are cut before retrieval (the full text is still recorded). */
const MAX_QUESTION = 500;

const round = (x: number) => Math.round(x * 1000) / 1000;

interface Decision {
  kind: 'faq' | 'answer' | 'unresolved' | 'vague';
  query: AnalyzedQuery;
  passages: ScoredPassage[];
  best?: ScoredPassage;
  quote?: string;
  evidence: number;
  /** Whether the quote states the kind of answer asked for. */
  answers?: boolean;
  faq?: ScoredPassage;
}

function ranked(p: ScoredPassage): RankedPassage {
  return { ...toCitation(p), lexical: p.lexical, dense: p.dense, fused: round(p.fused), coverage: round(p.coverage), tags: p.doc.tags };
}

export class AnsweringEngine implements Engine {
  private retriever: Retriever;
  private readonly smalltalk: Smalltalk;
  /** The index version folder answers come from. */
  version: string;

  constructor(
    private readonly config: Config,
    index: LoadedIndex,
    private readonly embedder: Embedder,
    readonly threshold: number,
    private readonly reloadIndex: () => Promise<LoadedIndex>,
  ) {
    this.retriever = new Retriever(index, createAnalyzer(config.corpusDir), embedder);
    this.smalltalk = new Smalltalk(config.promptsDir);
    this.version = index.dir;
  }

  /**
   * The one decision both answering and hit testing use: the question bank first, then the best passage held to the
   * threshold by its evidence (the passage's coverage averaged with that of the sentence that would be quoted).
   */
  private async decide(question: string, limit: number): Promise<Decision> {
    // One retriever for the whole decision, even if a reload swaps the index while this question awaits.
    const retriever = this.retriever;
    const q = question.slice(0, MAX_QUESTION);
    const { query, passages } = await retriever.search(q, limit);
    // A question close to a curated one is answered from it, however common its words (什么叫政府信息？).
    const faq = retriever.faqMatch(q, query);
    if (faq && faq.similarity >= FAQ_SIMILARITY && faq.passage.coverage >= this.threshold) {
      const quote = stripBasis(faq.passage.chunk.text);
      return { kind: 'faq', query, passages, best: faq.passage, quote, evidence: faq.passage.coverage, answers: retriever.statesAnswerType(query, quote), faq: faq.passage };
    }
    if (retriever.queryWeight(query) < MIN_QUESTION_WEIGHT) return { kind: 'vague', query, passages, evidence: 0 };
    if (!passages.length) return { kind: 'unresolved', query, passages, evidence: 0 };
    const coverage = (aq: typeof query, text: string) => retriever.coverage(aq, text);
    const weigh = (p: ScoredPassage) => {
      // A near miss spreads the question's words over a passage; the quoted sentence must carry them too.
      const quote = pickSentences(p.chunk.text, query, coverage, p.chunk.section);
      let evidence = (p.coverage + coverage(query, `${p.doc.title}\n${p.chunk.section}\n${quote}`)) / 2;
      // The quote itself must state what was asked for (哪天 → a date): a passage that only mentions the topic is a near miss.
      const answers = retriever.statesAnswerType(query, quote);
      if (!answers) evidence /= 2;
      return { p, quote, evidence, answers };
    };
    // A passage that states the answer beats an equally covered one that only mentions the topic (哪年 → 2007年).
    let top = weigh(passages[0]);
    for (const p of passages.slice(1, ANSWER_FALLBACKS + 1)) {
      if (top.answers || p.coverage < passages[0].coverage * ANSWER_FALLBACK_COVERAGE) break;
      const next = weigh(p);
      if (next.answers) top = next;
    }
    const { p: best, quote, evidence, answers } = top;
    return { kind: evidence >= this.threshold ? 'answer' : 'unresolved', query, passages, best, quote, evidence, answers };
  }

  async answer(question: string, opts: { persona?: PersonaId } = {}): Promise<EngineAnswer> {
    const started = performance.now();
    const persona = opts.persona ?? 'xiaoli';
    const base = { question, persona, candidates: [] as RankedPassage[], citations: [] as Citation[] };

    const small = this.smalltalk.classify(question);
    if (small) {
      return { ...base, kind: 'smalltalk', resolved: true, answer: this.smalltalk.reply(small, persona), confidence: { score: 1, threshold: this.threshold }, retrievalMs: 0 };
    }

    const d = await this.decide(question, 10);
    const retrievalMs = performance.now() - started;
    const candidates = d.passages.map(ranked);
    const confidence = { score: round(d.evidence), threshold: this.threshold };
    if (d.kind === 'vague') {
      return { ...base, kind: 'smalltalk', resolved: true, answer: this.smalltalk.reply('vague', persona), confidence, retrievalMs };
    }
    if (d.kind === 'unresolved') {
      return { ...base, kind: 'unresolved', resolved: false, answer: '', candidates, confidence, retrievalMs };
    }
    const citations = [toCitation(d.best!)];
    const second = d.passages[1];
    // A second passage is shown only when it is nearly as strong and adds another part of the corpus.
    if (d.kind === 'answer' && second && second.chunk.id !== d.best!.chunk.id && second.coverage >= Math.max(this.threshold, d.best!.coverage * 0.95) && second.chunk.section !== d.best!.chunk.section) {
      citations.push(toCitation(second));
    }
    const answer = composeAnswer(d.kind, d.quote!, citations[0], persona, question, this.config.promptsDir);
    return { ...base, kind: d.kind, resolved: true, answer, citations, candidates, confidence, retrievalMs };
  }

  unresolvedReply(ticket: string, persona: PersonaId): string {
    return composeUnresolved(ticket, persona, this.config.promptsDir);
  }

  async explain(question: string, limit = 10) {
    const d = await this.decide(question, limit);
    return {
      passages: d.passages.map(ranked),
      resolved: d.kind === 'answer' || d.kind === 'faq',
      kind: d.kind,
      evidence: round(d.evidence),
      threshold: this.threshold,
      faq: d.faq ? ranked(d.faq) : null,
      answerType: d.query.answerType,
      answerStated: d.query.answerType && d.answers !== undefined ? d.answers : null,
    };
  }

  async reload(): Promise<void> {
    const index = await this.reloadIndex();
    this.retriever = new Retriever(index, createAnalyzer(this.config.corpusDir), this.embedder);
    this.version = index.dir;
  }

  async close(): Promise<void> {
    await this.embedder.close?.();
  }
}
