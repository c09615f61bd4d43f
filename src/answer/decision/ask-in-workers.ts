/**
 * Training's slow part, asking every bank question of the new index, split across worker threads: each worker reads
 * the new version's files, rebuilds the retriever with the built-in embedder and asks every n-th question. The
 * answers are the same as asking them in one thread, merged back in question order, so the trained model is too.
 */
import type { LoadedIndex } from '../../retrieval/index-store.ts';
import type { DecisionOptions } from './options.ts';
import type { Asked } from './train.ts';
import { runWorker } from '../run-worker.ts';

/** What a worker needs to rebuild the retriever the index answers with. */
export interface WorkerRetriever {
  /** The corpus folder (the analyzer's user dictionary and synonyms). */
  corpusDir: string;
  /** The built-in embedder's dimensions. */
  dimensions: number;
}

/** The message a worker posts: progress, its answers, or why it failed. */
export type AskWorkerMessage = { done: number } | { asked: Asked[] } | { error: string };

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
        new URL('./ask-worker.mjs', import.meta.url),
        { dir: index.dir, manifest: index.manifest, ...retriever, opts, shard: { of, index: shard } },
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
