// Training's parallel parts in a worker thread (see ask-in-workers.ts): `ask` asks one shard of the bank's questions,
// `fit` fits boosted trees on given rows. In dist/ it imports the compiled modules next to it; from src/ (tests, tsx)
// loader hooks do not reach worker threads, so it registers tsx.
import fs from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';

const fromDist = fs.existsSync(new URL('./train.js', import.meta.url));
if (!fromDist) (await import('tsx/esm/api')).register();
/** A sibling module of this folder or of src/retrieval, as compiled (dist/) or as source. */
const load = (rel) => import(new URL(fromDist ? rel.replace(/\.ts$/, '.js') : rel, import.meta.url).href);

async function ask({ dir, manifest, corpusDir, dimensions, opts, shard }) {
  const [{ loadParts, createAnalyzer }, { Retriever }, { HashedNgramEmbedder }, { askBank }] = await Promise.all([
    load('../../retrieval/index-store.ts'),
    load('../../retrieval/retriever.ts'),
    load('../../retrieval/embedders/hashed.ts'),
    load('./train.ts'),
  ]);
  const index = loadParts(dir, manifest);
  const retriever = new Retriever(index, createAnalyzer(corpusDir), new HashedNgramEmbedder(dimensions));
  return { asked: await askBank(retriever, index, opts, (done) => parentPort.postMessage({ done }), shard) };
}

async function fitModels({ features, sets, boost }) {
  const { trainBoosted } = await load('./boosted.ts');
  return { models: sets.map((s) => trainBoosted(features, s.rows, s.labels, boost)) };
}

try {
  parentPort.postMessage(await (workerData.task === 'fit' ? fitModels(workerData) : ask(workerData)));
} catch (err) {
  parentPort.postMessage({ error: err instanceof Error ? err.message : String(err) });
}
