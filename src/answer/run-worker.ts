/** One worker thread run to its single result: the common part of index builds and training's bank shards. */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';

/** What a worker's message means: progress (keep waiting), or the end (`{ result }` or `{ error }`). */
export type WorkerOutcome<T> = { result: T } | { error: string } | null;

/**
 * Starts `file` with `workerData` and settles on the first message `read` turns into an outcome, on an error, or
 * when the thread exits early; the thread is terminated once settled.
 */
export function runWorker<M, T>(file: URL, workerData: unknown, read: (message: M) => WorkerOutcome<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(file, { workerData });
    let settled = false;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      fn();
      void worker.terminate();
    };
    worker.on('message', (m: M) => {
      const outcome = read(m);
      if (!outcome) return;
      if ('result' in outcome) settle(() => resolve(outcome.result));
      else settle(() => reject(new Error(outcome.error)));
    });
    worker.on('error', (err) => settle(() => reject(err)));
    worker.on('exit', (code) => settle(() => reject(new Error(`worker ${path.basename(fileURLToPath(file))} exited with code ${code}`))));
  });
}
