/**
 * How many of the true nearest passages the HNSW graph finds for real questions: recall@k of the serving
 * `VectorIndex.search` against exact (brute-force inner product) search over the same stored vectors.
 */
import path from 'node:path';
import type { Embedder } from '../../src/retrieval/embedders/index.ts';
import { currentIndexDir, readManifest, readVectorRows } from '../../src/retrieval/index-store.ts';
import { VectorIndex } from '../../src/retrieval/vector-index.ts';
import { latencySummary } from './stats.ts';

/** The retriever's dense candidate count (CANDIDATES in src/retrieval/retriever.ts). */
export const RECALL_K = 50;

export interface RecallReport {
  k: number;
  passages: number;
  questions: number;
  /**
   * Mean over questions of the share of the k results the graph returns whose exact score reaches the k-th best exact
   * score: a passage tied with the k-th is as right as it (short questions tie many passages at the cut).
   */
  recall: number;
  /** The same with the exact top-k taken literally (|approximate ∩ exact| / k; ties broken by passage order). */
  strictRecall: number;
  /** The lowest recall of one question. */
  minRecall: number;
  searchP95Ms: number;
  exactP95Ms: number;
}

/** Inner product of `query` with every row of row-major `matrix` (count × dims). */
export function allScores(matrix: Float32Array, dims: number, query: Float32Array): Float32Array {
  const count = matrix.length / dims;
  const scores = new Float32Array(count);
  for (let i = 0; i < count; i++) {
    let s = 0;
    const o = i * dims;
    // Row i of a count × dims matrix and a dims-long query: always in range.
    for (let d = 0; d < dims; d++) s += matrix[o + d]! * query[d]!;
    scores[i] = s;
  }
  return scores;
}

/** Exact top-k by inner product over row-major `matrix` (count × dims); ties in passage order. */
export function exactTopK(matrix: Float32Array, dims: number, query: Float32Array, k: number): number[] {
  return topOf(allScores(matrix, dims, query), k);
}

function topOf(scores: Float32Array, k: number): number[] {
  const order = Array.from({ length: scores.length }, (_, i) => i);
  order.sort((a, b) => scores[b]! - scores[a]! || a - b);
  return order.slice(0, k);
}

/** Slack for float rounding between hnswlib's distances and this exact scoring. */
const TIE_EPSILON = 1e-5;

/** Tie-aware and strict recall of `approx` against the exact scores. */
export function recallOf(approx: number[], scores: Float32Array, k: number): { recall: number; strict: number } {
  const exact = topOf(scores, k);
  const last = exact.at(-1);
  const kth = last === undefined ? Number.NaN : scores[last]!;
  const exactSet = new Set(exact);
  const good = approx.filter((i) => (scores[i] ?? Number.NaN) >= kth - TIE_EPSILON).length;
  return { recall: Math.min(1, good / k), strict: approx.filter((i) => exactSet.has(i)).length / k };
}

/** Measures recall@k of the current index version's vectors for `questions` embedded as queries. */
export async function measureRecall(indexDir: string, embedder: Embedder, questions: string[], k = RECALL_K): Promise<RecallReport> {
  const dir = currentIndexDir(indexDir);
  if (!dir) throw new Error('no index to measure recall on');
  const manifest = readManifest(dir);
  const file = path.join(dir, 'vectors.hnsw');
  const dims = manifest.dimensions;
  const count = manifest.chunkCount;
  // The stored vectors (the build keeps them beside the graph for incremental rebuilds), for the exact search.
  const matrix = readVectorRows(dir);
  const index = VectorIndex.load(file, () => matrix, dims, count);

  const recalls: number[] = [];
  const stricts: number[] = [];
  const searchMs: number[] = [];
  const exactMs: number[] = [];
  const top = Math.min(k, count);
  for (const q of questions) {
    const v = await embedder.embedQuery(q);
    let t = performance.now();
    const approx = index.search(v, top).map((h) => h.index);
    searchMs.push(performance.now() - t);
    t = performance.now();
    const scores = allScores(matrix, dims, v);
    exactMs.push(performance.now() - t);
    const r = recallOf(approx, scores, top);
    recalls.push(r.recall);
    stricts.push(r.strict);
  }
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
  return {
    k: top,
    passages: count,
    questions: questions.length,
    recall: mean(recalls),
    strictRecall: mean(stricts),
    minRecall: Math.min(...recalls),
    searchP95Ms: latencySummary(searchMs).p95,
    exactP95Ms: latencySummary(exactMs).p95,
  };
}
