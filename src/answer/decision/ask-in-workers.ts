/**
 * Training's slow parts in worker threads. Asking every bank question of the new index: each worker reads the new
 * version's files, rebuilds the retriever with the built-in embedder and asks every n-th question; the answers are
 * merged back in question order. Fitting the folds' models and the final one: each worker fits some of them. Both
 * give exactly what one thread gives, so the trained model is the same.
 */
import type { LoadedIndex } from '../../retrieval/index-store.ts';
import type { DecisionOptions } from './options.ts';
import type { Asked } from './train.ts';
import type { BoostedModel, BoostOptions } from './boosted.ts';
import { runWorker } from '../run-worker.ts';

const WORKER = new URL('./train-worker.mjs', import.meta.url);

/** What a worker needs to rebuild the retriever the index answers with. */
export interface WorkerRetriever {
  /** The corpus folder (the analyzer's user dictionary and synonyms). */
  corpusDir: string;
  /** The built-in embedder's dimensions. */
  dimensions: number;
}

/** The message a worker posts: progress, its answers, or why it failed. */
export type AskWorkerMessage = { done: number } | { asked: Asked[] } | { error: string };

/** What a fitting worker posts. */
export type FitWorkerMessage = { models: BoostedModel[] } | { error: string };

/** Asks the bank in `opts.askWorkers` threads; `onProgress` counts questions over all of them. */
export async function askBankInWorkers(
  index: LoadedIndex,
  retriever: WorkerRetriever,
  opts: DecisionOptions,
  onProgress?: (done: number, total: number) => void,
): Promise<Asked[]> {
  const of = opts.askWorkers;
  const done = new Array<number>(of).fill(0);
  const shards = await Promise.all(
    Array.from({ length: of }, (_, shard) =>
      runWorker(
        WORKER,
        { task: 'ask', dir: index.dir, manifest: index.manifest, ...retriever, opts, shard: { of, index: shard } },
        (m: AskWorkerMessage) => {
          if ('done' in m) {
            done[shard] = m.done;
            onProgress?.(done.reduce((a, b) => a + b, 0), index.bank.size);
            return null;
          }
          return 'asked' in m ? { result: m.asked } : m;
        },
      ),
    ),
  );
  // Question order, and for one question the warm asking before the cold one, as askBank returns them.
  return shards.flat().sort((a, b) => a.question - b.question || Number(a.cold) - Number(b.cold));
}

/** Fits one model per set of asked questions (`features` in order), the sets dealt out over `workers` threads. */
export async function fitInWorkers(features: readonly string[], sets: Asked[][], boost: BoostOptions, workers: number): Promise<BoostedModel[]> {
  const dealt = Array.from({ length: Math.min(workers, sets.length) }, (_, w) => sets.map((_, i) => i).filter((i) => i % workers === w));
  const fitted = await Promise.all(
    dealt.map((which) =>
      runWorker(
        WORKER,
        { task: 'fit', features, boost, sets: which.map((i) => ({ rows: sets[i]!.flatMap((a) => a.rows), labels: sets[i]!.flatMap((a) => a.labels) })) },
        (m: FitWorkerMessage) => ('models' in m ? { result: m.models } : m),
      ),
    ),
  );
  const models: BoostedModel[] = [];
  dealt.forEach((which, w) => {
    which.forEach((i, k) => {
      const model = fitted[w]?.[k];
      if (!model) throw new Error(`fit worker ${w} returned ${fitted[w]?.length ?? 0} models for ${which.length} sets`);
      models[i] = model;
    });
  });
  return models;
}
