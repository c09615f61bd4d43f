/**
 * A compact BM25 index: postings packed into typed arrays so that the
 * 830-law scale corpus loads fast and fits in memory, and saves as two files.
 */
import fs from 'node:fs';
import path from 'node:path';

const K1 = 1.2;
const B = 0.75;

export interface Hit {
  index: number;
  score: number;
}

export class Bm25Index {
  /** Per-passage score accumulator and the passages it touched, allocated on the first search and reused. */
  private scores: Float32Array | null = null;
  private touched: Int32Array | null = null;

  private constructor(
    private readonly termIds: Map<string, number>,
    /** postings of term t: pairs (doc, tf) in `postings[offsets[t] .. offsets[t+1])`. */
    private readonly offsets: Int32Array,
    private readonly postings: Int32Array,
    private readonly docLengths: Float32Array,
    private readonly avgLength: number,
  ) {}

  get size(): number {
    return this.docLengths.length;
  }

  /** Builds the index from each passage's terms (repeated terms count as term frequency). */
  static build(docs: string[][]): Bm25Index {
    const termIds = new Map<string, number>();
    const perTerm: number[][] = [];
    const docLengths = new Float32Array(docs.length);
    docs.forEach((terms, doc) => {
      docLengths[doc] = terms.length;
      const tf = new Map<number, number>();
      for (const term of terms) {
        let id = termIds.get(term);
        if (id === undefined) {
          id = perTerm.length;
          termIds.set(term, id);
          perTerm.push([]);
        }
        tf.set(id, (tf.get(id) ?? 0) + 1);
      }
      for (const [id, n] of tf) perTerm[id]!.push(doc, n);
    });
    const offsets = new Int32Array(perTerm.length + 1);
    let total = 0;
    perTerm.forEach((p, i) => {
      offsets[i] = total;
      total += p.length;
    });
    offsets[perTerm.length] = total;
    const postings = new Int32Array(total);
    perTerm.forEach((p, i) => {
      postings.set(p, offsets[i]);
    });
    const avg = docs.length ? docLengths.reduce((a, b) => a + b, 0) / docs.length : 0;
    return new Bm25Index(termIds, offsets, postings, docLengths, avg || 1);
  }

  /** Number of passages containing the term. */
  documentFrequency(term: string): number {
    const id = this.termIds.get(term);
    return id === undefined ? 0 : (this.offsets[id + 1]! - this.offsets[id]!) / 2;
  }

  /** Inverse document frequency (BM25+ style, always positive); unseen terms get the highest value. */
  idf(term: string): number {
    const df = this.documentFrequency(term);
    const n = this.size;
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  }

  /**
   * Scores every passage that shares a term with the query and returns the best `limit`, by descending score and,
   * for equal scores, ascending passage index (so the order never depends on the order terms were visited).
   * Not re-entrant: one score buffer is reused across calls, which is safe because a search runs synchronously.
   */
  search(queryTerms: string[], limit: number): Hit[] {
    this.scores ??= new Float32Array(this.size);
    this.touched ??= new Int32Array(this.size);
    const scores = this.scores;
    const touched = this.touched;
    let touchedCount = 0;
    const qtf = new Map<string, number>();
    for (const t of queryTerms) qtf.set(t, (qtf.get(t) ?? 0) + 1);
    for (const [term, count] of qtf) {
      const id = this.termIds.get(term);
      if (id === undefined) continue;
      const idf = this.idf(term);
      // Term ids, postings and document numbers were all written by build(), so every lookup below is in range.
      const end = this.offsets[id + 1]!;
      for (let p = this.offsets[id]!; p < end; p += 2) {
        const doc = this.postings[p]!;
        const tf = this.postings[p + 1]!;
        const norm = tf + K1 * (1 - B + (B * this.docLengths[doc]!) / this.avgLength);
        if (scores[doc] === 0) touched[touchedCount++] = doc;
        scores[doc]! += count * idf * ((tf * (K1 + 1)) / norm);
      }
    }
    const best = topK(scores, touched, touchedCount, Math.floor(limit));
    const hits = best.map((index) => ({ index, score: scores[index]! }));
    // Only the touched entries are non-zero: resetting them leaves the buffer clean for the next query.
    for (let i = 0; i < touchedCount; i++) scores[touched[i]!] = 0;
    return hits;
  }

  /** Saves into `dir` as `bm25.json` (terms, lengths) and `bm25.bin` (offsets + postings). */
  save(dir: string): void {
    const meta = { terms: [...this.termIds.keys()], avgLength: this.avgLength, docLengths: Array.from(this.docLengths) };
    fs.writeFileSync(path.join(dir, 'bm25.json'), JSON.stringify(meta));
    const header = new Int32Array([this.offsets.length, this.postings.length]);
    fs.writeFileSync(path.join(dir, 'bm25.bin'), Buffer.concat([header, this.offsets, this.postings].map((a) => Buffer.from(a.buffer, a.byteOffset, a.byteLength))));
  }

  static load(dir: string): Bm25Index {
    const meta = JSON.parse(fs.readFileSync(path.join(dir, 'bm25.json'), 'utf8')) as { terms: string[]; avgLength: number; docLengths: number[] };
    const buf = fs.readFileSync(path.join(dir, 'bm25.bin'));
    const ints = new Int32Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength));
    const [nOffsets, nPostings] = [ints[0], ints[1]];
    if (nOffsets === undefined || nPostings === undefined) throw new Error(`${path.join(dir, 'bm25.bin')} is truncated: no header`);
    const offsets = ints.slice(2, 2 + nOffsets);
    const postings = ints.slice(2 + nOffsets, 2 + nOffsets + nPostings);
    return new Bm25Index(new Map(meta.terms.map((t, i) => [t, i])), offsets, postings, Float32Array.from(meta.docLengths), meta.avgLength);
  }
}

/** True when passage `a` ranks before passage `b`: higher score, then lower index. */
function ranksBefore(scores: Float32Array, a: number, b: number): boolean {
  const sa = scores[a]!;
  const sb = scores[b]!;
  return sa > sb || (sa === sb && a < b);
}

/**
 * The `k` best of `candidates[0 .. count)` in rank order, kept in a bounded heap whose root is the worst kept
 * passage: O(n log k) instead of sorting all n touched passages (common terms touch most of a large corpus).
 */
function topK(scores: Float32Array, candidates: Int32Array, count: number, k: number): number[] {
  if (k <= 0 || count === 0) return [];
  const heap: number[] = [];
  // Heap positions passed to worse/swap are always below heap.length.
  const worse = (i: number, j: number) => ranksBefore(scores, heap[j]!, heap[i]!);
  const swap = (i: number, j: number) => {
    const tmp = heap[i]!;
    heap[i] = heap[j]!;
    heap[j] = tmp;
  };
  const siftUp = (i: number) => {
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!worse(i, parent)) return;
      swap(i, parent);
      i = parent;
    }
  };
  const siftDown = (i: number) => {
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let worst = i;
      if (left < heap.length && worse(left, worst)) worst = left;
      if (right < heap.length && worse(right, worst)) worst = right;
      if (worst === i) return;
      swap(i, worst);
      i = worst;
    }
  };
  for (let c = 0; c < count; c++) {
    const doc = candidates[c]!;
    if (heap.length < k) {
      heap.push(doc);
      siftUp(heap.length - 1);
    } else if (ranksBefore(scores, doc, heap[0]!)) {
      heap[0] = doc;
      siftDown(0);
    }
  }
  return heap.sort((a, b) => (ranksBefore(scores, a, b) ? -1 : ranksBefore(scores, b, a) ? 1 : 0));
}
