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
      for (const [id, n] of tf) perTerm[id].push(doc, n);
    });
    const offsets = new Int32Array(perTerm.length + 1);
    let total = 0;
    perTerm.forEach((p, i) => {
      offsets[i] = total;
      total += p.length;
    });
    offsets[perTerm.length] = total;
    const postings = new Int32Array(total);
    perTerm.forEach((p, i) => postings.set(p, offsets[i]));
    const avg = docs.length ? docLengths.reduce((a, b) => a + b, 0) / docs.length : 0;
    return new Bm25Index(termIds, offsets, postings, docLengths, avg || 1);
  }

  /** Number of passages containing the term. */
  documentFrequency(term: string): number {
    const id = this.termIds.get(term);
    return id === undefined ? 0 : (this.offsets[id + 1] - this.offsets[id]) / 2;
  }

  /** Inverse document frequency (BM25+ style, always positive); unseen terms get the highest value. */
  idf(term: string): number {
    const df = this.documentFrequency(term);
    const n = this.size;
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  }

  /** Scores every passage that shares a term with the query and returns the best `limit`. */
  search(queryTerms: string[], limit: number): Hit[] {
    const scores = new Float32Array(this.size);
    const touched: number[] = [];
    const qtf = new Map<string, number>();
    for (const t of queryTerms) qtf.set(t, (qtf.get(t) ?? 0) + 1);
    for (const [term, count] of qtf) {
      const id = this.termIds.get(term);
      if (id === undefined) continue;
      const idf = this.idf(term);
      for (let p = this.offsets[id]; p < this.offsets[id + 1]; p += 2) {
        const doc = this.postings[p];
        const tf = this.postings[p + 1];
        const norm = tf + K1 * (1 - B + (B * this.docLengths[doc]) / this.avgLength);
        if (scores[doc] === 0) touched.push(doc);
        scores[doc] += count * idf * ((tf * (K1 + 1)) / norm);
      }
    }
    return touched
      .map((index) => ({ index, score: scores[index] }))
      .sort((a, b) => b.score - a.score)
      .slice(0, limit);
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
    const offsets = ints.slice(2, 2 + nOffsets);
    const postings = ints.slice(2 + nOffsets, 2 + nOffsets + nPostings);
    return new Bm25Index(new Map(meta.terms.map((t, i) => [t, i])), offsets, postings, Float32Array.from(meta.docLengths), meta.avgLength);
  }
}
