// Builds the index in a worker thread, so that training the decision (tens of seconds of CPU) never blocks the
// event loop that answers citizens. Runs the TypeScript sources through tsx, as bin/guanbot.mjs does.
import { parentPort, workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const { buildIndex } = await import('./index.ts');
try {
  const summary = await buildIndex(workerData.config, { full: workerData.full, onProgress: (p) => parentPort.postMessage({ progress: p }) });
  parentPort.postMessage({ summary });
} catch (err) {
  parentPort.postMessage({ error: err instanceof Error ? err.message : String(err) });
}
