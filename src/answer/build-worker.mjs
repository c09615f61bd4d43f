// Builds the index in a worker thread, so that training the decision (tens of seconds of CPU) never blocks the
// event loop that answers citizens. In dist/ it imports the compiled index.js next to it; from src/ (tests, tsx)
// loader hooks do not reach worker threads, so it registers tsx itself to import the TypeScript.
import fs from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';

const compiled = new URL('./index.js', import.meta.url);
const fromDist = fs.existsSync(compiled);
if (!fromDist) (await import('tsx/esm/api')).register();
const { buildIndex } = await import(fromDist ? compiled.href : './index.ts');
try {
  const summary = await buildIndex(workerData.config, { full: workerData.full, onProgress: (p) => parentPort.postMessage({ progress: p }) });
  parentPort.postMessage({ summary });
} catch (err) {
  parentPort.postMessage({ error: err instanceof Error ? err.message : String(err) });
}
