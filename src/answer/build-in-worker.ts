/** Index builds off the event loop: the build (and its training) runs in a worker thread with its own embedder. */
import type { Config } from '../config.ts';
import type { BuildProgress, IndexSummary } from '../retrieval/index-store.ts';
import { runWorker } from './run-worker.ts';

/** Builds the index for `config` in a worker thread; progress arrives as the build reports it. */
export function buildIndexInWorker(config: Config, opts: { full?: boolean; onProgress?: (p: BuildProgress) => void } = {}): Promise<IndexSummary> {
  return runWorker<{ progress?: BuildProgress; summary?: IndexSummary; error?: string }, IndexSummary>(new URL('./build-worker.mjs', import.meta.url), { config, full: opts.full }, (m: { progress?: BuildProgress; summary?: IndexSummary; error?: string }) => {
    if (m.progress) {
      opts.onProgress?.(m.progress);
      return null;
    }
    return m.summary ? { result: m.summary } : { error: m.error ?? 'index build worker sent no result' };
  });
}
