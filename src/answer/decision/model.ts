/** The trained decision as stored beside an index version (`decision.json`). */
import type { BoostedModel } from './boosted.ts';

export interface DecisionModel {
  model: BoostedModel;
  /** Answer when the best candidate's probability reaches this (chosen for the false-answer rate on held-out folds). */
  threshold: number;
  /**
   * The threshold for answering from one sentence of a question of several that the whole decision refused: chosen
   * on the same held-out predictions for a third of the false-answer rate, as the whole question and two sentences
   * are three chances to answer by mistake (absent in models trained before: such questions stay refused).
   */
  partThreshold?: number;
  /** What training measured on held-out folds at that threshold. */
  metrics: TrainingMetrics;
  /** What the model was trained on: the bank and lexicons, the embedder, the features and the passages. */
  trainedOn?: TrainedOn;
}

export interface TrainingMetrics {
  /** Bank questions asked (with answer / without). */
  positives: number;
  negatives: number;
  /** Positives whose right passage was among the candidates at all. */
  reachable: number;
  /** Held-out: positives answered from a right passage at the threshold. */
  answeredRight: number;
  /** Held-out: positives answered from a wrong passage. */
  answeredWrong: number;
  /** Held-out: negatives answered (the false-answer rate's numerator). */
  negativesAnswered: number;
  /** Positives and negatives asked again with the whole bank hidden, and how many of those positives were answered right. */
  cold: { positives: number; negatives: number; answeredRight: number; negativesAnswered: number };
  passages: number;
  ms: number;
  /** Held-out answers at a few thresholds: what moving the operating point would trade. */
  curve?: { threshold: number; answeredRight: number; negativesAnswered: number }[];
  /**
   * `trained` at this build; `reused` when the bank, lexicons and embedder are those a model was trained with
   * (the previous build's or the shipped one) and only a few passages changed, so training again would learn the same;
   * `default` when the bank was too small to train and the shipped model decides.
   */
  source: 'trained' | 'reused' | 'default';
}

export interface TrainedOn {
  /** Hash of the question bank and lexicons (see bankFingerprint in the index store). */
  bank: string;
  /** Questions of the bank's learned file then (absent: none). */
  learned?: number;
  embedder: string;
  features: number;
  /** Hashes of the passages the model was trained over. */
  passages: string[];
}
