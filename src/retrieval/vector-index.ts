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
 * The vectors are kept in memory beside the graph (80 MB at that scale) for {@link VectorIndex.searchWithin}: the
 * sentences of a multi-sentence question searched among the whole question's passages took the scale's engine p95
 * from 58.5 to 39.5 ms on the 473 development questions (the engine alone, one pass).
 */
const M = 16;
const EF_CONSTRUCTION = 100;
const MIN_EF = 1000;

export class VectorIndex {
  /** undefined until first read; null when they could not be read (the version's folder already pruned). */
  private rowsRead: Float32Array | null | undefined;

  private constructor(
    private readonly hnsw: InstanceType<typeof HierarchicalNSW>,
    /**
     * The vectors themselves, row i passage i (the graph's copy cannot be read back cheaply), read on first use: the
     * training threads, which never search within a pool, do not hold them.
     */
    private readonly readRows: () => Float32Array,
    private readonly dimensions: number,
    readonly count: number,
  ) {}

  private get rows(): Float32Array | null {
    if (this.rowsRead === undefined) {
      try {
        this.rowsRead = this.readRows();
      } catch {
        this.rowsRead = null;
      }
    }
    return this.rowsRead;
  }

  /** Builds the graph over `rows` (count × dimensions, row-major); label i is passage i. */
  static build(rows: Float32Array, dimensions: number): VectorIndex {
    const count = rows.length / dimensions;
    const hnsw = new HierarchicalNSW('ip', dimensions);
    hnsw.initIndex({ maxElements: Math.max(1, count), m: M, efConstruction: EF_CONSTRUCTION, randomSeed: 42 });
    for (let i = 0; i < count; i++) hnsw.addPoint(Array.from(rows.subarray(i * dimensions, (i + 1) * dimensions)), i);
    return new VectorIndex(hnsw, () => rows, dimensions, count);
  }

  /** Loads a graph saved by {@link save}; `readRows` reads the vectors it was built from when they are first needed. */
  static load(graphFile: string, readRows: () => Float32Array, dimensions: number, count: number): VectorIndex {
    const hnsw = new HierarchicalNSW('ip', dimensions);
    hnsw.readIndexSync(graphFile);
    return new VectorIndex(hnsw, readRows, dimensions, count);
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

  /**
   * The `limit` nearest among the given passages only, searched exactly: for a query whose neighbours are already
   * known to lie in a small pool (a sentence of a question whose whole was just searched), a few hundred inner
   * products instead of a graph search. Ties in pool order. Falls back to {@link search} when the vectors cannot be read.
   */
  searchWithin(query: Float32Array, pool: Iterable<number>, limit: number): { index: number; score: number }[] {
    const dims = this.dimensions;
    const rows = this.rows;
    // Without the stored vectors the graph still answers, over the whole index.
    if (!rows) return this.search(query, limit);
    const scored: { index: number; score: number }[] = [];
    for (const index of pool) {
      if (index < 0 || index >= this.count) continue;
      const o = index * dims;
      let score = 0;
      // Row `index` of a count × dims matrix and a dims-long query: always in range.
      for (let d = 0; d < dims; d++) score += rows[o + d]! * query[d]!;
      scored.push({ index, score });
    }
    return scored.sort((a, b) => b.score - a.score).slice(0, limit);
  }
}
