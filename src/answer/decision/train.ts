/**
 * Trains the answering decision at every index build, on the question bank: every bank question is asked of the
 * new index with itself left out of the bank (and some again with the whole bank hidden), each candidate passage is
 * labelled right or wrong, boosted trees are fitted, and the operating threshold is chosen on cross-validated
 * predictions so that at most `maxFalseAnswerRate` of the bank's negatives would be answered. The threshold thus
 * follows the corpus as it grows.
 */
import fs from 'node:fs';
import type { LoadedIndex } from '../../retrieval/index-store.ts';
import type { Retriever } from '../../retrieval/retriever.ts';
import { consider, FEATURES } from './candidates.ts';
import { predictBoosted, trainBoosted } from './boosted.ts';
import type { DecisionModel, TrainedOn, TrainingMetrics } from './model.ts';
import type { DecisionOptions } from './options.ts';
import { askBankInWorkers, fitInWorkers, type WorkerRetriever } from './ask-in-workers.ts';

export interface Asked {
  /** Index of the bank question asked. */
  question: number;
  /** The bank question's passage, or -1 for a negative. */
  target: number;
  cold: boolean;
  fold: number;
  rows: number[][];
  labels: number[];
}

const defaultModelFile = new URL('./default-model.json', import.meta.url);

/** The shipped model (trained on the county's own corpus and bank), for corpora whose bank is too small to train on. */
export function defaultDecision(): DecisionModel {
  return JSON.parse(fs.readFileSync(defaultModelFile, 'utf8')) as DecisionModel;
}

/** Deterministic pseudo-random fraction of an integer (training must be reproducible). */
function fraction(i: number, salt: number): number {
  let h = (i + 1) * 0x9e3779b1 + salt * 0x85ebca77;
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d);
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b);
  return ((h ^ (h >>> 16)) >>> 0) / 2 ** 32;
}

/** Which of the bank's questions one asker takes: every `of`-th, starting at `index`. */
export interface BankShard {
  of: number;
  index: number;
}

/**
 * Asks the bank's questions (all of them, or one shard's) of the index and returns their labelled candidates, in
 * question order. `onProgress` counts the questions of this shard.
 */
export async function askBank(
  retriever: Retriever,
  index: LoadedIndex,
  opts: DecisionOptions,
  onProgress?: (done: number, total: number) => void,
  shard: BankShard = { of: 1, index: 0 },
): Promise<Asked[]> {
  const bank = index.bank;
  const asked: Asked[] = [];
  const total = Math.ceil((bank.size - shard.index) / shard.of);
  let done = 0;
  for (let i = shard.index; i < bank.size; i += shard.of) {
    const q = bank.questions[i]!;
    const fold = Math.floor(fraction(i, 1) * opts.folds);
    // The same wording filed twice (an FAQ variant repeated in the bank) is left out with it.
    // j is always a bank index handed out by the bank's own search.
    const self = (j: number) => j === i || bank.questions[j]!.text === q.text;
    const modes: { cold: boolean; skip: (j: number) => boolean }[] = [{ cold: false, skip: self }];
    if (fraction(i, 2) < opts.coldShare) modes.push({ cold: true, skip: (j) => self(j) || bank.questions[j]!.chunk >= 0 });
    for (const mode of modes) {
      const { candidates } = await consider(retriever, q.text, opts, mode.skip);
      const right = (chunk: number) =>
        q.chunk >= 0 &&
        (chunk === q.chunk || (q.key !== undefined && q.key.length >= opts.keyMinLength && index.chunks[chunk]!.text.includes(q.key)));
      asked.push({
        question: i,
        target: q.chunk,
        cold: mode.cold,
        fold,
        rows: candidates.map((c) => c.values),
        labels: candidates.map((c) => (right(c.passage.index) ? 1 : 0)),
      });
    }
    done++;
    if (done % 200 === 0 || done === total) onProgress?.(done, total);
  }
  return asked;
}

/** Decisions made for a question of several sentences refused whole: the whole question and (commonly) two sentences. */
const PART_DECISIONS = 3;
const round4 = (x: number) => Math.round(x * 1e4) / 1e4;

/** The lowest threshold at which at most `maxRate` of the negatives would be answered. */
export function chooseThreshold(best: { p: number; negative: boolean }[], maxRate: number): number {
  const negatives = best.filter((b) => b.negative).map((b) => b.p).sort((a, b) => b - a);
  if (!negatives.length) return 0.5;
  const allowed = Math.floor(negatives.length * maxRate);
  // Answer strictly above the (allowed+1)-th highest negative.
  const edge = negatives[Math.min(allowed, negatives.length - 1)]!;
  return Math.min(0.999, edge + 1e-6);
}

/**
 * Whether a model trained before still fits this index: the same bank, lexicons, embedder and features, fewer than
 * `retrainAfterLearned` questions learned from use since, and at most `maxChangedPassages` passages added or removed
 * (an edited document or a promoted FAQ entry); training again would learn the same decision. That keeps small
 * rebuilds incremental.
 */
export function stillFits(model: DecisionModel | null, now: TrainedOn, opts: DecisionOptions): boolean {
  const was = model?.trainedOn;
  // A model from before part thresholds were trained lacks what answering now uses: train (or take the shipped one).
  if (model?.partThreshold === undefined) return false;
  if (!was || was.bank !== now.bank || was.embedder !== now.embedder || was.features !== now.features) return false;
  if ((now.learned ?? 0) - (was.learned ?? 0) >= opts.retrainAfterLearned) return false;
  const before = new Set(was.passages);
  const after = new Set(now.passages);
  const changed = [...after].filter((h) => !before.has(h)).length + [...before].filter((h) => !after.has(h)).length;
  return changed <= Math.max(opts.maxChangedPassages, opts.maxChangedShare * after.size);
}

/**
 * Trains the decision for a freshly built index, unless the previous build's model or the shipped one still fits
 * (see {@link stillFits}).
 */
export async function trainDecision(
  retriever: Retriever,
  index: LoadedIndex,
  previous: unknown,
  opts: DecisionOptions,
  onProgress?: (done: number, total: number) => void,
  /** Set when worker threads can rebuild the retriever (the built-in embedder): the corpus folder of its analyzer. */
  workers?: WorkerRetriever,
): Promise<DecisionModel> {
  const started = performance.now();
  const trainedOn: TrainedOn = {
    bank: index.manifest.bankFingerprint,
    learned: index.manifest.learnedQuestions ?? 0,
    embedder: index.manifest.embedder,
    features: FEATURES.length,
    passages: index.chunks.map((c) => c.hash),
  };
  for (const earlier of [previous as DecisionModel | null, defaultDecision()]) {
    if (stillFits(earlier, trainedOn, opts)) return { ...earlier!, metrics: { ...earlier!.metrics, source: 'reused' } };
  }
  const positives = index.bank.questions.filter((q) => q.chunk >= 0).length;
  const negatives = index.bank.size - positives;
  if (positives < opts.minTrainingQuestions || negatives < opts.minTrainingQuestions) {
    const fallback = defaultDecision();
    return { ...fallback, metrics: { ...fallback.metrics, source: 'default', passages: index.chunks.length, ms: Math.round(performance.now() - started) } };
  }
  const parallel = workers && opts.askWorkers > 1 && index.bank.size >= opts.parallelFromQuestions;
  const asked = parallel ? await askBankInWorkers(index, workers, opts, onProgress) : await askBank(retriever, index, opts, onProgress);
  // The folds' models (for held-out predictions) and the final one: independent fits, in worker threads when asking was.
  const sets = [...Array.from({ length: opts.folds }, (_, f) => asked.filter((a) => a.fold !== f)), asked];
  const models = parallel
    ? await fitInWorkers(FEATURES, sets, opts.boost, opts.askWorkers)
    : sets.map((set) => trainBoosted([...FEATURES], set.flatMap((a) => a.rows), set.flatMap((a) => a.labels), opts.boost));

  // Held-out predictions: each fold scored by a model trained on the other folds.
  const heldOut: { a: Asked; p: number; right: boolean }[] = [];
  for (let f = 0; f < opts.folds; f++) {
    // One model per fold plus the final one trained on everything.
    const model = models[f]!;
    for (const a of asked.filter((x) => x.fold === f)) {
      let p = 0;
      let right = false;
      a.rows.forEach((row, k) => {
        const pk = predictBoosted(model, row);
        if (pk > p) {
          p = pk;
          right = a.labels[k] === 1;
        }
      });
      heldOut.push({ a, p, right });
    }
  }
  const predictions = heldOut.map((h) => ({ p: h.p, negative: h.a.target < 0 }));
  const threshold = chooseThreshold(predictions, opts.maxFalseAnswerRate);
  const partThreshold = chooseThreshold(predictions, opts.maxFalseAnswerRate / PART_DECISIONS);
  const count = (pred: (h: (typeof heldOut)[number]) => boolean) => heldOut.filter(pred).length;
  const warm = (h: (typeof heldOut)[number]) => !h.a.cold;
  const metrics: TrainingMetrics = {
    positives,
    negatives,
    reachable: asked.filter((a) => !a.cold && a.target >= 0 && a.labels.includes(1)).length,
    answeredRight: count((h) => warm(h) && h.a.target >= 0 && h.p >= threshold && h.right),
    answeredWrong: count((h) => warm(h) && h.a.target >= 0 && h.p >= threshold && !h.right),
    negativesAnswered: count((h) => warm(h) && h.a.target < 0 && h.p >= threshold),
    cold: {
      positives: count((h) => h.a.cold && h.a.target >= 0),
      negatives: count((h) => h.a.cold && h.a.target < 0),
      answeredRight: count((h) => h.a.cold && h.a.target >= 0 && h.p >= threshold && h.right),
      negativesAnswered: count((h) => h.a.cold && h.a.target < 0 && h.p >= threshold),
    },
    passages: index.chunks.length,
    ms: 0,
    source: 'trained',
    curve: [0.5, 0.6, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95].map((t) => ({
      threshold: t,
      answeredRight: count((h) => warm(h) && h.a.target >= 0 && h.p >= t && h.right),
      negativesAnswered: count((h) => warm(h) && h.a.target < 0 && h.p >= t),
    })),
  };
  const model = models[opts.folds]!;
  metrics.ms = Math.round(performance.now() - started);
  return { model, threshold: round4(threshold), partThreshold: round4(partThreshold), metrics, trainedOn };
}
