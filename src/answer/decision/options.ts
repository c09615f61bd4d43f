/** The decision's tunables, in one place, with their defaults. */
import type { BoostOptions } from './boosted.ts';

export interface DecisionOptions {
  /** Passages from hybrid retrieval considered as answers, best first. */
  retrieved: number;
  /** Further passages proposed by the most similar bank questions. */
  fromBank: number;
  /** Bank questions compared with each question. */
  bankHits: number;
  /**
   * The false-answer rate the operating threshold is chosen for, on held-out predictions of the bank's negatives. The
   * bank's negatives are near misses written to reuse a passage's own words, far harder than what citizens ask out of
   * scope; 0.15 on them was chosen on the development sets (eval/questions.jsonl, eval/heldout*.jsonl), never on a
   * sealed set.
   */
  maxFalseAnswerRate: number;
  /** Cross-validation folds for choosing the threshold. */
  folds: number;
  /**
   * Share of training questions asked a second time with the whole bank hidden, so that the model also learns to
   * decide for passages no one has written questions for yet (a newly added document, the 830 laws).
   */
  coldShare: number;
  /** A candidate holding the entry's key counts as right too (the same fact stated in an FAQ and a report) when the key is at least this long. */
  keyMinLength: number;
  /** A model trained before is reused while at most this many passages (or this share of them) changed since. */
  maxChangedPassages: number;
  maxChangedShare: number;
  /**
   * Questions learned from use (the bank's learned file) that make a trained model stale. Fewer join the bank field at
   * the next build, so similar questions find their passage at once, without a full retraining after every 👍.
   */
  retrainAfterLearned: number;
  /** Fewer bank questions than this (positives or negatives) train no model: the shipped default model decides. */
  minTrainingQuestions: number;
  /**
   * Worker threads training runs its two slow parts in: asking the bank's questions (each independent) and fitting the
   * folds' models and the final one (measured on the default corpus: 70 s in one thread, 41 s in two). Used only for the built-in embedder, which each worker can rebuild, and for banks of at
   * least `parallelFromQuestions` questions (below that, starting the workers costs more than it saves). 1: no workers.
   */
  askWorkers: number;
  parallelFromQuestions: number;
  /** The boosted trees (see boosted.ts). */
  boost: BoostOptions;
}

export const DEFAULT_DECISION_OPTIONS: DecisionOptions = {
  retrieved: 5,
  fromBank: 3,
  bankHits: 20,
  maxFalseAnswerRate: 0.15,
  folds: 3,
  coldShare: 1 / 3,
  keyMinLength: 3,
  maxChangedPassages: 5,
  maxChangedShare: 0.05,
  retrainAfterLearned: 50,
  minTrainingQuestions: 40,
  askWorkers: 2,
  parallelFromQuestions: 500,
  boost: { trees: 60, depth: 3, learningRate: 0.2, minLeaf: 5, lambda: 1, bins: 32 },
};
