/**
 * Measures HNSW settings on real questions at scale, to choose M / efConstruction / ef in
 * src/retrieval/vector-index.ts: builds the scale corpus's passages and vectors once (no decision training), then
 * for each setting builds a graph and reports tie-aware recall@50 against exact search, search p95 and build time.
 * Usage: npx tsx bench/hnsw-sweep.ts [M:efC:ef …]     (default: a small grid)
 */
import hnswlib from 'hnswlib-node';
import { HashedNgramEmbedder } from '../src/retrieval/embedders/index.ts';
import { buildIndexFiles, currentIndexDir, readManifest, readVectorRows } from '../src/retrieval/index-store.ts';
import { allScores, defaultInputs, formatTable, importLaws, latencySummary, loadEvalStream, recallOf, RECALL_K } from './lib/index.ts';
import { createWorkspace, prepareDefaultCorpus } from './scenarios/workspace.ts';

const GRID = ['16:100:150', '16:200:150', '32:100:150', '16:100:300', '32:200:300'];

const ws = createWorkspace();
try {
  const inputs = defaultInputs();
  prepareDefaultCorpus(ws, inputs);
  importLaws(ws.corpusDir, inputs.lawsDir);
  const embedder = new HashedNgramEmbedder();
  await buildIndexFiles(ws.corpusDir, ws.config.indexDir, embedder, {});
  const dir = currentIndexDir(ws.config.indexDir)!;
  const { dimensions: dims, chunkCount: count } = readManifest(dir);
  const matrix = readVectorRows(dir);
  const questions = loadEvalStream(inputs.evalFiles).map((q) => q.q);
  const queries = await Promise.all(questions.map((q) => embedder.embedQuery(q)));
  const exact = queries.map((v) => allScores(matrix, dims, v));
  process.stderr.write(`hnsw-sweep: ${count} passages, ${dims} dimensions, ${questions.length} questions\n`);

  const rows: string[][] = [];
  // One graph per M:efConstruction; settings that differ only in ef search the same graph.
  const graphs = new Map<string, { hnsw: InstanceType<typeof hnswlib.HierarchicalNSW>; buildSec: number }>();
  for (const setting of process.argv.slice(2).length ? process.argv.slice(2) : GRID) {
    const [m, efC, ef] = setting.split(':').map(Number);
    if (m === undefined || efC === undefined || ef === undefined) throw new Error(`hnsw-sweep: setting ${setting} is not M:efConstruction:ef`);
    const key = `${m}:${efC}`;
    let graph = graphs.get(key);
    if (!graph) {
      const started = performance.now();
      const hnsw = new hnswlib.HierarchicalNSW('ip', dims);
      hnsw.initIndex({ maxElements: count, m, efConstruction: efC, randomSeed: 42 });
      for (let i = 0; i < count; i++) hnsw.addPoint(Array.from(matrix.subarray(i * dims, (i + 1) * dims)), i);
      graph = { hnsw, buildSec: (performance.now() - started) / 1000 };
      graphs.set(key, graph);
    }
    graph.hnsw.setEf(ef);
    const recalls: number[] = [];
    const ms: number[] = [];
    queries.forEach((v, qi) => {
      const scores = exact[qi]!; // one score row per query
      const t = performance.now();
      const { neighbors } = graph.hnsw.searchKnn(Array.from(v), RECALL_K);
      ms.push(performance.now() - t);
      recalls.push(recallOf(neighbors, scores, RECALL_K).recall);
    });
    const mean = recalls.reduce((a, b) => a + b, 0) / recalls.length;
    rows.push([`${m}`, `${efC}`, `${ef}`, mean.toFixed(3), Math.min(...recalls).toFixed(2), latencySummary(ms).p95.toFixed(2), graph.buildSec.toFixed(1)]);
    process.stderr.write(`hnsw-sweep: ${setting} recall ${mean.toFixed(3)} search p95 ${latencySummary(ms).p95.toFixed(2)} ms\n`);
  }
  // Exact search in plain JavaScript over the same vectors, for comparison.
  const exactMs = queries.slice(0, 200).map((v) => {
    const t = performance.now();
    allScores(matrix, dims, v);
    return performance.now() - t;
  });
  rows.push(['exact', '—', '—', '1.000', '1.00', latencySummary(exactMs).p95.toFixed(2), '0']);
  process.stdout.write(`${formatTable(rows, ['M', 'efConstruction', 'ef', 'recall@50', 'min recall', 'search p95 ms', 'graph build s'])}\n`);
} finally {
  ws.dispose();
}
