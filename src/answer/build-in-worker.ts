/** Index builds off the event loop: the build (and its training) runs in a worker thread with its own embedder. */
import { Worker } from 'node:worker_threads';
import type { Config } from '../config.ts';
import type { BuildProgress, IndexSummary } from '../retrieval/index-store.ts';

/** Builds the index for `config` in a worker thread; progress arrives as the build reports it. */
export function buildIndexInWorker(config: Config, opts: { full?: boolean; onProgress?: (p: BuildProgress) => void } = {}): Promise<IndexSummary> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./build-worker.mjs', import.meta.url), { workerData: { config, full: opts.full } });
    let settled = false;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      fn();
      void worker.terminate();
    };
    worker.on('message', (m: { progress?: BuildProgress; summary?: IndexSummary; error?: string }) => {
      if (m.progress) opts.onProgress?.(m.progress);
      else if (m.summary) settle(() => resolve(m.summary!));
      else if (m.error !== undefined) settle(() => reject(new Error(m.error)));
    });
    worker.on('error', (err) => settle(() => reject(err)));
    worker.on('exit', (code) => settle(() => reject(new Error(`index build worker exited with code ${code}`))));
  });
}
