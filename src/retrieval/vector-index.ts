/**
 * Approximate nearest-neighbour search over passage vectors with hnswlib
 * (inner product on unit vectors = cosine similarity).
 */
import hnswlib from 'hnswlib-node';

const { HierarchicalNSW } = hnswlib;

/**
 * Graph and search breadth, measured with `npx tsx bench/hnsw-sweep.ts` on the scale corpus (38,959 passages,
 * 512 dimensions) with the 854 evaluation questions as queries, recall@50 against exact search (a passage tied
 * with the 50th exact score counts as found): ef 150 found 0.745 of the true neighbours (M 32: 0.780; efConstruction
 * 200: 0.766); ef 600 0.919; ef 1000 0.958 at 11.8 ms p95 a search (load average 4.5 on 2 cores); ef 2000 0.988 at
 * 16.6 ms; M 32 with ef 1000 0.971 at 16.7 ms. The questions' hashed n-gram vectors are flat, so a wider search is
 * what helps, not a denser graph. Exact search in JavaScript took 189 ms p95, too slow at this size; below about a
 * thousand passages ef already covers the whole index, so small corpora are searched exhaustively anyway.
 * The scale bench (`npm run bench -- --only scale`) with ef 150 → 1000: engine p50 10.1 → 16.3 ms, p95 16.4 → 23.0 ms
 * (target 50), index build 135 → 215 s (the decision's training searches too), sealed-set quality unchanged
 * (325/399 answerable right, 6/97 out of scope answered).
 */
const M = 16;
const EF_CONSTRUCTION = 100;
const MIN_EF = 1000;

export class VectorIndex {
  private constructor(private readonly hnsw: InstanceType<typeof HierarchicalNSW>, readonly count: number) {}

  /** Builds the graph; label i is passage i. */
  static build(vectors: Float32Array[], dimensions: number): VectorIndex {
    const hnsw = new HierarchicalNSW('ip', dimensions);
    hnsw.initIndex({ maxElements: Math.max(1, vectors.length), m: M, efConstruction: EF_CONSTRUCTION, randomSeed: 42 });
    vectors.forEach((v, i) => {
      hnsw.addPoint(Array.from(v), i);
    });
    return new VectorIndex(hnsw, vectors.length);
  }

  static load(file: string, dimensions: number, count: number): VectorIndex {
    const hnsw = new HierarchicalNSW('ip', dimensions);
    hnsw.readIndexSync(file);
    return new VectorIndex(hnsw, count);
  }

  save(file: string): void {
    this.hnsw.writeIndexSync(file);
  }

  /** The `limit` nearest passages with their cosine similarity. */
  search(query: Float32Array, limit: number): { index: number; score: number }[] {
    const k = Math.min(limit, this.count);
    if (k === 0) return [];
    this.hnsw.setEf(Math.max(MIN_EF, k * 3));
    const { neighbors, distances } = this.hnsw.searchKnn(Array.from(query), k);
    return neighbors.map((index, i) => ({ index, score: 1 - distances[i]! }));
  }
}
