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
import { composeAnswer, composeUnresolved, pickSentences, toCitation } from './compose.ts';
import { Smalltalk } from './smalltalk.ts';
import type { Citation, Engine, EngineAnswer, PersonaId, RankedPassage } from './types.ts';

/** A question-bank entry answers first when the question is this close to its question or a variant (character-bigram Dice). */
export const FAQ_SIMILARITY = 0.55;
/**
 * A question whose content words weigh less than this together (about one specific term: 政开冠靓 weighs ~3.5, 2024 ~1.3)
 * says too little to look up; the citizen is asked for more detail instead of getting an arbitrary passage or a ticket.
 */
export const MIN_QUESTION_WEIGHT = 2.5;
/** Questions longer than this are cut before retrieval (the full text is still recorded). */
const MAX_QUESTION = 500;

function ranked(p: ScoredPassage): RankedPassage {
  return { ...toCitation(p), lexical: p.lexical, dense: p.dense, fused: Math.round(p.fused * 1000) / 1000, coverage: Math.round(p.coverage * 1000) / 1000, tags: p.doc.tags };
}

export class AnsweringEngine implements Engine {
  private retriever: Retriever;
  private readonly smalltalk: Smalltalk;

  constructor(
    private readonly config: Config,
    index: LoadedIndex,
    private readonly embedder: Embedder,
    readonly threshold: number,
    private readonly reloadIndex: () => Promise<LoadedIndex>,
  ) {
    this.retriever = new Retriever(index, createAnalyzer(config.corpusDir), embedder);
    this.smalltalk = new Smalltalk(config.promptsDir);
  }

  async answer(question: string, opts: { persona?: PersonaId } = {}): Promise<EngineAnswer> {
    const started = performance.now();
    const persona = opts.persona ?? 'xiaoli';
    const base = { question, persona, candidates: [] as RankedPassage[], citations: [] as Citation[] };

    const small = this.smalltalk.classify(question);
    if (small) {
      return { ...base, kind: 'smalltalk', resolved: true, answer: this.smalltalk.reply(small, persona), confidence: { score: 1, threshold: this.threshold }, retrievalMs: 0 };
    }

    const q = question.slice(0, MAX_QUESTION);
    const { query, passages } = await this.retriever.search(q, 10);
    if (this.retriever.queryWeight(query) < MIN_QUESTION_WEIGHT) {
      return { ...base, kind: 'smalltalk', resolved: true, answer: this.smalltalk.reply('vague', persona), confidence: { score: 0, threshold: this.threshold }, retrievalMs: performance.now() - started };
    }
    const retrievalMs = performance.now() - started;
    const candidates = passages.map(ranked);
    const best = passages[0];
    const coverage = (aq: typeof query, text: string) => this.retriever.coverage(aq, text);
    // Evidence: the passage as a whole, and the sentence that would be quoted (a near miss spreads its words over a passage).
    const quote = best ? pickSentences(best.chunk.text, query, coverage, best.chunk.section) : '';
    const evidence = best ? (best.coverage + coverage(query, `${best.doc.title}\n${best.chunk.section}\n${quote}`)) / 2 : 0;
    const confidence = { score: Math.round(evidence * 1000) / 1000, threshold: this.threshold };

    const faq = this.retriever.faqMatch(q, query);
    if (faq && faq.similarity >= FAQ_SIMILARITY && faq.passage.coverage >= this.threshold) {
      const citation = toCitation(faq.passage);
      const answer = composeAnswer('faq', faq.passage.chunk.text.trim(), citation, persona, q, this.config.promptsDir);
      return { ...base, kind: 'faq', resolved: true, answer, citations: [citation], candidates, confidence: { score: Math.round(faq.passage.coverage * 1000) / 1000, threshold: this.threshold }, retrievalMs };
    }

    if (!best || evidence < this.threshold) {
      return { ...base, kind: 'unresolved', resolved: false, answer: '', candidates, confidence, retrievalMs };
    }

    const citations = [toCitation(best)];
    const second = passages[1];
    // A second passage is shown only when it is nearly as strong and adds another part of the corpus.
    if (second && second.chunk.id !== best.chunk.id && second.coverage >= Math.max(this.threshold, best.coverage * 0.95) && second.chunk.section !== best.chunk.section) {
      citations.push(toCitation(second));
    }
    const answer = composeAnswer('answer', quote, citations[0], persona, q, this.config.promptsDir);
    return { ...base, kind: 'answer', resolved: true, answer, citations, candidates, confidence, retrievalMs };
  }

  unresolvedReply(ticket: string, persona: PersonaId): string {
    return composeUnresolved(ticket, persona, this.config.promptsDir);
  }

  async explain(question: string, limit = 10) {
    const { query, passages } = await this.retriever.search(question, limit);
    const faq = this.retriever.faqMatch(question, query);
    return {
      passages: passages.map(ranked),
      resolved: Boolean(passages[0] && passages[0].coverage >= this.threshold),
      threshold: this.threshold,
      faq: faq && faq.similarity >= FAQ_SIMILARITY ? ranked(faq.passage) : null,
    };
  }

  async reload(): Promise<void> {
    const index = await this.reloadIndex();
    this.retriever = new Retriever(index, createAnalyzer(this.config.corpusDir), this.embedder);
  }

  async close(): Promise<void> {
    await this.embedder.close?.();
  }
}
