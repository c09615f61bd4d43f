// One shard of training's bank questions, asked in a worker thread (see ask-in-workers.ts). Runs the TypeScript
// sources through tsx, as bin/guanbot.mjs does.
import { parentPort, workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const [{ loadParts, createAnalyzer }, { Retriever }, { HashedNgramEmbedder }, { askBank }] = await Promise.all([
  import('../../retrieval/index-store.ts'),
  import('../../retrieval/retriever.ts'),
  import('../../retrieval/embedders/hashed.ts'),
  import('./train.ts'),
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
