// One shard of training's bank questions, asked in a worker thread (see ask-in-workers.ts). In dist/ it imports the
// compiled modules next to it; from src/ (tests, tsx) loader hooks do not reach worker threads, so it registers tsx.
import fs from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';

const fromDist = fs.existsSync(new URL('./train.js', import.meta.url));
if (!fromDist) (await import('tsx/esm/api')).register();
/** A sibling module of this folder or of src/retrieval, as compiled (dist/) or as source. */
const load = (rel) => import(new URL(fromDist ? rel.replace(/\.ts$/, '.js') : rel, import.meta.url).href);
const [{ loadParts, createAnalyzer }, { Retriever }, { HashedNgramEmbedder }, { askBank }] = await Promise.all([
  load('../../retrieval/index-store.ts'),
  load('../../retrieval/retriever.ts'),
  load('../../retrieval/embedders/hashed.ts'),
  load('./train.ts'),
]);
try {
  const { dir, manifest, corpusDir, dimensions, opts, shard } = workerData;
  const index = loadParts(dir, manifest);
  const retriever = new Retriever(index, createAnalyzer(corpusDir), new HashedNgramEmbedder(dimensions));
  const asked = await askBank(retriever, index, opts, (done) => parentPort.postMessage({ done }), shard);
  parentPort.postMessage({ asked });
} catch (err) {
  parentPort.postMessage({ error: err instanceof Error ? err.message : String(err) });
}
